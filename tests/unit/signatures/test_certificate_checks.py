"""A signature's checks over a table of cases: chain, validity at signing time, key usage,
tax code, algorithm and digest, each refused with its own reason (in both languages)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from cryptography import x509

from messages_support import assert_bilingual
from signature_support import EC_KEY, RSA_KEY, SigningCA, other_ca, sign
from smartcustoms.signatures.messages import MESSAGES
from smartcustoms.signatures.rules import (
    SignatureRefused,
    canonical_declaration,
    check_tax_code,
    plain,
    read_jws,
    tax_code_of,
    verify_jws,
)
from support import TEST_NOW

CA = SigningCA()
TRUSTED = [CA.cert]
FORM = canonical_declaration({"declaration_id": 7, "content": {"hs_code": "85171300"}})
LAN_MST = "0101234565"

Case = Callable[[], str]


def _good() -> str:
    return sign(FORM, CA.issue(LAN_MST))


CASES: list[tuple[str, Case, str | None]] = [
    ("valid RS256", _good, None),
    ("valid ES256", lambda: sign(FORM, CA.issue(LAN_MST, key=EC_KEY), key=EC_KEY), None),
    ("untrusted CA", lambda: sign(FORM, other_ca().issue(LAN_MST)), "certificate_untrusted"),
    (
        "expired before signing",
        lambda: sign(
            FORM,
            CA.issue(
                LAN_MST, valid_from=TEST_NOW - timedelta(days=400), valid_for=timedelta(days=365)
            ),
        ),
        "certificate_not_valid_then",
    ),
    (
        "not yet valid",
        lambda: sign(FORM, CA.issue(LAN_MST, valid_from=TEST_NOW + timedelta(days=1))),
        "certificate_not_valid_then",
    ),
    (
        "encryption key, not signing",
        lambda: sign(FORM, CA.issue(LAN_MST, signing=False)),
        "key_usage_not_signing",
    ),
    (
        "payload changed after signing",
        lambda: sign(FORM.replace(b"85171300", b"85171200"), CA.issue(LAN_MST)),
        "signature_invalid",
    ),
    (
        "signed by another key than the certificate's",
        lambda: sign(FORM, CA.issue(LAN_MST, key=RSA_KEY), key=EC_KEY),
        "signature_invalid",
    ),
    ("HS256 refused", lambda: _with_header_alg("HS256"), "algorithm_not_allowed"),
    ("not a JWS", lambda: "not-a-jws", "signature_malformed"),
    (
        "payload attached, not detached",
        lambda: _good().replace("..", ".eyJhIjoxfQ."),
        "signature_malformed",
    ),
    (
        "signed in the future",
        lambda: sign(FORM, CA.issue(LAN_MST), at=TEST_NOW + timedelta(hours=1)),
        "signing_time_invalid",
    ),
    (
        "backdated by two days",
        lambda: sign(FORM, CA.issue(LAN_MST), at=TEST_NOW - timedelta(days=2)),
        "signing_time_invalid",
    ),
]


def _with_header_alg(alg: str) -> str:
    import jwt

    return jwt.api_jws.encode(FORM, "k" * 32, algorithm=alg, is_payload_detached=True)


@pytest.mark.parametrize(
    ("case", "reason"), [(c, r) for _, c, r in CASES], ids=[n for n, _, _ in CASES]
)
def test_a_signature_is_accepted_or_refused_with_its_reason(case: Case, reason: str | None) -> None:
    token = case()
    if reason is None:
        found = verify_jws(token, FORM, trusted=TRUSTED, now=TEST_NOW)
        assert tax_code_of(found.chain[0]) == LAN_MST
        return
    with pytest.raises(SignatureRefused) as refused:
        verify_jws(token, FORM, trusted=TRUSTED, now=TEST_NOW)
    assert refused.value.details["reason"] == reason
    assert refused.value.status == 422
    assert refused.value.message_en != refused.value.message_vi


def test_validity_is_judged_at_the_signing_time_not_today() -> None:
    cert = CA.issue(LAN_MST, valid_from=TEST_NOW - timedelta(days=10), valid_for=timedelta(days=11))
    token = sign(FORM, cert, at=TEST_NOW)
    # Checked again two years later, after the certificate expired: still valid when signed.
    assert verify_jws(token, FORM, trusted=TRUSTED, now=TEST_NOW + timedelta(hours=1))
    assert read_jws(token).signed_at == TEST_NOW


@pytest.mark.parametrize(
    ("tax_code", "allowed", "reason"),
    [
        (LAN_MST, [LAN_MST], None),
        ("0401112222", [LAN_MST, "0401112222"], None),  # a broker under a mandate
        ("0309876547", [LAN_MST], "tax_code_mismatch"),
        (None, [LAN_MST], "tax_code_missing"),
    ],
)
def test_the_certificate_must_name_the_declarant_s_tax_code(
    tax_code: str | None, allowed: list[str], reason: str | None
) -> None:
    cert: x509.Certificate = CA.issue(tax_code)
    if reason is None:
        assert check_tax_code(cert, allowed) == tax_code
        return
    with pytest.raises(SignatureRefused) as refused:
        check_tax_code(cert, allowed)
    assert refused.value.details["reason"] == reason


def test_the_signed_form_is_canonical_json_of_plain_values() -> None:
    from decimal import Decimal

    form = plain({"b": Decimal("1.50"), "c": Decimal("100.000"), "a": (TEST_NOW.date(),)})
    assert canonical_declaration(form) == b'{"a":["2026-11-20"],"b":"1.5","c":"100"}'


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_signatures_message_is_bilingual(key: str) -> None:
    assert_bilingual(MESSAGES[key])
