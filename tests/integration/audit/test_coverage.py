"""Every state-changing action appends a record: a scripted journey through the API, one
state change after another, asserting after each that the chain grew by a record of that
action, by that actor, for that enterprise (a curated table of the operations that did not
append one before; the declaration steps, payments and sign-ins have tests of their own)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from border_support import machine_user
from permits_support import PDF
from risk_support import PHONES_RED
from smartcustoms.audit import repository
from smartcustoms.audit import service as audit
from support import TEST_NOW, Users


def _pem() -> str:
    return (
        Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


@dataclass
class Journey:
    client: TestClient
    users: Users
    session: Session
    tokens: dict[str, dict[str, str]]

    def headers(self, username: str) -> dict[str, str]:
        if username not in self.tokens:
            self.tokens[username] = self.users.headers(username)
        return self.tokens[username]

    def step(
        self,
        username: str,
        call: Callable[[dict[str, str]], Any],
        action: str,
        *,
        for_enterprise: int | None = None,
    ) -> Any:
        """Run one state change; the records it appended must include `action` by the user."""
        headers = self.headers(username)  # a sign-in is a record of its own: before counting
        before = audit.chain_head(self.session).seq
        answer = call(headers)
        assert answer.status_code < 300, answer.text
        self.session.expire_all()
        new = [link.entry for link in repository.links(self.session) if link.seq > before]
        mine = [e for e in new if e.action == action]
        assert mine, f"{action} not recorded; appended: {[e.action for e in new]}"
        actor = self.users.actor(username)
        assert mine[-1].actor_id == actor.user_id
        if for_enterprise is not None:
            assert mine[-1].on_behalf_of == for_enterprise
        return answer


def test_each_state_change_of_the_journey_appends_its_record(
    app_client: TestClient, users: Users, session: Session
) -> None:
    j = Journey(app_client, users, session, {})
    c = app_client
    lan = users.actor("lan").organisation_id
    broker = users.actor("minh").organisation_id
    assert lan is not None
    assert broker is not None

    # Risk: rules, policy, priority status.
    rule = j.step(
        "hoa",
        lambda h: c.post("/api/v1/risk/rules", json=PHONES_RED, headers=h),
        "risk_rule.created",
    ).json()
    j.step(
        "son",
        lambda h: c.post(f"/api/v1/risk/rules/{rule['id']}/activate", headers=h),
        "risk_rule.activated",
    )
    j.step(
        "son",
        lambda h: c.put("/api/v1/risk/policy", json={"random_rate": 0.0}, headers=h),
        "risk_policy.changed",
    )
    j.step(
        "son",
        lambda h: c.put(f"/api/v1/risk/traders/{lan}/priority", json={"priority": True}, headers=h),
        "risk.priority_granted",
        for_enterprise=lan,
    )

    # Payments: accounts, guarantees, standing authorities, an online payment order.
    base = f"/api/v1/payments/enterprises/{lan}"
    j.step(
        "hoa",
        lambda h: c.put(
            f"{base}/accounts/deferment/limit", json={"limit_vnd": 50_000_000}, headers=h
        ),
        "account.limit_set",
        for_enterprise=lan,
    )
    j.step(
        "lan",
        lambda h: c.put(
            f"{base}/accounts/cash/warning", json={"threshold_vnd": 1_000_000}, headers=h
        ),
        "account.warning_set",
        for_enterprise=lan,
    )
    guarantee = {
        "issuer": "SAMPLE Bank",
        "reference": "BL-1",
        "amount_vnd": 10_000_000,
        "valid_from": TEST_NOW.date().isoformat(),
        "valid_to": "2099-12-31",
    }
    j.step(
        "hoa",
        lambda h: c.post(f"{base}/guarantees", json=guarantee, headers=h),
        "guarantee.recorded",
        for_enterprise=lan,
    )
    j.step(
        "lan",
        lambda h: c.post(f"{base}/authorities", json={"agent_id": broker}, headers=h),
        "payment_authority.granted",
        for_enterprise=lan,
    )
    j.step(
        "lan",
        lambda h: c.delete(f"{base}/authorities/{broker}", headers=h),
        "payment_authority.revoked",
        for_enterprise=lan,
    )

    # Documents: an upload.
    j.step(
        "lan",
        lambda h: c.post(
            "/api/v1/documents",
            headers=h,
            files={"file": ("invoice.pdf", PDF, "application/pdf")},
            data={"doc_type": "invoice", "reference": "INV-1"},
        ),
        "document.uploaded",
        for_enterprise=lan,
    )

    # Notifications: the callback endpoint set and removed.
    j.step(
        "lan",
        lambda h: c.put(
            "/api/v1/notifications/endpoint",
            json={"url": "https://hooks.example.com/sc"},
            headers=h,
        ),
        "notifications.endpoint_set",
        for_enterprise=lan,
    )
    j.step(
        "lan",
        lambda h: c.delete("/api/v1/notifications/endpoint", headers=h),
        "notifications.endpoint_removed",
        for_enterprise=lan,
    )

    # Partners: registered, then its key rotated.
    partner = {
        "name": "SAMPLE Thai Customs",
        "endpoint": "https://acdd.example.th/x",
        "public_key": _pem(),
    }
    j.step(
        "admin",
        lambda h: c.post("/api/v1/partners/TH", json=partner, headers=h),
        "partner.registered",
    )
    j.step(
        "admin",
        lambda h: c.put("/api/v1/partners/TH", json={**partner, "public_key": _pem()}, headers=h),
        "partner.updated",
    )

    # Border: a gate registered.
    machine_user(session, "gate.audit-1", TEST_NOW)
    gate = {
        "code": "AUDIT-1",
        "name": "SAMPLE gate",
        "office_code": "03CC",
        "kind": "sea",
        "lanes": 1,
        "slot_minutes": 30,
        "capacity": 1,
        "machine_username": "gate.audit-1",
    }
    j.step(
        "admin", lambda h: c.post("/api/v1/border/gates", json=gate, headers=h), "gate.registered"
    )

    # Licences (single window): the control registry.
    control = {
        "key": "FS-APPLES",
        "hs_prefix": "080810",
        "kind": "food_safety",
        "procedure": "food_safety_import",
        "agency": "VFA",
        "direction": "import",
    }
    j.step(
        "admin",
        lambda h: c.post("/api/v1/permits/registry", json=control, headers=h),
        "permit_registry.control_added",
    )

    assert audit.verify(session).broken is None
