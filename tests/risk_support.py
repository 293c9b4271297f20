"""Risk test helpers: the API as the named demo people use it, and sample rules."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient

from smartcustoms.risk.rules import DeclarationFacts, ItemFacts
from support import Users, import_payload


def phone_import_facts(declaration_id: int = 1, **overrides: Any) -> DeclarationFacts:
    """What channel selection sees of Lan's import of 50 phones from China at 200 USD."""
    base = DeclarationFacts(
        declaration_id=declaration_id,
        type_code="A11",
        direction="import",
        office_code="03CC",
        enterprise_id=1,
        importer_tax_code="0101234565",
        declarant="lan",
        invoice_currency="USD",
        incoterms="FOB",
        transport_mode="1",
        country_of_export="CN",
        items=(ItemFacts(1, "85171300", "CN", Decimal(50), "C62", Decimal(200)),),
    )
    return replace(base, **overrides)


@dataclass
class Desk:
    """The API as the named demo people use it; tokens are fetched once per person."""

    client: TestClient
    users: Users
    tokens: dict[str, dict[str, str]] = field(default_factory=dict)

    def headers(self, username: str) -> dict[str, str]:
        if username not in self.tokens:
            self.tokens[username] = self.users.headers(username)
        return self.tokens[username]

    def get(self, username: str, url: str, **kwargs: Any) -> Any:
        return self.client.get(url, headers=self.headers(username), **kwargs)

    def post(self, username: str, url: str, **kwargs: Any) -> Any:
        return self.client.post(url, headers=self.headers(username), **kwargs)

    def put(self, username: str, url: str, **kwargs: Any) -> Any:
        return self.client.put(url, headers=self.headers(username), **kwargs)

    def file(self, username: str = "lan", **overrides: object) -> dict[str, Any]:
        """Create and submit a declaration; the submission answer."""
        draft = self.post(username, "/api/v1/declarations", json=import_payload(**overrides))
        assert draft.status_code == 201, draft.text
        submitted = self.post(username, f"/api/v1/declarations/{draft.json()['id']}/submit")
        assert submitted.status_code == 200, submitted.text
        return dict(submitted.json())

    def rule(self, author: str = "hoa", *, activate_as: str | None = "son", **body: Any) -> Any:
        created = self.post(author, "/api/v1/risk/rules", json=body)
        assert created.status_code == 201, created.text
        rule = created.json()
        if activate_as:
            activated = self.post(activate_as, f"/api/v1/risk/rules/{rule['id']}/activate")
            assert activated.status_code == 200, activated.text
            rule = activated.json()
        return rule

    def without_random_selection(self) -> None:
        """No random control sample (its 2% would turn the odd declaration red, by its id), so
        the channel depends only on what the test sets up; the draw has unit tests of its own."""
        quiet = {"random_rate": 0.0, "aeo_random_rate": 0.0}
        assert self.put("son", "/api/v1/risk/policy", json=quiet).status_code == 200

    def decision(self, username: str, declaration_id: int) -> Any:
        return self.get(username, f"/api/v1/risk/decisions/{declaration_id}")


PHONES_RED = {
    "code": "PHONES-HP",
    "description": "Smartphones through Hai Phong: physical inspection",
    "criteria": {"hs_prefixes": ["8517"], "offices": ["03CC"]},
    "forced_channel": "red",
}
