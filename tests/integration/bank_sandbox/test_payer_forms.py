"""The payer page's forms carry a token tied to the payer's session: a confirmation posted
without it, with a wrong one, from another session or too late is refused with a page that
says so, and moves no money."""

from __future__ import annotations

import html
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx2

from bank_support import Sandbox, form_token, press
from smartcustoms.payments.gateway import PaymentOrder


def _order(sandbox: Sandbox, reference: str) -> str:
    """A pending order of 1,500,000 VND; the path of its payment page."""
    initiation = sandbox.gateway.initiate(
        PaymentOrder(
            reference=reference,
            amount_vnd=1_500_000,
            payer_tax_code="0101234565",  # demo enterprise A
            payer_name="Công ty TNHH Thương mại Sông Hồng (demo)",
            description="Thuế nhập khẩu",
            return_url=f"http://127.0.0.1:8000/payments/{reference}/return",
        )
    )
    return urlsplit(initiation.redirect_url).path


def _still_pending(sandbox: Sandbox, path: str) -> bool:
    page = sandbox.http.get(path, params={"lang": "en"})
    return 'action="' + path + '/confirm"' in page.text


def test_a_confirmation_without_a_token_is_refused_with_a_clear_page(sandbox: Sandbox) -> None:
    path = _order(sandbox, "SC-CSRF-000001")
    sandbox.http.get(path)  # the payer's session cookie is set; the form is not used
    answer = sandbox.http.post(f"{path}/confirm", params={"lang": "en"}, follow_redirects=False)
    assert answer.status_code == 403
    assert "Confirmation refused" in answer.text
    assert "did not come from this bank's payment page" in html.unescape(answer.text)
    assert "Nothing was paid" in answer.text
    assert f'href="{path}?lang=en"' in answer.text  # back to the page, to confirm there
    assert _still_pending(sandbox, path)


def test_a_wrong_token_is_refused_in_vietnamese_by_default(sandbox: Sandbox) -> None:
    path = _order(sandbox, "SC-CSRF-000002")
    token = form_token(sandbox.http, path)
    issued, _, mac = token.partition(".")
    forged = f"{issued}.{mac[::-1]}"
    for wrong in (forged, "not-a-token", f"{int(issued) + 1}.{mac}"):
        answer = press(sandbox.http, path, "confirm", wrong)
        assert answer.status_code == 403
        assert "Yêu cầu xác nhận bị từ chối" in answer.text
    assert press(sandbox.http, path, "cancel", forged).status_code == 403
    assert _still_pending(sandbox, path)


def test_a_token_from_another_payers_session_or_order_is_refused(sandbox: Sandbox) -> None:
    path = _order(sandbox, "SC-CSRF-000003")
    other_path = _order(sandbox, "SC-CSRF-000004")
    token = form_token(sandbox.http, path)
    # Another site's page posting into the payer's browser has no token for their session.
    with httpx2.Client(base_url=sandbox.url, timeout=10, trust_env=False) as attacker:
        attacker.get(path)  # a session of the attacker's own
        assert press(attacker, path, "confirm", token).status_code == 403
    assert press(sandbox.http, other_path, "confirm", token).status_code == 403
    assert _still_pending(sandbox, path)
    assert _still_pending(sandbox, other_path)


def test_a_form_left_open_over_an_hour_is_refused_and_a_fresh_one_works(
    sandbox: Sandbox,
) -> None:
    path = _order(sandbox, "SC-CSRF-000005")
    token = form_token(sandbox.http, path)
    started = sandbox.clock.now()
    try:
        sandbox.clock.advance(timedelta(hours=1, minutes=1))
        assert press(sandbox.http, path, "confirm", token).status_code == 403
        answer = press(sandbox.http, path, "confirm")  # the page opened again
    finally:
        sandbox.clock.set(started)
    assert answer.status_code == 303
    assert parse_qs(urlsplit(answer.headers["location"]).query)["status"] == ["booked"]
