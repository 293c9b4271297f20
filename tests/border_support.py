"""Border test helpers: a gate with its machine account, a manifest payload."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from smartcustoms.demo import DEMO_PASSWORD
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Role
from support import TEST_NOW, Users

BASE = "/api/v1/border"
CONTAINER = "CSQU3054383"  # ISO 6346's own example: check digit 3
ENTERPRISE_A_TAX_CODE = "0101234565"


def manifest_payload(**overrides: object) -> dict[str, Any]:
    """A sea cargo report arriving in two days with the bill of `support.import_payload`."""
    payload: dict[str, Any] = {
        "mode": "sea",
        "transport_id": "9312345",
        "voyage": "V2611N",
        "office_code": "03CC",
        "departure_at": (TEST_NOW - timedelta(days=5)).isoformat(),
        "arrival_at": (TEST_NOW + timedelta(days=2)).isoformat(),
        "port_of_loading": "CNSZX",
        "port_of_discharge": "VNHPH",
        "lines": [
            {
                "document_number": "HASLC01240012345",
                "consignee_name": "Công ty TNHH Thương mại Sông Hồng",
                "consignee_tax_code": ENTERPRISE_A_TAX_CODE,
                "packages": 40,
                "gross_weight": "820.5",
                "description": "Smartphones; cotton T-shirts",
                "hs_code": "851713",
                "origin_country": "CN",
                "containers": [{"number": CONTAINER, "seal": "SL123456"}],
            }
        ],
    }
    payload.update(overrides)
    return payload


@dataclass
class GateDesk:
    client: TestClient
    users: Users
    code: str
    username: str

    @property
    def machine(self) -> dict[str, str]:
        """A fresh token of the gate's machine account (the clock may have moved)."""
        return self.users.headers(self.username)

    def event(self, direction: str, **subject: str) -> Any:
        return self.client.post(
            f"{BASE}/gates/{self.code}/{direction}", json=subject, headers=self.machine
        )

    def file(self, headers: dict[str, str], **overrides: object) -> Any:
        return self.client.post(
            f"{BASE}/manifests", json=manifest_payload(**overrides), headers=headers
        )


def machine_user(session: Session, username: str, at: datetime) -> None:
    identity.create_user(
        session,
        username=username,
        password=DEMO_PASSWORD,
        full_name=f"Gate system {username}",
        role=Role.GATE_SYSTEM,
        organisation_id=None,
        at=at,
    )
    session.commit()


def open_gate(
    client: TestClient,
    users: Users,
    session: Session,
    *,
    code: str = "HP-GATE-1",
    kind: str = "sea",
    office_code: str = "03CC",
    lanes: int = 2,
    capacity: int = 2,
) -> GateDesk:
    username = f"gate.{code.lower()}"
    machine_user(session, username, TEST_NOW)
    answer = client.post(
        f"{BASE}/gates",
        json={
            "code": code,
            "name": f"Gate {code}",
            "office_code": office_code,
            "kind": kind,
            "lanes": lanes,
            "slot_minutes": 30,
            "capacity": capacity,
            "machine_username": username,
        },
        headers=users.headers("admin"),
    )
    assert answer.status_code == 201, answer.text
    return GateDesk(client, users, code, username)
