"""The declaration spine through the JSON API, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from support import Users, import_payload
from fastapi.testclient import TestClient

from smartcustoms.declarations.rules import is_valid_number


def create(client: TestClient, headers: dict[str, str], payload: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/api/v1/declarations", json=payload, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_lan_registers_a_valid_import_and_gets_a_12_digit_number(
    app_client: TestClient, users: Users
) -> None:
    lan = users.headers("lan")
    draft = create(app_client, lan, import_payload())
    assert draft["status"] == "draft"
    assert [item["line_no"] for item in draft["items"]] == [1, 2]

    response = app_client.post(f"/api/v1/declarations/{draft['id']}/submit", headers=lan)

    assert response.status_code == 200, response.text
    registered = response.json()["declaration"]
    assert registered["status"] == "registered"
    assert registered["number"].startswith("1")
    assert is_valid_number(registered["number"])
