"""What makes a retried request the same request."""

from __future__ import annotations

from smartcustoms.idempotency.rules import IdempotencyKeyReused, fingerprint


def test_a_body_is_the_same_request_whatever_the_order_of_its_fields() -> None:
    one = fingerprint("POST /declarations/submit", {"packages": 40, "items": [{"a": 1}]})
    same = fingerprint("POST /declarations/submit", {"items": [{"a": 1}], "packages": 40})
    other = fingerprint("POST /declarations/submit", {"items": [{"a": 1}], "packages": 41})

    assert one == same != other
    assert one.startswith("POST /declarations/submit ")


def test_a_request_without_a_body_is_its_operation() -> None:
    assert fingerprint("POST /declarations/7/submit") == "POST /declarations/7/submit"
    assert fingerprint("POST /declarations/7/submit") != fingerprint("POST /declarations/8/submit")


def test_a_reused_key_is_refused_in_both_languages() -> None:
    refused = IdempotencyKeyReused.of()

    assert (refused.code, refused.status) == ("idempotency_key_reused", 422)
    assert "Idempotency-Key" in refused.message("en")
    assert refused.message("vi") != refused.message("en")
