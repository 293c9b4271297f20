"""The sandbox bank's test controls (drop, duplicate, delay, reorder callbacks) and its daily
statements: what the platform's fault tests stand on."""

from __future__ import annotations

import json
from datetime import timedelta
from urllib.parse import urlsplit

from bank_support import Sandbox, press
from smartcustoms.kit.clock import customs_date
from smartcustoms.payments.gateway import PaymentOrder


def pay(sandbox: Sandbox, reference: str, amount_vnd: int = 2_000_000) -> str:
    """Initiate and confirm a payment; its bank_payment_id."""
    initiation = sandbox.gateway.initiate(
        PaymentOrder(
            reference=reference,
            amount_vnd=amount_vnd,
            payer_tax_code="0309876547",  # demo enterprise B
            payer_name="Công ty Cổ phần Điện tử Sài Gòn (demo)",
            description="Thuế giá trị gia tăng",
            return_url="http://127.0.0.1:8000/payments/return",
        )
    )
    answer = press(sandbox.http, urlsplit(initiation.redirect_url).path, "confirm")
    assert answer.status_code == 303
    return initiation.bank_payment_id


def arm(sandbox: Sandbox, fault: str, count: int = 1) -> None:
    answer = sandbox.http.post("/_test/faults", json={"fault": fault, "count": count})
    assert answer.status_code == 200, answer.text


def reference_of(sandbox: Sandbox) -> str:
    arrival = sandbox.receiver.next()
    notice = sandbox.gateway.verify_notice(headers=arrival.headers, body=arrival.body)
    return notice.reference


def test_a_duplicated_callback_arrives_twice_with_the_same_transaction(sandbox: Sandbox) -> None:
    arm(sandbox, "duplicate")
    pay(sandbox, "SC-DUP-1")
    first, second = sandbox.receiver.next(), sandbox.receiver.next()
    notices = [
        sandbox.gateway.verify_notice(headers=arrival.headers, body=arrival.body)
        for arrival in (first, second)
    ]
    assert notices[0].bank_txn_id == notices[1].bank_txn_id
    assert {notice.reference for notice in notices} == {"SC-DUP-1"}
    pay(sandbox, "SC-DUP-2")  # the control covered one callback only
    assert reference_of(sandbox) == "SC-DUP-2"
    assert sandbox.receiver.nothing_more()


def test_a_reordered_group_arrives_last_first(sandbox: Sandbox) -> None:
    arm(sandbox, "reorder", 3)
    for reference in ("SC-ORD-1", "SC-ORD-2", "SC-ORD-3"):
        pay(sandbox, reference)
    assert [reference_of(sandbox) for _ in range(3)] == ["SC-ORD-3", "SC-ORD-2", "SC-ORD-1"]


def test_a_delayed_callback_arrives_only_when_released(sandbox: Sandbox) -> None:
    arm(sandbox, "delay")
    pay(sandbox, "SC-DLY-1")
    pay(sandbox, "SC-DLY-2")
    assert reference_of(sandbox) == "SC-DLY-2"  # the first is held back
    held = [d for d in sandbox.http.get("/_test/callbacks").json() if d["state"] == "held"]
    assert [d["held_for"] for d in held] == ["delay"]
    assert sandbox.http.post("/_test/callbacks/release").json() == {"released": 1}
    assert reference_of(sandbox) == "SC-DLY-1"


def test_a_dropped_callback_never_comes_but_the_statement_has_the_payment(
    sandbox: Sandbox,
) -> None:
    arm(sandbox, "drop")
    lost = pay(sandbox, "SC-LOST-1", amount_vnd=3_456_789)
    pay(sandbox, "SC-LOST-2")
    assert reference_of(sandbox) == "SC-LOST-2"  # the first was lost
    # Everything the platform needs to recover the payment is on the day's statement.
    statement = sandbox.gateway.statement(customs_date(sandbox.clock.now()))
    (line,) = [line for line in statement.lines if line.reference == "SC-LOST-1"]
    assert line.amount_vnd == 3_456_789
    assert line.payer_tax_code == "0309876547"
    deliveries = sandbox.http.get("/_test/callbacks").json()
    assert [d["state"] for d in deliveries if d["bank_txn_id"] == line.bank_txn_id] == ["dropped"]
    status = sandbox.http.get(f"/pay/{lost}")
    assert line.bank_txn_id in status.text


def test_a_fault_needs_a_known_kind_and_a_positive_count(sandbox: Sandbox) -> None:
    assert sandbox.http.post("/_test/faults", json={"fault": "explode"}).status_code == 422
    bad_count = {"fault": "drop", "count": 0}
    assert sandbox.http.post("/_test/faults", json=bad_count).status_code == 422
    arm(sandbox, "drop", 2)
    assert sandbox.http.delete("/_test/faults").json() == {"armed": []}


def test_a_closed_day_statement_is_final_and_the_next_day_opens_at_its_close(
    sandbox: Sandbox,
) -> None:
    pay(sandbox, "SC-DAY-1", amount_vnd=5_000_000)
    sandbox.receiver.next()
    day = customs_date(sandbox.clock.now())
    interim = sandbox.gateway.statement(day)
    assert interim.statement_id.startswith(f"S{day:%Y%m%d}-")
    assert interim.statement_id.count("-T") == 1  # the day so far

    sandbox.clock.advance(timedelta(days=1))
    pay(sandbox, "SC-DAY-2", amount_vnd=7_000_000)
    sandbox.receiver.next()
    closed = sandbox.gateway.statement(day)
    assert "-T" not in closed.statement_id
    assert "SC-DAY-1" in {line.reference for line in closed.lines}
    assert "SC-DAY-2" not in {line.reference for line in closed.lines}
    assert closed.closing_balance_vnd == closed.opening_balance_vnd + sum(
        line.amount_vnd for line in closed.lines
    )
    next_day = sandbox.gateway.statement(day + timedelta(days=1))
    assert next_day.opening_balance_vnd == closed.closing_balance_vnd
    assert "SC-DAY-2" in {line.reference for line in next_day.lines}

    # Final: fetched again later, the very same file.
    sandbox.clock.advance(timedelta(hours=5))
    again = sandbox.gateway.statement(day)
    assert again == closed


def test_a_statement_of_a_day_not_begun_is_refused(sandbox: Sandbox) -> None:
    from smartcustoms.kit.signatures import SIGNATURE_HEADER, request_payload, sign

    tomorrow = customs_date(sandbox.clock.now()) + timedelta(days=1)
    path = f"/merchant/v1/statements/{tomorrow.isoformat()}"
    header = sign(
        sandbox.bank.key, payload=request_payload("GET", path, b""), at=sandbox.clock.now()
    )
    answer = sandbox.http.get(path, headers={SIGNATURE_HEADER: header, "Accept-Language": "vi"})
    assert answer.status_code == 409
    problem = json.loads(answer.content)
    assert problem["code"] == "statement_not_ready"
    assert problem["detail"].startswith("Chưa thể lập sao kê")
