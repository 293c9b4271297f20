"""A payment through the sandbox bank over HTTP: initiate, the payer's page, the signed
callback checked by the platform's adapter, and the statement."""

from __future__ import annotations

import json
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx2
import pytest

from bank_support import KEY, Receiver, Sandbox, form_token, press
from smartcustoms.adapters.bank import SandboxBankGateway
from smartcustoms.bank_sandbox.rules import retry_after
from smartcustoms.kit.clock import customs_date
from smartcustoms.kit.signatures import SIGNATURE_HEADER
from smartcustoms.payments.gateway import (
    BankFailure,
    BookingStatus,
    PaymentInitiation,
    PaymentOrder,
)

LAN_TAX_CODE = "0101234565"  # demo enterprise A


def order(reference: str, amount_vnd: int = 1_500_000, **changes: str) -> PaymentOrder:
    fields = {
        "payer_tax_code": LAN_TAX_CODE,
        "payer_name": "Công ty TNHH Thương mại Sông Hồng (demo)",
        "description": "Thuế nhập khẩu, tờ khai 101234567890",
        "return_url": f"http://127.0.0.1:8000/payments/{reference}/return",
        **changes,
    }
    return PaymentOrder(reference=reference, amount_vnd=amount_vnd, **fields)


def decide(
    sandbox: Sandbox, initiation: PaymentInitiation, action: str, token: str | None = None
) -> dict[str, list[str]]:
    """The payer presses Confirm or Cancel; the query the bank sends the browser back with."""
    path = urlsplit(initiation.redirect_url).path
    answer = press(sandbox.http, path, action, token)
    assert answer.status_code == 303, answer.text
    location = answer.headers["location"]
    assert location.startswith("http://127.0.0.1:8000/payments/")
    return parse_qs(urlsplit(location).query)


def test_a_confirmed_payment_is_booked_called_back_and_on_the_statement(
    sandbox: Sandbox, receiver: Receiver
) -> None:
    initiation = sandbox.gateway.initiate(order("SC-PAY-000001"))
    assert initiation.redirect_url == f"{sandbox.url}/pay/{initiation.bank_payment_id}"

    page = sandbox.http.get(urlsplit(initiation.redirect_url).path)
    assert page.status_code == 200
    for shown in ("Kho bạc Nhà nước", "1.500.000 VND", "SC-PAY-000001", "Xác nhận", "Hủy"):
        assert shown in page.text
    english = sandbox.http.get(urlsplit(initiation.redirect_url).path, params={"lang": "en"})
    for shown in ("State Treasury", "1,500,000 VND", "Confirm", "Cancel"):
        assert shown in english.text

    back = decide(sandbox, initiation, "confirm")
    assert back == {"bank_payment_id": [initiation.bank_payment_id], "status": ["booked"]}

    arrival = receiver.next()
    notice = sandbox.gateway.verify_notice(headers=arrival.headers, body=arrival.body)
    assert notice.reference == "SC-PAY-000001"
    assert notice.bank_payment_id == initiation.bank_payment_id
    assert notice.amount_vnd == 1_500_000
    assert notice.status is BookingStatus.BOOKED
    assert notice.booked_at == sandbox.clock.now()

    statement = sandbox.gateway.statement(customs_date(sandbox.clock.now()))
    assert [
        (line.bank_txn_id, line.amount_vnd, line.payer_tax_code)
        for line in statement.lines
        if line.reference == "SC-PAY-000001"
    ] == [(notice.bank_txn_id, 1_500_000, LAN_TAX_CODE)]
    assert statement.closing_balance_vnd - statement.opening_balance_vnd == sum(
        line.amount_vnd for line in statement.lines
    )

    done = sandbox.http.get(urlsplit(initiation.redirect_url).path)
    assert "Đã thanh toán" in done.text
    assert notice.bank_txn_id in done.text


def test_a_second_confirm_changes_nothing(sandbox: Sandbox, receiver: Receiver) -> None:
    initiation = sandbox.gateway.initiate(order("SC-PAY-000002"))
    # The same page's forms posted again (a double click, the back button).
    token = form_token(sandbox.http, urlsplit(initiation.redirect_url).path)
    decide(sandbox, initiation, "confirm", token)
    assert decide(sandbox, initiation, "confirm", token)["status"] == ["booked"]
    assert decide(sandbox, initiation, "cancel", token)["status"] == ["booked"]
    receiver.next()
    statement = sandbox.gateway.statement(customs_date(sandbox.clock.now()))
    assert [line.reference for line in statement.lines].count("SC-PAY-000002") == 1
    assert receiver.nothing_more()


