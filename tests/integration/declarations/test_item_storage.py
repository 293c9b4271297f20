"""Goods items are stored exactly, whichever statement writes them (PostgreSQL's JSON rows or
SQLite's executemany)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from support import Users, import_payload


def test_items_read_back_exactly_with_empty_fields_accents_and_four_decimals(
    app_client: TestClient, users: Users
) -> None:
    lan = users.headers("lan")
    items = [
        {
            "hs_code": "85171300",
            "description": 'Điện thoại di động "Bright" 6,1 inch — loại 128 GB',
            "origin_country": "CN",
            "quantity": "1234.5678",
            "unit": "H87",
            "unit_price": "0.0001",
            "invoice_value": "0.1235",
            "net_weight": "9999999999.9999",
            "origin_proof": "E",
        },
        {"description": "Line with nothing else yet"},
    ]

    draft = app_client.post(
        "/api/v1/declarations", json=import_payload(items=items), headers=lan
    ).json()
    stored = app_client.get(f"/api/v1/declarations/{draft['id']}", headers=lan).json()

    assert stored["items"] == draft["items"]
    first, second = stored["items"]
    assert (first["quantity"], first["unit_price"], first["net_weight"]) == (
        "1234.5678",
        "0.0001",
        "9999999999.9999",
    )
    assert first["description"] == items[0]["description"]
    assert second == {
        "line_no": 2,
        "hs_code": None,
        "description": "Line with nothing else yet",
        "origin_country": None,
        "quantity": None,
        "unit": None,
        "unit_price": None,
        "invoice_value": None,
        "net_weight": None,
        "origin_proof": None,
    }
