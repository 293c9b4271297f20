"""Single-window test helpers: an import of apples (under the SAMPLE registry's plant
quarantine, PPD), Lan's dossier documents, and the permits API as the tests use it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient

from support import Users, import_payload

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"
API = "/api/v1/permits"
APPLES = "08081000"


def apples_payload(quantity: str = "4000", **overrides: object) -> dict[str, object]:
    """Lan's A11 import of fresh apples from New Zealand, one line, `quantity` kg."""
    value = f"{int(quantity) * 1.5:.2f}"
    return import_payload(
        foreign_party_name="Wellington Orchards Ltd",
        foreign_party_country="NZ",
        country_of_export="NZ",
        invoice_amount=value,
        freight="0.00",
        insurance="0.00",
        gross_weight=str(int(quantity) + 200),
        items=[
            {
                "hs_code": APPLES,
                "description": "Fresh apples, Fuji",
                "origin_country": "NZ",
                "quantity": quantity,
                "unit": "KGM",
                "unit_price": "1.50",
                "invoice_value": value,
                "net_weight": quantity,
            }
        ],
        **overrides,
    )


@dataclass
class Window:
    """The permits API as Lan, the agencies and the administrator use it."""

    client: TestClient
    users: Users
    tokens: dict[str, dict[str, str]] = field(default_factory=dict)

    def headers(self, username: str) -> dict[str, str]:
        """Each user's token asked once a test (a sign-in hashes the password)."""
        if username not in self.tokens:
            self.tokens[username] = self.users.headers(username)
        return self.tokens[username]

    def upload(self, name: str, doc_type: str, username: str = "lan") -> int:
        answer = self.client.post(
            "/api/v1/documents",
            files={"file": (name, PDF + name.encode(), "application/octet-stream")},
            data={"doc_type": doc_type, "reference": f"REF-{name}"},
            headers=self.headers(username),
        )
        assert answer.status_code in (200, 201), answer.text
        return int(answer.json()["document"]["id"])

    def dossier(self) -> list[int]:
        return [self.upload("invoice.pdf", "invoice"), self.upload("lading.pdf", "bill_of_lading")]

    def enterprise(self, username: str = "lan") -> int:
        organisation_id = self.users.actor(username).organisation_id
        assert organisation_id is not None
        return organisation_id

    def apply_raw(self, username: str = "lan", **overrides: object) -> Any:
        body: dict[str, object] = {
            "enterprise_id": self.enterprise(),
            "procedure": "plant_quarantine_import",
            "hs_code": APPLES,
            "goods": "Fresh apples, Fuji",
            "origin_country": "NZ",
            "quantity": "10000",
            "unit": "KGM",
            # Under mutual recognition: not sampled, so tests decide without a lab.
            "certificate_country": "NZ",
        }
        body.update(overrides)
        return self.client.post(f"{API}/applications", json=body, headers=self.headers(username))

    def apply(self, username: str = "lan", **overrides: object) -> dict[str, Any]:
        if "document_ids" not in overrides and "declaration_id" not in overrides:
            overrides["document_ids"] = self.dossier()
        answer = self.apply_raw(username, **overrides)
        assert answer.status_code == 201, answer.text
        found: dict[str, Any] = answer.json()
        return found

    def act_raw(self, username: str, application_id: int, action: str, **body: object) -> Any:
        return self.client.post(
            f"{API}/applications/{application_id}/actions",
            json={"action": action, **body},
            headers=self.headers(username),
        )

    def act(self, username: str, application_id: int, action: str, **body: object) -> Any:
        answer = self.act_raw(username, application_id, action, **body)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def grant(self, application_id: int) -> dict[str, Any]:
        self.act("thu", application_id, "accept")
        found: dict[str, Any] = self.act("thu", application_id, "approve")
        return found

    def message(self, username: str, **body: object) -> Any:
        return self.client.post(f"{API}/agency/messages", json=body, headers=self.headers(username))

    def file(self, payload: dict[str, object], username: str = "lan") -> dict[str, Any]:
        answer = self.client.post(
            "/api/v1/declarations/submit", json=payload, headers=self.headers(username)
        )
        assert answer.status_code == 201, answer.text
        found: dict[str, Any] = answer.json()["declaration"]
        return found

    def get(self, path: str, username: str = "lan") -> Any:
        answer = self.client.get(path, headers=self.headers(username))
        assert answer.status_code == 200, answer.text
        return answer.json()