def test_a_cancelled_payment_is_told_as_rejected_and_never_on_the_statement(
    sandbox: Sandbox, receiver: Receiver
) -> None:
    initiation = sandbox.gateway.initiate(order("SC-PAY-000003"))
    assert decide(sandbox, initiation, "cancel")["status"] == ["rejected"]
    arrival = receiver.next()
    notice = sandbox.gateway.verify_notice(headers=arrival.headers, body=arrival.body)
    assert notice.status is BookingStatus.REJECTED
    assert json.loads(arrival.body)["reason"] == "cancelled_by_payer"
    statement = sandbox.gateway.statement(customs_date(sandbox.clock.now()))
    assert "SC-PAY-000003" not in {line.reference for line in statement.lines}


def test_a_payer_without_enough_money_is_refused(sandbox: Sandbox, receiver: Receiver) -> None:
    payer = {"payer_tax_code": "0312345679", "payer_name": "Công ty ít tiền"}
    initiation = sandbox.gateway.initiate(order("SC-PAY-000004", amount_vnd=1_000_001, **payer))
    sandbox.http.put("/_test/accounts/0312345679/balance", json={"balance_vnd": 1_000_000})
    assert decide(sandbox, initiation, "confirm")["status"] == ["rejected"]
    arrival = receiver.next()
    assert json.loads(arrival.body)["reason"] == "insufficient_funds"
    page = sandbox.http.get(urlsplit(initiation.redirect_url).path)
    assert "Số dư tài khoản không đủ để thanh toán." in page.text
    # Exactly the balance is enough.
    exact = sandbox.gateway.initiate(order("SC-PAY-000005", amount_vnd=1_000_000, **payer))
    assert decide(sandbox, exact, "confirm")["status"] == ["booked"]


def test_an_unknown_payer_gets_an_account_with_the_opening_balance(
    sandbox: Sandbox, receiver: Receiver
) -> None:
    initiation = sandbox.gateway.initiate(
        order("SC-PAY-000006", payer_tax_code="0312345678", payer_name="Công ty mới")
    )
    assert decide(sandbox, initiation, "confirm")["status"] == ["booked"]
    assert receiver.next()


def test_an_initiation_is_idempotent_by_reference_and_a_reused_reference_is_refused(
    sandbox: Sandbox,
) -> None:
    first = sandbox.gateway.initiate(order("SC-PAY-000007"))
    assert sandbox.gateway.initiate(order("SC-PAY-000007")) == first
    with pytest.raises(BankFailure, match="reference_taken"):
        sandbox.gateway.initiate(order("SC-PAY-000007", amount_vnd=2_000_000))


def test_the_merchant_api_refuses_unsigned_forged_and_stale_requests(sandbox: Sandbox) -> None:
    body = json.dumps({"reference": "SC-PAY-000008"}).encode()
    unsigned = sandbox.http.post("/merchant/v1/payments", content=body)
    assert unsigned.status_code == 401
    assert unsigned.json()["code"] == "signature_refused"

    forger = SandboxBankGateway(base_url=sandbox.url, key=b"f" * 40, clock=sandbox.clock)
    with pytest.raises(BankFailure, match="401 signature_refused"):
        forger.initiate(order("SC-PAY-000008"))
    forger.close()

    # The platform's clock six minutes behind the bank's: its signatures are too old.
    late = SandboxBankGateway(
        base_url=sandbox.url,
        key=KEY.encode(),
        clock=type(sandbox.clock)(sandbox.clock.now() - timedelta(minutes=6)),
    )
    with pytest.raises(BankFailure, match="stale"):
        late.statement(customs_date(sandbox.clock.now()))
    late.close()


def test_a_bank_that_cannot_be_reached_is_a_bank_failure(sandbox: Sandbox) -> None:
    nowhere = SandboxBankGateway(
        base_url="http://127.0.0.1:9", key=KEY.encode(), clock=sandbox.clock
    )
    with pytest.raises(BankFailure) as failure:
        nowhere.initiate(order("SC-PAY-000009"))
    assert isinstance(failure.value, OSError)  # handled as a connection failure is
    nowhere.close()


