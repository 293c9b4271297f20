"""Searching HS codes, locations and units the way the API and the portal do."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from smartcustoms.errors import NotFound
from smartcustoms.reference import service


def codes(page: service.SearchPage[object]) -> list[str]:
    return [item.code for item in page.items]  # type: ignore[attr-defined]


def test_hs_prefix_finds_the_heading_then_its_subheadings_in_code_order(
    ref_session: Session,
) -> None:
    page = service.search_hs(ref_session, q="8703", limit=50)
    found = codes(page)
    assert found[0] == "8703"
    assert "870323" in found
    assert all(code.startswith("8703") for code in found)
    assert found == sorted(found)
    assert page.total == len(found)


@pytest.mark.parametrize("q", ["8703.23", "8703 23", " 870323 ", "8703.23.10"])
def test_hs_prefix_ignores_dots_spaces_and_national_digits(ref_session: Session, q: str) -> None:
    assert codes(service.search_hs(ref_session, q=q)) == ["870323"]


def test_hs_words_must_all_appear_in_the_description(ref_session: Session) -> None:
    page = service.search_hs(ref_session, q="motor cars", limit=100)
    assert "8703" in codes(page)
    for item in page.items:
        text = item.description.lower()
        assert "motor" in text
        assert "cars" in text


def test_hs_words_ignore_case_and_vietnamese_diacritics(ref_session: Session) -> None:
    plain = codes(service.search_hs(ref_session, q="motor cars", limit=100))
    assert codes(service.search_hs(ref_session, q="MOTOR Cars", limit=100)) == plain
    assert codes(service.search_hs(ref_session, q="mốtơr cárs", limit=100)) == plain


def test_hs_search_pages_with_limit_and_offset(ref_session: Session) -> None:
    everything = service.search_hs(ref_session, q="coffee", limit=200)
    second_page = service.search_hs(ref_session, q="coffee", limit=3, offset=3)
    assert codes(second_page) == codes(everything)[3:6]
    assert second_page.total == everything.total > 6


def test_hs_search_treats_wildcards_as_text(ref_session: Session) -> None:
    assert service.search_hs(ref_session, q="c_rs").total == 0  # "_" is not "any character"
    assert service.search_hs(ref_session, q="zzqx").items == []


def test_unknown_hs_code_is_not_found(ref_session: Session) -> None:
    with pytest.raises(NotFound):
        service.get_hs_code(ref_session, code="999999")


def test_locations_by_code_prefix_and_by_name_within_a_country(ref_session: Session) -> None:
    assert "VNHPH" in codes(service.search_locations(ref_session, q="vnhp"))
    cat_lai = service.search_locations(ref_session, q="Cát Lái", country="vn")
    # Diacritics do not matter: "Cát Lái" and the "Cat Lai Oil Port" beside it.
    assert codes(cat_lai) == ["VNCLI", "VNOCL"]
    assert codes(service.search_locations(ref_session, q="cat lai", country="VN")) == codes(cat_lai)


def test_namibia_locations_are_found_by_country(ref_session: Session) -> None:
    page = service.search_locations(ref_session, country="NA", limit=5)
    assert page.total > 0
    assert all(code.startswith("NA") for code in codes(page))


def test_units_by_code_or_name_leave_out_deleted_ones(ref_session: Session) -> None:
    assert codes(service.search_units(ref_session, q="KGM")) == ["KGM"]
    assert "KGM" in codes(service.search_units(ref_session, q="kilogram", limit=200))
    assert service.search_units(ref_session, q="05").items == []  # "lift": deleted
    assert codes(service.search_units(ref_session, q="05", active_only=False)) == ["05"]


def test_code_lists_for_forms(ref_session: Session) -> None:
    assert len(service.list_incoterms(ref_session)) == 11
    assert [m.code for m in service.list_transport_modes(ref_session)] == list("0123456789")
    assert {c.code for c in service.list_currencies(ref_session)} >= {"VND", "USD", "EUR"}
    assert "NA" in {c.code for c in service.list_countries(ref_session)}
    offices = service.list_customs_offices(ref_session)
    assert offices
    assert all(office.sample for office in offices)
    exports = service.list_declaration_types(ref_session, direction="export")
    assert "B11" in {t.code for t in exports}
    assert all(t.direction == "export" for t in exports)
    assert service.get_declaration_type(ref_session, code="a11").name_vi == (
        "Nhập kinh doanh tiêu dùng"
    )
