"""Portal pages over HTTP: sign-in, CSRF, language switch, the declaration pages."""

from __future__ import annotations

from fastapi.testclient import TestClient

from smartcustoms.demo import DEMO_PASSWORD
from support import csrf, sign_in


def test_anonymous_visitor_is_sent_to_sign_in(app_client: TestClient) -> None:
    response = app_client.get("/declarations", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")


def test_wrong_password_is_refused_in_the_chosen_language(app_client: TestClient) -> None:
    app_client.cookies.set("lang", "vi")
    page = app_client.get("/login")
    response = app_client.post(
        "/login", data={"username": "lan", "password": "nope-nope", "csrf_token": csrf(page.text)}
    )
    assert response.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.text


def test_a_form_without_the_csrf_token_is_refused(app_client: TestClient) -> None:
    app_client.get("/login")
    response = app_client.post("/login", data={"username": "lan", "password": DEMO_PASSWORD})
    assert response.status_code == 403


def test_lan_creates_a_draft_through_the_form_and_sees_it_listed(app_client: TestClient) -> None:
    sign_in(app_client, "lan")
    form = app_client.get("/declarations/new")
    assert form.status_code == 200
    response = app_client.post(
        "/declarations/new",
        data={
            "csrf_token": csrf(form.text),
            "type_code": "A11",
            "office_code": "03CC",
            "invoice_currency": "USD",
            "invoice_amount": "100",
            "items-0-hs_code": "8517.13.00",
            "items-0-description": "Phones",
            "items-0-quantity": "1",
            "items-0-unit_price": "100",
            "action": "save",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    detail = app_client.get(response.headers["location"])
    assert "85171300" in detail.text
    listing = app_client.get("/declarations")
    assert "A11" in listing.text


def test_a_bad_number_in_the_form_comes_back_with_the_field_marked(app_client: TestClient) -> None:
    sign_in(app_client, "lan")
    form = app_client.get("/declarations/new")
    response = app_client.post(
        "/declarations/new",
        data={
            "csrf_token": csrf(form.text),
            "invoice_amount": "a lot",
            "items-0-description": "Phones",
        },
    )
    assert response.status_code == 422
    assert 'data-path="invoice_amount"' in response.text
    assert 'value="Phones"' in response.text


def test_language_switch_changes_the_page_language(app_client: TestClient) -> None:
    sign_in(app_client, "lan")
    app_client.get("/lang/en?next=/declarations")
    assert "Customs declarations" in app_client.get("/declarations").text
    app_client.get("/lang/vi?next=/declarations")
    assert "Tờ khai hải quan" in app_client.get("/declarations").text


def test_language_switch_does_not_redirect_off_site(app_client: TestClient) -> None:
    response = app_client.get("/lang/en?next=//evil.example/x", follow_redirects=False)
    assert response.headers["location"] == "/"