def test_a_platform_down_at_callback_time_gets_the_callback_later(
    sandbox: Sandbox, receiver: Receiver
) -> None:
    receiver.answers.put(503)
    receiver.answers.put(503)
    initiation = sandbox.gateway.initiate(order("SC-PAY-000010"))
    decide(sandbox, initiation, "confirm")
    for attempt_number in (1, 2):
        failed = sandbox.next_attempt()
        assert failed.status == 503
        assert sandbox.bank.worker.deliver_due() == []  # not due again before its time
        sandbox.clock.advance(retry_after(attempt_number))
        sandbox.bank.worker.wake()
    arrival = receiver.next()
    notice = sandbox.gateway.verify_notice(headers=arrival.headers, body=arrival.body)
    assert notice.reference == "SC-PAY-000010"
    assert notice.sent_at == sandbox.clock.now()  # signed afresh: inside the window again
    assert sandbox.next_attempt().status == 200
    states = sandbox.http.get("/_test/callbacks").json()
    assert [
        (item["state"], item["attempts"])
        for item in states
        if item["bank_txn_id"] == notice.bank_txn_id
    ] == [("delivered", 3)]


def test_a_notification_of_one_booking_is_a_valid_camt_054(
    sandbox: Sandbox, receiver: Receiver
) -> None:
    from smartcustoms import iso20022
    from smartcustoms.kit.signatures import request_payload, sign

    initiation = sandbox.gateway.initiate(order("SC-PAY-000011"))
    decide(sandbox, initiation, "confirm")
    notice = json.loads(receiver.next().body)
    path = f"/merchant/v1/notifications/{notice['bank_txn_id']}"
    header = sign(KEY.encode(), payload=request_payload("GET", path, b""), at=sandbox.clock.now())
    answer = sandbox.http.get(path, headers={SIGNATURE_HEADER: header})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/xml"
    document = iso20022.from_xml(iso20022.CAMT054, answer.content)
    entry = document["BkToCstmrDbtCdtNtfctn"]["Ntfctn"][0]["Ntry"][0]
    assert entry["AcctSvcrRef"] == notice["bank_txn_id"]


def test_a_payment_page_for_an_unknown_order_says_so_in_the_payers_language(
    sandbox: Sandbox,
) -> None:
    page = sandbox.http.get("/pay/PAY0000000000000000000", params={"lang": "en"})
    assert page.status_code == 404
    assert "There is no payment order PAY0000000000000000000" in page.text
    page = sandbox.http.get("/pay/PAY0000000000000000000")
    assert "Ngân hàng không có lệnh thanh toán" in page.text


def test_test_controls_are_absent_unless_asked_for(sandbox_without_controls: Sandbox) -> None:
    answer = sandbox_without_controls.http.post("/_test/faults", json={"fault": "drop"})
    assert answer.status_code == 404


def test_the_sandbox_runs_on_postgresql(postgresql_sandbox: Sandbox, receiver: Receiver) -> None:
    initiation = postgresql_sandbox.gateway.initiate(order("SC-PAY-000012"))
    assert decide(postgresql_sandbox, initiation, "confirm")["status"] == ["booked"]
    arrival = receiver.next()
    notice = postgresql_sandbox.gateway.verify_notice(headers=arrival.headers, body=arrival.body)
    statement = postgresql_sandbox.gateway.statement(customs_date(postgresql_sandbox.clock.now()))
    assert [line.bank_txn_id for line in statement.lines] == [notice.bank_txn_id]


def test_an_answer_that_is_not_json_is_a_bank_failure(sandbox: Sandbox) -> None:
    def transport(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, content=b"<html>maintenance</html>")

    broken = SandboxBankGateway(
        base_url=sandbox.url,
        key=KEY.encode(),
        clock=sandbox.clock,
        client=httpx2.Client(transport=httpx2.MockTransport(transport)),
    )
    with pytest.raises(BankFailure, match="not JSON"):
        broken.initiate(order("SC-PAY-000013"))


def test_a_body_too_large_is_refused_before_it_is_read(sandbox: Sandbox) -> None:
    answer = sandbox.http.post("/merchant/v1/payments", content=b"x" * (64 * 1024 + 1))
    assert answer.status_code == 413
    assert answer.json()["code"] == "body_too_large"


def test_a_page_asked_for_in_another_language_is_shown_in_vietnamese(sandbox: Sandbox) -> None:
    initiation = sandbox.gateway.initiate(order("SC-PAY-000014"))
    page = sandbox.http.get(urlsplit(initiation.redirect_url).path, params={"lang": "fr"})
    assert page.status_code == 200
    assert "Xác nhận nộp tiền vào Kho bạc Nhà nước" in page.text
