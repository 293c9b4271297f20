"""CUSCAR cargo reports read into manifests: what pydifact leaves to us is checked here."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from smartcustoms.border.cuscar import read_cuscar
from smartcustoms.exchange.rules import MessageRefused

CUSCAR = (Path(__file__).parents[2] / "data" / "border" / "cuscar.edi").read_text()


def test_a_cargo_report_is_read_segment_by_segment() -> None:
    manifest = read_cuscar(CUSCAR)

    assert (manifest.mode, manifest.transport_id, manifest.voyage, manifest.office_code) == (
        "sea",
        "9312345",
        "V2611N",
        "03CC",
    )
    assert manifest.arrival_at.isoformat() == "2026-11-21T14:00:00+07:00"
    (line,) = manifest.lines
    assert (line.document_number, line.packages, line.gross_weight) == (
        "HASLC01240012345",
        40,
        Decimal("820.5"),
    )
    assert (line.consignee_tax_code, line.hs_code, line.origin_country) == (
        "0101234565",
        "851713",
        "CN",
    )
    assert [(c.number, c.seal) for c in line.containers] == [("CSQU3054383", "SL123456")]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (("CUSCAR:D:95B", "CUSDEC:D:96B"), "message_not_expected"),
        (("UNT+18+1", "UNT+9+1"), "control_count"),
        (("DTM+132:202611211400:203", "DTM+132:20261121:102"), "cuscar_value"),
        (("TDT+20+V2611N+1+", "TDT+20+V2611N+9+"), "cuscar_value"),
        (("GID+1+40:PK", "GID+1+forty:PK"), "cuscar_value"),
        (("LOC+22+03CC'\n", ""), "cuscar_missing"),
    ],
)
def test_a_faulty_cargo_report_is_refused_at_its_segment(
    change: tuple[str, str], code: str
) -> None:
    text = CUSCAR.replace(*change)
    if code == "cuscar_missing":
        text = text.replace("UNT+18+1", "UNT+17+1")

    with pytest.raises(MessageRefused) as refused:
        read_cuscar(text)

    assert code in {e.code for e in refused.value.errors}


def test_goods_segments_before_any_bill_are_refused() -> None:
    text = CUSCAR.replace("LOC+11+VNHPH'\n", "LOC+11+VNHPH'\nGID+1+3:PK'\n").replace(
        "UNT+18+1", "UNT+19+1"
    )
    with pytest.raises(MessageRefused) as refused:
        read_cuscar(text)
    assert [e.code for e in refused.value.errors] == ["cuscar_order"]


CONTENT_ERRORS = Path(__file__).parents[2] / "data" / "border" / "cuscar_content_errors.edi"


def test_content_errors_point_to_their_segment_not_to_a_json_path() -> None:
    with pytest.raises(MessageRefused) as refused:
        read_cuscar(CONTENT_ERRORS.read_text())

    found = [(e.path, e.code) for e in refused.value.errors]
    assert found == [
        ("GID[12]", "not_positive"),
        ("PIA[14]", "hs_invalid"),
        ("EQD[17]", "check_digit_wrong"),
        ("EQD[24]", "container_repeated"),
    ]
    check_digit = refused.value.errors[2]
    assert check_digit.message_en == (
        "Segment EQD no. 17 (line 18): container number: CSQU3054384: the check digit should "
        "be 3, not 4."
    )
    assert check_digit.message_vi.startswith("Phân đoạn EQD số 17 (dòng 18): Trường số container:")
    assert refused.value.details["locations"][2] == {"path": "EQD[17]", "line": 18}


def test_a_field_missing_from_a_bill_points_to_the_bill_segment() -> None:
    text = CUSCAR.replace("NAD+CN+0101234565++Cong ty A'\n", "").replace("UNT+18+1", "UNT+17+1")

    with pytest.raises(MessageRefused) as refused:
        read_cuscar(text)

    (wrong,) = refused.value.errors
    assert (wrong.path, wrong.code) == ("CNI[10]", "required")
    assert wrong.message_en.startswith("Segment CNI no. 10 (line 11): consignee's name:")


def test_a_segment_unreadable_is_not_refused_twice_for_its_content() -> None:
    text = CUSCAR.replace("GID+1+40:PK", "GID+1+forty:PK")

    with pytest.raises(MessageRefused) as refused:
        read_cuscar(text)

    assert [(e.path, e.code) for e in refused.value.errors] == [("GID[12]", "cuscar_value")]
