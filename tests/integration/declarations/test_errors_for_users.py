"""Errors a user can cause are worded for users: by field label and goods line (from 1), in
the caller's language, every one at once (format errors do not hide the business errors)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from support import Users, import_payload

URL = "/api/v1/declarations/submit"


def _with_errors() -> dict[str, Any]:
    """Two format errors (an amount written with a comma, a 4-letter country) and business
    errors in fields that read well (an unknown currency; line 2's value ≠ quantity × price)."""
    payload = import_payload(invoice_currency="ZZZ", packages="forty")
    items: list[dict[str, Any]] = payload["items"]  # type: ignore[assignment]
    items[0]["net_weight"] = "12,5"
    items[1]["invoice_value"] = "2501"
    items[1]["origin_country"] = "CHNA"
    return payload


def test_format_and_business_errors_come_back_together_with_labels_and_lines(
    app_client: TestClient, users: Users
) -> None:
    response = app_client.post(URL, json=_with_errors(), headers=users.headers("lan"))

    assert response.status_code == 422, response.text
    problem = response.json()
    found = {(e["path"], e.get("line"), e.get("field")): e["message"] for e in problem["errors"]}
    assert set(found) == {
        ("invoice_currency", None, "Invoice currency"),
        ("packages", None, "Packages"),
        ("items[0].net_weight", 1, "Net weight (kg)"),
        ("items[1].origin_country", 2, "Origin"),
        ("items[1].invoice_value", 2, "Invoice value"),
    }
    assert found[("items[1].invoice_value", 2, "Invoice value")] == (
        "Line 2, Invoice value: Quantity × unit price is 2,500, not 2,501."
    )
    assert found[("invoice_currency", None, "Invoice currency")] == (
        "Invoice currency: Unknown currency 'ZZZ'."
    )
    assert found[("items[1].origin_country", 2, "Origin")] == (
        "Line 2, Origin: At most 2 characters."
    )
    # In the order the form shows the fields: the header, then line 1, then line 2.
    assert [e["path"] for e in problem["errors"]][-3:] == [
        "items[0].net_weight",
        "items[1].origin_country",
        "items[1].invoice_value",
    ]
    assert not any("Input should" in m or "String should" in m for m in found.values())


def test_the_same_errors_read_in_vietnamese_with_vietnamese_numbers(
    app_client: TestClient, users: Users
) -> None:
    headers = {**users.headers("lan"), "Accept-Language": "vi"}
    response = app_client.post(URL, json=_with_errors(), headers=headers)

    assert response.status_code == 422
    found = {e["path"]: e["message"] for e in response.json()["errors"]}
    assert found["items[1].invoice_value"] == (
        "Dòng 2, Trị giá hóa đơn: Lượng × đơn giá bằng 2.500, không phải 2.501."
    )
    assert found["items[1].origin_country"] == "Dòng 2, Xuất xứ: Tối đa 2 ký tự."
    assert found["packages"].startswith("Số lượng kiện: Nhập một số nguyên")
    assert found["items[0].net_weight"].startswith("Dòng 1, Trọng lượng tịnh (kg): Nhập số tiền")


def test_a_body_that_only_breaks_business_rules_is_still_a_validation_failure(
    app_client: TestClient, users: Users
) -> None:
    response = app_client.post(
        URL, json=import_payload(invoice_currency="ZZZ"), headers=users.headers("lan")
    )

    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"
    assert [e["line"] for e in response.json()["errors"] if "line" in e] == []


def test_a_body_that_is_not_json_is_refused_as_a_request_error(
    app_client: TestClient, users: Users
) -> None:
    headers = {**users.headers("lan"), "Content-Type": "application/json"}
    response = app_client.post(URL, content=b"{not json", headers=headers)

    assert response.status_code == 422
    assert response.json()["code"] == "request_invalid"
    assert response.json()["errors"][0]["message"] == "The body is not valid JSON."


def test_a_draft_saved_with_a_bad_value_names_the_line_and_the_field(
    app_client: TestClient, users: Users
) -> None:
    payload = import_payload()
    payload["items"][1]["quantity"] = "a lot"  # type: ignore[index]
    headers = {**users.headers("lan"), "Accept-Language": "vi"}
    response = app_client.post("/api/v1/declarations", json=payload, headers=headers)

    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["line"] == 2
    assert error["message"].startswith("Dòng 2, Số lượng: Nhập số tiền bằng chữ số")
