"""The portal's payment pages: what I owe and paying it, my accounts, the office view, the
financial panel on a declaration's page; in Vietnamese and English."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from payments_support import Desk
from support import Users, csrf, sign_in


def _post(client: TestClient, page_url: str, action: str, data: dict[str, str]) -> object:
    token = csrf(client.get(page_url).text)
    return client.post(action, data={**data, "csrf_token": token}, follow_redirects=False)


def test_what_i_owe_lists_the_declaration_and_offers_to_pay_online(
    desk: Desk, users: Users, app_client: TestClient
) -> None:
    filed = desk.file(users.headers("lan"))
    sign_in(app_client, "lan")

    page = app_client.get("/payments?lang=vi")

    assert page.status_code == 200
    assert filed["declaration"]["number"] in page.text
    assert "thuế giá trị gia tăng" in page.text
    assert "Nộp thuế điện tử" in page.text
    english = app_client.get("/payments?lang=en")
    assert "value added tax" in english.text
    assert "not official law" in english.text


def test_paying_online_from_the_portal_goes_to_the_bank_and_back(
    desk: Desk, users: Users, app_client: TestClient
) -> None:
    declaration_id = desk.file(users.headers("lan"))["declaration"]["id"]
    sign_in(app_client, "lan")

    response = _post(
        app_client,
        "/payments",
        f"/payments/declarations/{declaration_id}/online",
        {"bank": desk.bank.name},
    )

    assert response.status_code == 303  # type: ignore[attr-defined]
    assert response.headers["location"].startswith("https://bank.test/pay/")  # type: ignore[attr-defined]
    order = next(iter(desk.bank.orders.values()))
    assert order.return_url.endswith(f"/payments/orders/{order.reference}")
    desk.notify(desk.bank.pay(order.reference))
    back = app_client.get(f"/payments/orders/{order.reference}?lang=en")
    assert "paid" in back.text
    assert "Nothing is owed." in app_client.get("/payments?lang=en").text


def test_an_account_too_small_is_refused_on_the_page_in_the_user_s_language(
    desk: Desk, users: Users, app_client: TestClient, enterprise_a: int
) -> None:
    lan = users.headers("lan")
    declaration_id = desk.file(lan)["declaration"]["id"]
    desk.top_up(enterprise_a, 1_000, lan)
    sign_in(app_client, "lan")

    response = _post(
        app_client,
        "/payments",
        f"/payments/declarations/{declaration_id}/account",
        {"account": "cash", "enterprise_id": str(enterprise_a)},
    )

    assert response.status_code == 422  # type: ignore[attr-defined]
    assert "Tài khoản ký quỹ chỉ còn 1.000 đồng" in response.text  # type: ignore[attr-defined]


def test_my_accounts_shows_the_balance_and_a_low_balance_warning(
    desk: Desk, users: Users, app_client: TestClient, enterprise_a: int
) -> None:
    desk.top_up(enterprise_a, 50_000, users.headers("lan"))
    sign_in(app_client, "lan")

    saved = _post(
        app_client,
        "/payments/accounts",
        "/payments/accounts/warning",
        {"account": "cash", "threshold_vnd": "100.000", "enterprise_id": str(enterprise_a)},
    )
    assert saved.status_code == 303  # type: ignore[attr-defined]

    page = app_client.get("/payments/accounts?lang=vi")
    assert re.search(r'id="account-cash" class="low"', page.text)
    assert "50.000" in page.text
    owe = app_client.get("/payments?lang=vi")
    assert "Số dư thấp" in owe.text


def test_a_trader_authorises_its_broker_from_the_accounts_page(
    users: Users, app_client: TestClient
) -> None:
    sign_in(app_client, "lan")

    granted = _post(
        app_client, "/payments/accounts", "/payments/authorities", {"tax_code": "0401112222"}
    )

    assert granted.status_code == 303  # type: ignore[attr-defined]
    page = app_client.get("/payments/accounts?lang=en")
    assert "Duyên Hải" in page.text


def test_the_declaration_page_shows_its_financial_status(
    desk: Desk, users: Users, app_client: TestClient
) -> None:
    declaration_id = desk.file(users.headers("lan"))["declaration"]["id"]
    sign_in(app_client, "hoa")

    page = app_client.get(f"/declarations/{declaration_id}?lang=vi")

    assert page.status_code == 200
    assert 'id="dues"' in page.text
    assert "Còn số thuế phải nộp" in page.text


def test_the_office_page_lists_exceptions_and_reconciles(
    desk: Desk, users: Users, app_client: TestClient
) -> None:
    declaration_id = desk.file(users.headers("lan"))["declaration"]["id"]
    started = desk.start(declaration_id, users.headers("lan"))
    desk.bank.pay(started["reference"])  # the notice is lost
    sign_in(app_client, "hoa")

    done = _post(
        app_client,
        "/payments/office",
        "/payments/office/reconcile",
        {"bank": desk.bank.name, "on": "2026-11-20"},
    )

    assert done.status_code == 303  # type: ignore[attr-defined]
    page = app_client.get("/payments/office?lang=vi")
    assert "giao dịch không có thông báo của ngân hàng" in page.text


def test_traders_have_no_office_page(users: Users, app_client: TestClient) -> None:
    sign_in(app_client, "lan")
    assert app_client.get("/payments/office").status_code == 403
