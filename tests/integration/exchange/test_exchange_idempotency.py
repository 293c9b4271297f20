"""An Idempotency-Key on the exchange's filings: a retry gets the first answer again and
files nothing twice; the key sent again with another message is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from smartcustoms.declarations.models import Declaration
from smartcustoms.declarations.schemas import DeclarationFiling
from smartcustoms.exchange import wco
from support import Users, import_payload

pytestmark = [
    pytest.mark.release_held,
    pytest.mark.filterwarnings("ignore::pydifact.exceptions.MissingImplementationWarning"),
]

FIXTURES = Path(__file__).parents[2] / "fixtures" / "exchange"
XML = {"Content-Type": "application/xml"}
EDI = {"Content-Type": "application/EDIFACT"}


def _declarations(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Declaration)) or 0)


def _xml(**overrides: object) -> bytes:
    data = DeclarationFiling.model_validate(import_payload(**overrides)).model_dump(mode="json")
    return wco.write(data, direction="import")


def test_an_xml_filing_sent_twice_with_one_key_is_filed_once(
    app_client: TestClient, users: Users, session: Session
) -> None:
    headers = {**users.headers("lan"), **XML, "Idempotency-Key": "wco-retry-0001"}
    before = _declarations(session)
    xml = _xml()

    first = app_client.post("/api/v1/exchange/wco/declarations", content=xml, headers=headers)
    again = app_client.post("/api/v1/exchange/wco/declarations", content=xml, headers=headers)

    assert first.status_code == 201, first.text
    assert again.status_code == 201, again.text
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert _declarations(session) == before + 1

    other = app_client.post(
        "/api/v1/exchange/wco/declarations",
        content=_xml(invoice_number="INV-OTHER-1"),
        headers=headers,
    )
    assert other.status_code == 422, other.text
    assert other.json()["code"] == "idempotency_key_reused"
    assert _declarations(session) == before + 1


def test_a_cusdec_sent_twice_with_one_key_is_filed_once_and_answered_by_the_same_cusres(
    app_client: TestClient, users: Users, session: Session
) -> None:
    headers = {**users.headers("lan"), **EDI, "Idempotency-Key": "cusdec-retry-0001"}
    cusdec = (FIXTURES / "cusdec_import_2_items.edi").read_bytes()
    before = _declarations(session)

    first = app_client.post("/api/v1/exchange/edifact/cusdec", content=cusdec, headers=headers)
    again = app_client.post("/api/v1/exchange/edifact/cusdec", content=cusdec, headers=headers)

    assert first.status_code == 201, first.text
    assert again.status_code == 201, again.text
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["content-type"].startswith("application/EDIFACT")
    assert again.text == first.text  # the same CUSRES: number, channel, control reference
    assert _declarations(session) == before + 1


def test_a_refused_cusdec_keeps_no_answer_and_is_refused_again(
    app_client: TestClient, users: Users, session: Session
) -> None:
    headers = {**users.headers("lan"), **EDI, "Idempotency-Key": "cusdec-refused-0001"}
    cusdec = (FIXTURES / "cusdec_unknown_hs_code.edi").read_bytes()
    before = _declarations(session)

    first = app_client.post("/api/v1/exchange/edifact/cusdec", content=cusdec, headers=headers)
    again = app_client.post("/api/v1/exchange/edifact/cusdec", content=cusdec, headers=headers)

    assert first.status_code == 200, first.text
    assert again.status_code == 200, again.text
    assert "Idempotent-Replayed" not in again.headers
    assert _declarations(session) == before
