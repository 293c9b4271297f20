"""A declaration registered before its manifest: linked when the manifest is filed, with its
discrepancies kept on the link for officers and sent to risk as an event; once, however
often the linking runs."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from border_support import BASE, CONTAINER, GateDesk, manifest_payload
from risk_support import Desk as RiskDesk
from smartcustoms.border.models import DeclarationLink, ManifestLine
from smartcustoms.border.service.linking import LATE_LINK_TOPIC, link_registered
from smartcustoms.outbox.models import OutboxEvent
from support import TEST_NOW, Users, import_payload, sign_in


def test_a_declaration_registered_before_its_manifest_is_linked_when_the_manifest_comes(
    app_client: TestClient, users: Users, session: Session, sea_gate: GateDesk
) -> None:
    RiskDesk(app_client, users).without_random_selection()
    declared = app_client.post(
        "/api/v1/declarations/submit",
        json=import_payload(packages=41, transport_document="hasl c01240012345"),
        headers=users.headers("lan"),
    )
    assert declared.status_code == 201, declared.text
    declaration_id = declared.json()["declaration"]["id"]
    assert session.scalars(select(DeclarationLink)).all() == []

    filed = app_client.post(
        f"{BASE}/manifests", json=manifest_payload(), headers=users.headers("binh")
    )

    assert filed.status_code == 201, filed.text
    assert filed.json()["lines"][0]["declarations"] == [
        {"declaration_id": declaration_id, "discrepancies": ["packages"], "late": True}
    ]
    event = session.scalars(select(OutboxEvent).where(OutboxEvent.topic == LATE_LINK_TOPIC)).one()
    assert event.payload["declaration_id"] == declaration_id
    assert event.payload["risk_discrepancies"] == ["packages"]
    # The gate now knows the bill is declared: it waits for the release, not for a declaration.
    assert sea_gate.event("in", container_number=CONTAINER).status_code == 201
    refused = sea_gate.event("out", container_number=CONTAINER)
    assert refused.status_code == 409
    assert refused.json()["reason"] == "not_released"
    # The officer of the office sees the link and what differs.
    sign_in(app_client, "hoa")
    page = app_client.get("/border/manifests", headers={"Accept-Language": "vi"})
    assert "liên kết sau khi đăng ký" in page.text
    assert "số kiện khác bản khai hàng hóa" in page.text


def test_linking_again_adds_nothing(app_client: TestClient, users: Users, session: Session) -> None:
    declared = app_client.post(
        "/api/v1/declarations/submit", json=import_payload(), headers=users.headers("lan")
    )
    assert declared.status_code == 201, declared.text
    assert (
        app_client.post(
            f"{BASE}/manifests", json=manifest_payload(), headers=users.headers("binh")
        ).status_code
        == 201
    )
    lines = list(session.scalars(select(ManifestLine)))

    assert link_registered(session, lines, TEST_NOW) == []

    links = session.scalars(select(DeclarationLink)).all()
    assert [(k.declaration_id, k.discrepancies, k.late) for k in links] == [
        (declared.json()["declaration"]["id"], [], True)
    ]


def test_a_declaration_registered_after_its_manifest_is_linked_at_registration_not_late(
    app_client: TestClient, users: Users, session: Session
) -> None:
    app_client.post(f"{BASE}/manifests", json=manifest_payload(), headers=users.headers("binh"))
    app_client.post(
        "/api/v1/declarations/submit", json=import_payload(), headers=users.headers("lan")
    )

    assert [k.late for k in session.scalars(select(DeclarationLink))] == [False]
