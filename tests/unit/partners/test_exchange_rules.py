"""The exchange's pure rules: the signed envelope, the ACDD's agreed elements, the
discrepancies an ACDD reveals, the e-C/O's checks and quantities, and the retry waits."""

from __future__ import annotations

import copy
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from smartcustoms.partners.catalog import UI
from smartcustoms.partners.rules import (
    Envelope,
    acdd_body,
    acknowledged,
    canonical,
    certified,
    discrepancies,
    eco_problem,
    endpoint_problem_for,
    envelope_from,
    envelope_problem,
    overuse,
    retry_after,
    same_party,
    sign_envelope,
    signature_valid,
)

KEY = Ed25519PrivateKey.generate()
PEM = (
    KEY.public_key()
    .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    .decode()
)
ENVELOPE = Envelope("m-1", "acdd", "VN", "TH", "2026-11-20T02:00:00+00:00", {"number": "3001"})


def test_a_signed_envelope_verifies_and_any_change_breaks_it() -> None:
    signature = sign_envelope(ENVELOPE, KEY)
    assert signature_valid(ENVELOPE, signature, PEM)
    received = envelope_from(copy.deepcopy(ENVELOPE.document()))
    assert signature_valid(received, signature, PEM)
    for changed in (
        Envelope("m-2", "acdd", "VN", "TH", ENVELOPE.sent_at, ENVELOPE.body),
        Envelope("m-1", "eco", "VN", "TH", ENVELOPE.sent_at, ENVELOPE.body),
        Envelope("m-1", "acdd", "VN", "SG", ENVELOPE.sent_at, ENVELOPE.body),
        Envelope("m-1", "acdd", "VN", "TH", ENVELOPE.sent_at, {"number": "3002"}),
    ):
        assert not signature_valid(changed, signature, PEM)
    other = Ed25519PrivateKey.generate()
    assert not signature_valid(ENVELOPE, sign_envelope(ENVELOPE, other), PEM)
    for bad in (None, "", "not base64!", "QUJD"):
        assert not signature_valid(ENVELOPE, bad, PEM)


def test_the_signed_bytes_do_not_depend_on_key_order() -> None:
    shuffled = dict(reversed(list(ENVELOPE.document().items())))
    assert canonical(shuffled) == canonical(ENVELOPE.document())


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        (ENVELOPE.document(), None),
        ("text", "envelope_invalid"),
        ({**ENVELOPE.document(), "extra": 1}, "envelope_invalid"),
        ({**ENVELOPE.document(), "body": []}, "envelope_invalid"),
        ({**ENVELOPE.document(), "sender": ""}, "envelope_invalid"),
        ({**ENVELOPE.document(), "message_id": "x" * 65}, "envelope_invalid"),
        ({**ENVELOPE.document(), "type": "invoice"}, "message_type_unknown"),
    ],
)
def test_a_malformed_envelope_is_named(document: object, problem: str | None) -> None:
    assert envelope_problem(document) == problem


def test_the_acdd_carries_only_the_agreed_elements() -> None:
    body = acdd_body(
        {"number": "300000000001", "invoice_amount": Decimal("12500.00"), "freight": "350"},
        [{"hs_code": "85171300", "quantity": Decimal("50"), "unit_price": Decimal("200")}],
    )
    assert "freight" not in body
    assert body["invoice_amount"] == "12500.00"
    assert body["consignee_name"] is None
    assert body["items"] == [
        {"line_no": 1, "hs_code": "85171300", "description": None, "origin_country": None,
         "quantity": "50", "unit": None, "invoice_value": None}
    ]  # fmt: skip


def _item(hs: str, quantity: str, value: str) -> dict[str, Any]:
    return {"hs_code": hs, "quantity": quantity, "invoice_value": value}


