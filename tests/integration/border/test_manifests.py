"""Cargo reports filed through the API (JSON and CUSCAR): deadlines, a reused bill refused,
pre-arrival risk, declarations linked with their discrepancies passed to risk."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from border_support import BASE, CONTAINER, manifest_payload
from risk_support import Desk as RiskDesk
from smartcustoms.border import repository as border_repository
from smartcustoms.border.models import Manifest, ManifestLine
from smartcustoms.risk.models import RiskDecision
from support import TEST_NOW, Users, import_payload

CUSCAR = (Path(__file__).parents[2] / "data" / "border" / "cuscar.edi").read_text()


def _manifests(session: Session) -> int:
    return int(session.scalar(select(func.count(Manifest.id))) or 0)


def test_a_carrier_files_a_sea_manifest_on_time(app_client: TestClient, users: Users) -> None:
    answer = app_client.post(
        f"{BASE}/manifests", json=manifest_payload(), headers=users.headers("binh")
    )

    assert answer.status_code == 201, answer.text
    filed = answer.json()
    assert filed["late"] is False
    # A 7-day voyage: due 24 hours before arrival.
    assert filed["deadline_at"] == (TEST_NOW + timedelta(days=1)).isoformat().replace("+00:00", "Z")
    assert filed["lines"][0]["containers"][0]["number"] == CONTAINER
    assert filed["lines"][0]["risk_channel"] in ("green", "yellow", "red")


def test_a_short_voyage_filed_within_12_hours_of_arrival_is_flagged_late(
    app_client: TestClient, users: Users
) -> None:
    answer = app_client.post(
        f"{BASE}/manifests",
        json=manifest_payload(
            departure_at=(TEST_NOW - timedelta(days=1)).isoformat(),
            arrival_at=(TEST_NOW + timedelta(hours=11)).isoformat(),
        ),
        headers=users.headers("binh"),
    )

    assert answer.status_code == 201, answer.text
    assert answer.json()["late"] is True


def test_a_manifest_reusing_a_bill_of_lading_number_is_refused_and_nothing_is_written(
    app_client: TestClient, users: Users, session: Session
) -> None:
    binh = users.headers("binh")
    assert (
        app_client.post(f"{BASE}/manifests", json=manifest_payload(), headers=binh).status_code
        == 201
    )
    before = _manifests(session)

    again = manifest_payload(voyage="V2612N")
    again["lines"][0]["document_number"] = "hasl c01240012345"  # same number, other spelling
    again["lines"][0]["containers"] = []
    answer = app_client.post(
        f"{BASE}/manifests", json=again, headers={**binh, "Accept-Language": "vi"}
    )

    assert answer.status_code == 409
    problem = answer.json()
    assert problem["code"] == "document_reused"
    assert "Vận đơn HASLC01240012345 đã được khai" in problem["detail"]
    assert _manifests(session) == before


def test_a_bill_reported_by_a_racing_manifest_is_refused_as_reused_not_as_a_crash(
    app_client: TestClient, users: Users, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    binh = users.headers("binh")
    assert (
        app_client.post(f"{BASE}/manifests", json=manifest_payload(), headers=binh).status_code
        == 201
    )
    before = _manifests(session)
    # The race's window: the other filing's bill is not yet visible when this one checks.
    monkeypatch.setattr(border_repository, "reused_documents", lambda session, keys: {})
    again = manifest_payload(voyage="V2612N")
    again["lines"][0]["containers"] = []

    answer = app_client.post(f"{BASE}/manifests", json=again, headers=binh)

    assert answer.status_code == 409
    assert answer.json()["code"] == "document_reused"
    assert "filed at the same moment" in answer.json()["detail"]
    assert _manifests(session) == before


def test_a_container_with_a_wrong_check_digit_refuses_the_manifest_with_every_error(
    app_client: TestClient, users: Users, session: Session
) -> None:
    payload = manifest_payload()
    payload["lines"][0]["containers"] = [{"number": "CSQU3054384"}]
    payload["lines"][0]["packages"] = 0

    answer = app_client.post(f"{BASE}/manifests", json=payload, headers=users.headers("binh"))

    assert answer.status_code == 422
    codes = {e["code"] for e in answer.json()["errors"]}
    assert codes == {"check_digit_wrong", "not_positive"}
    assert _manifests(session) == 0


def test_officers_cannot_file_manifests(app_client: TestClient, users: Users) -> None:
    answer = app_client.post(
        f"{BASE}/manifests", json=manifest_payload(), headers=users.headers("hoa")
    )
    assert answer.status_code == 403


def test_a_cuscar_cargo_report_is_filed_like_json(app_client: TestClient, users: Users) -> None:
    answer = app_client.post(
        f"{BASE}/manifests/cuscar",
        content=CUSCAR.encode(),
        headers={**users.headers("binh"), "Content-Type": "application/edifact"},
    )

    assert answer.status_code == 201, answer.text
    filed = answer.json()
    assert (filed["mode"], filed["transport_id"], filed["source"]) == ("sea", "9312345", "cuscar")
    line = filed["lines"][0]
    assert (line["document_number"], line["packages"], line["gross_weight"]) == (
        "HASLC01240012345",
        40,
        "820.5",
    )
    assert line["containers"][0] == {
        "number": CONTAINER,
        "seal": "SL123456",
        "gated_in_at": None,
        "gated_out_at": None,
    }


def test_a_cuscar_with_a_wrong_control_count_is_refused_with_its_segment(
    app_client: TestClient, users: Users, session: Session
) -> None:
    broken = CUSCAR.replace("UNT+18+1", "UNT+17+1")
    answer = app_client.post(
        f"{BASE}/manifests/cuscar",
        content=broken.encode(),
        headers={**users.headers("binh"), "Content-Type": "application/edifact"},
    )

    assert answer.status_code == 422
    assert answer.json()["errors"][0]["code"] == "control_count"
    assert _manifests(session) == 0


def test_a_declaration_differing_from_its_manifest_gives_risk_the_discrepancies(
    app_client: TestClient, users: Users, session: Session
) -> None:
    RiskDesk(app_client, users).without_random_selection()
    filed = app_client.post(
        f"{BASE}/manifests", json=manifest_payload(), headers=users.headers("binh")
    )
    assert filed.status_code == 201, filed.text

    declared = app_client.post(
        "/api/v1/declarations/submit",
        json=import_payload(packages=41, gross_weight="900"),
        headers=users.headers("lan"),
    )

    assert declared.status_code == 201, declared.text
    declaration_id = declared.json()["declaration"]["id"]
    manifest = app_client.get(
        f"{BASE}/manifests/{filed.json()['id']}", headers=users.headers("binh")
    ).json()
    assert manifest["lines"][0]["declarations"] == [
        {"declaration_id": declaration_id, "discrepancies": ["weight", "packages"], "late": False}
    ]
    decision = session.scalars(
        select(RiskDecision).where(RiskDecision.declaration_id == declaration_id)
    ).one()
    assert decision.facts["discrepancies"] == ["weight", "packages"]


def test_a_bill_the_rules_in_force_select_is_on_the_hold_list_before_arrival(
    app_client: TestClient, users: Users, session: Session
) -> None:
    risk = RiskDesk(app_client, users)
    risk.without_random_selection()
    risk.rule(code="PHONES-CN", criteria={"hs_prefixes": ["8517"]}, forced_channel="red")

    filed = app_client.post(
        f"{BASE}/manifests", json=manifest_payload(), headers=users.headers("binh")
    )

    assert filed.json()["lines"][0]["risk_channel"] == "red"
    holds = app_client.get(f"{BASE}/pre-arrival/holds", headers=users.headers("hoa")).json()
    assert [h["document_number"] for h in holds] == ["HASLC01240012345"]
    # Another office's officer does not see it.
    assert app_client.get(f"{BASE}/pre-arrival/holds", headers=users.headers("tuan")).json() == []
    line = session.scalars(select(ManifestLine)).one()
    assert line.risk_channel == "red"


def test_a_rule_on_discrepancies_sends_a_differing_declaration_to_red(
    app_client: TestClient, users: Users
) -> None:
    risk = RiskDesk(app_client, users)
    risk.without_random_selection()
    risk.rule(code="MANIFEST-WEIGHT", criteria={"discrepancies": ["weight"]}, forced_channel="red")
    app_client.post(f"{BASE}/manifests", json=manifest_payload(), headers=users.headers("binh"))

    same = risk.file(invoice_number="INV-SAME")["declaration"]
    heavier = app_client.post(
        "/api/v1/declarations/submit",
        json=import_payload(gross_weight="1000", transport_document="HASLC01240012345"),
        headers=users.headers("lan"),
    ).json()["declaration"]

    assert risk.decision("hoa", same["id"]).json()["channel"] == "green"
    assert risk.decision("hoa", heavier["id"]).json()["channel"] == "red"


def test_a_cuscar_with_content_errors_is_refused_at_its_segments_and_nothing_is_written(
    app_client: TestClient, users: Users, session: Session
) -> None:
    broken = Path(__file__).parents[2] / "data" / "border" / "cuscar_content_errors.edi"
    answer = app_client.post(
        f"{BASE}/manifests/cuscar",
        content=broken.read_bytes(),
        headers={**users.headers("binh"), "Content-Type": "application/edifact"},
    )

    assert answer.status_code == 422
    errors = answer.json()["errors"]
    assert [e["path"] for e in errors] == ["GID[12]", "PIA[14]", "EQD[17]", "EQD[24]"]
    assert "Segment EQD no. 17 (line 18): container number" in errors[2]["message"]
    assert _manifests(session) == 0
