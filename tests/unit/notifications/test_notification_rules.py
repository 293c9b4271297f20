"""Which events become which notification, the push schedule and the callback URL rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from smartcustoms.kit.signatures import SignatureInvalid
from smartcustoms.notifications.rules import (
    PUSH_EXPIRY,
    Code,
    EventFacts,
    after_failure,
    may_replay,
    notification_for,
    retry_after,
    sign,
    url_problem,
    verify,
)

AT = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


def _event(topic: str, aggregate_type: str, aggregate_id: str, **payload: Any) -> EventFacts:
    return EventFacts(41, topic, aggregate_type, aggregate_id, payload, AT)


DECLARATION = {"number": "100000000017", "version": 1, "enterprise_id": 7, "office_code": "03CC"}


@pytest.mark.parametrize(
    ("event", "code", "declaration_id"),
    [
        (_event("declaration.registered", "declaration", "5", **DECLARATION), Code.REGISTERED, 5),
        (_event("declaration.rejected", "declaration", "5", enterprise_id=7), Code.REJECTED, 5),
        (_event("declaration.cleared", "declaration", "5", enterprise_id=7), Code.CLEARED, 5),
        (_event("declaration.released", "declaration", "5", enterprise_id=7), Code.RELEASED, 5),
        (_event("declaration.stored", "declaration", "5", enterprise_id=7), Code.STORED, 5),
        (_event("declaration.cancelled", "declaration", "5", enterprise_id=7), Code.CANCELLED, 5),
        (
            _event(
                "risk.channel_selected",
                "risk_decision",
                "9",
                declaration_id=5,
                enterprise_id=7,
                channel="green",
            ),
            Code.CHANNEL,
            5,
        ),
        (
            _event(
                "risk.channel_selected",
                "risk_decision",
                "9",
                declaration_id=5,
                enterprise_id=7,
                channel="red",
            ),
            Code.CHANNEL,
            5,
        ),
        (
            _event(
                "risk.channel_selected",
                "risk_decision",
                "9",
                declaration_id=5,
                enterprise_id=7,
                channel="yellow",
            ),
            Code.DOCUMENTS_REQUESTED,
            5,
        ),
        (
            _event(
                "payments.duty_due",
                "organisation",
                "7",
                key="k",
                chain_id=5,
                due_on="2026-11-21",
                outstanding_vnd=10,
            ),
            Code.DUTY_DUE,
            None,
        ),
        (
            _event(
                "payments.duty_overdue",
                "organisation",
                "7",
                key="k",
                chain_id=5,
                due_on="2026-11-19",
                outstanding_vnd=10,
            ),
            Code.DUTY_OVERDUE,
            None,
        ),
        (
            _event(
                "payments.low_balance",
                "organisation",
                "7",
                account="cash",
                available_vnd=1,
                threshold_vnd=5,
            ),
            Code.BALANCE_LOW,
            None,
        ),
        (
            _event("payments.taxes_met", "declaration", "6", chain_id=5, enterprise_id=7),
            Code.PAID,
            6,
        ),
        (
            _event(
                "permits.licence_decided",
                "licence",
                "3",
                enterprise_id=7,
                declaration_id=5,
                decision="granted",
            ),
            Code.LICENCE_DECIDED,
            5,
        ),
    ],
)
def test_each_trader_event_gives_one_notification_with_its_code(
    event: EventFacts, code: Code, declaration_id: int | None
) -> None:
    draft = notification_for(event)
    assert draft is not None
    assert (draft.code, draft.enterprise_id, draft.declaration_id) == (code, 7, declaration_id)
    assert draft.event_id == 41
    assert draft.occurred_at == AT
    assert notification_for(event) == draft  # a function of the event alone


def test_internal_events_and_events_without_an_enterprise_tell_no_one() -> None:
    assert notification_for(_event("risk.rule_activated", "risk_rule", "1", code="R1")) is None
    assert notification_for(_event("user.created", "user", "1", username="x")) is None
    assert notification_for(_event("declaration.registered", "declaration", "5")) is None


def test_only_the_fields_a_trader_needs_are_kept() -> None:
    event = _event(
        "risk.channel_selected",
        "risk_decision",
        "9",
        declaration_id=5,
        enterprise_id=7,
        channel="red",
        model_version_id=3,
        randomly_selected=True,
        office_code="03CC",
    )
    draft = notification_for(event)
    assert draft is not None
    assert draft.data == {"channel": "red", "office_code": "03CC"}


def test_retries_back_off_from_a_minute_to_an_hour() -> None:
    waits = [retry_after(n) for n in range(1, 10)]
    assert waits[:4] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert waits[-1] == timedelta(hours=1)
    assert retry_after(10**6) == timedelta(hours=1)


def test_a_push_expires_fourteen_days_after_it_was_made() -> None:
    expires = AT + PUSH_EXPIRY
    assert after_failure(3, failed_at=AT, expires_at=expires) == AT + timedelta(minutes=4)
    assert after_failure(30, failed_at=expires - timedelta(minutes=59), expires_at=expires) is None
    assert may_replay(AT, at=AT + timedelta(days=90))
    assert not may_replay(AT, at=AT + timedelta(days=90, seconds=1))


def test_the_signature_holds_only_for_the_secret_body_and_time() -> None:
    header = sign("whsec_a", body=b'{"id":1}', at=AT)
    assert verify("whsec_a", header=header, body=b'{"id":1}', now=AT + timedelta(minutes=4))
    for secret, body, now in [
        ("whsec_b", b'{"id":1}', AT),
        ("whsec_a", b'{"id":2}', AT),
        ("whsec_a", b'{"id":1}', AT + timedelta(minutes=6)),
    ]:
        with pytest.raises(SignatureInvalid):
            verify(secret, header=header, body=body, now=now)


@pytest.mark.parametrize(
    ("url", "loopback", "problem"),
    [
        ("https://trader.example/hooks", False, None),
        ("http://trader.example/hooks", False, "callback_url_not_https"),
        ("http://127.0.0.1:8080/hooks", True, None),
        ("https://127.0.0.1/hooks", False, "callback_url_internal"),
        ("https://10.0.0.5/hooks", False, "callback_url_internal"),
        ("https://localhost/hooks", False, "callback_url_internal"),
        ("https://u:p@trader.example/", False, "callback_url_invalid"),
        ("ftp://trader.example/", True, "callback_url_invalid"),
        ("https://trader.example:99999/", True, "callback_url_invalid"),
        ("https://" + "a" * 500 + ".example/", True, "callback_url_too_long"),
    ],
)
def test_callback_urls(url: str, loopback: bool, problem: str | None) -> None:
    assert url_problem(url, allow_loopback=loopback) == problem