@pytest.mark.parametrize(
    ("declared", "exported", "found"),
    [
        ([_item("85171300", "50", "10000")], [_item("85171300", "50", "10000")], []),
        ([_item("85171300", "50", "9950")], [_item("85171300", "50", "10000")], []),  # within 1 %
        ([_item("85171300", "50", "12000")], [_item("85171300", "50", "10000")], []),  # more
        (
            [_item("85171300", "50", "9000")],
            [_item("85171300", "50", "10000")],
            [("value", "851713", "9000", "10000")],
        ),
        (
            [_item("85171300", "40", "10000")],
            [_item("85171300", "50", "10000")],
            [("quantity", "851713", "40", "50")],
        ),
        (
            [_item("85171300", "50", "10000")],
            [_item("85171300", "50", "10000"), _item("61091010", "10", "30")],
            [("value", "610910", "0", "30"), ("quantity", "610910", "0", "10")],
        ),
        (
            [_item("85171300", "20", "4000"), _item("85171390", "30", "6000")],
            [_item("85171300", "50", "10000")],
            [],
        ),  # lines of one subheading add up
    ],
)
def test_discrepancies_between_an_import_and_its_acdd(
    declared: list[dict[str, Any]],
    exported: list[dict[str, Any]],
    found: list[tuple[str, str, str, str]],
) -> None:
    facts = [d.as_fact() for d in discrepancies(declared, exported)]
    assert [(f["kind"], f["hs_code"], f["declared"], f["exported"]) for f in facts] == found


def _form_d(**fields: Any) -> dict[str, Any]:
    return {
        "reference_number": "TH-1", "form": "D", "status": "issued",
        "exporter_name": "Siam Cotton", "issued_on": "2026-11-12",
        "items": [{"hs_code": "61091010", "quantity": "1500"}], **fields,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (_form_d(), None),
        (_form_d(status="cancelled"), None),
        (_form_d(status="draft"), "eco_status_invalid"),
        (_form_d(reference_number=""), "eco_invalid"),
        (_form_d(items=[]), "eco_invalid"),
        (_form_d(items=[{"hs_code": "6109", "quantity": "1"}]), "eco_invalid"),
        (_form_d(items=[{"hs_code": "61091010", "quantity": "-1"}]), "eco_invalid"),
        (_form_d(items=[{"hs_code": "61091010", "quantity": "many"}]), "eco_invalid"),
    ],
)
def test_an_e_c_o_is_checked_before_it_is_kept(body: dict[str, Any], problem: str | None) -> None:
    assert eco_problem(body) == problem


def test_a_c_o_is_not_used_beyond_its_quantity() -> None:
    on_it = certified(_form_d())
    assert on_it == {"610910": Decimal("1500")}
    assert overuse(on_it, {}, {"610910": Decimal("1500")}) is None
    beyond = overuse(on_it, {"610910": Decimal("1000")}, {"610910": Decimal("501")})
    assert beyond is not None
    assert beyond.left == "500"
    assert overuse(on_it, {"610910": Decimal("1500")}, {"610910": Decimal("1")}) is not None


def test_company_names_compare_without_case_or_punctuation() -> None:
    assert same_party("Siam Cotton Co., Ltd", "SIAM COTTON CO LTD")
    assert not same_party("Siam Cotton Co., Ltd", "Bangkok Garments Ltd")
    assert not same_party("", "")


def test_retries_wait_longer_each_time_up_to_an_hour() -> None:
    waits = [retry_after(n) for n in range(0, 10)]
    assert waits[:4] == [timedelta(0), timedelta(seconds=30), timedelta(minutes=1),
                         timedelta(minutes=2)]  # fmt: skip
    assert waits[-1] == timedelta(hours=1)
    assert acknowledged(200)
    assert acknowledged(409)  # the partner already holds it
    for status in (None, 400, 403, 500, 503):
        assert not acknowledged(status)


def test_plain_http_endpoints_only_when_allowed() -> None:
    assert endpoint_problem_for("http://127.0.0.1:8000/inbox", allow_http=False)
    assert endpoint_problem_for("http://127.0.0.1:8000/inbox", allow_http=True) is None
    assert endpoint_problem_for("https://customs.go.th/x", allow_http=False) is None


@pytest.mark.parametrize("key", sorted(UI))
def test_each_portal_word_is_bilingual(key: str) -> None:
    english, vietnamese = UI[key]
    assert english.strip()
    assert vietnamese.strip()
    assert english != vietnamese
