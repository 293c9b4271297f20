"""Searching the tariff and the HS nomenclature the way users type: common words, either
language, any case, with or without diacritics, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from smartcustoms.reference import service as reference
from smartcustoms.tariff import service
from support import sign_in


def hs8s(session: Session, q: str) -> list[str]:
    return [line.hs8 for line in service.search_lines(session, q=q, limit=50)]


def hs_codes(session: Session, q: str) -> list[str]:
    return [h.code for h in reference.search_hs(session, q=q, limit=50).items]


def test_laptop_finds_the_laptop_line_and_its_subheading(session: Session) -> None:
    assert hs8s(session, "laptop")[0] == "84713020"
    assert "847130" in hs_codes(session, "laptop")
    assert "847130" in hs_codes(session, "Laptops")
    assert "847130" in hs_codes(session, "máy tính xách tay")


def test_mobile_phone_finds_the_smartphone_line_and_the_cellular_subheadings(
    session: Session,
) -> None:
    assert "85171300" in hs8s(session, "mobile phone")
    found = hs_codes(session, "mobile phone")
    assert {"851713", "851714"} <= set(found)
    assert "870323" not in found


@pytest.mark.parametrize("q", ["điện thoại", "ĐIỆN THOẠI", "dien thoai", "Dien Thoai"])
def test_vietnamese_words_match_in_any_case_with_or_without_diacritics(
    session: Session, q: str
) -> None:
    assert hs8s(session, q) == hs8s(session, "Điện thoại")
    assert "85171300" in hs8s(session, q)
    assert hs_codes(session, q) == hs_codes(session, "Điện thoại")
    assert "851713" in hs_codes(session, q)


def test_the_users_own_words_rank_before_synonyms(session: Session) -> None:
    # "điện thoại" is in the Vietnamese texts; "telephone" (its meaning) only in English ones.
    found = hs_codes(session, "điện thoại")
    own = [c for c in found if "dien thoai" in reference.get_hs_code(session, code=c).search_text]
    assert found[: len(own)] == own
    assert len(found) > len(own)  # 851718 "Telephone sets n.e.c." comes from the synonym


def test_an_exact_code_comes_before_the_codes_under_it(session: Session) -> None:
    assert hs8s(session, "8471.30")[0] == "84713020"
    assert hs_codes(session, "8517")[0] == "8517"
    assert hs_codes(session, "8517")[1:] == sorted(hs_codes(session, "8517")[1:])


def test_the_tariff_page_and_the_hs_page_find_laptop(
    app_client: TestClient, session: Session
) -> None:
    sign_in(app_client, "lan")
    tariff = app_client.get("/tariff", params={"q": "laptop", "lang": "en"})
    assert "84713020" in tariff.text
    hs = app_client.get("/hs", params={"q": "dien thoai", "lang": "vi"})
    assert "851713" in hs.text


def test_the_hs_api_finds_mobile_phones(app_client: TestClient) -> None:
    answer = app_client.get("/api/v1/reference/hs", params={"q": "mobile phones"})
    assert answer.status_code == 200
    assert "851713" in [item["code"] for item in answer.json()["items"]]
