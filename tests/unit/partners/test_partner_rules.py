"""A partner's country, endpoint and Ed25519 key, as the registry checks them."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, generate_private_key
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from messages_support import assert_bilingual
from smartcustoms.partners.messages import CATALOGUE
from smartcustoms.partners.rules import country_problem, endpoint_problem, read_public_key

KNOWN = frozenset({"TH", "SG", "VN", "CN"})


def test_an_ed25519_key_reads_the_same_as_pem_or_raw_base64() -> None:
    public = Ed25519PrivateKey.generate().public_key()
    pem = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    from_pem, from_raw = read_public_key(pem), read_public_key(base64.b64encode(raw).decode())
    assert from_pem is not None
    assert from_pem == from_raw
    assert from_pem.pem == pem
    assert len(from_pem.fingerprint) == 64


def test_other_keys_and_garbage_are_refused() -> None:
    ec = generate_private_key(SECP256R1()).public_key()
    ec_pem = ec.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    for text in [ec_pem, "", "not base64!", base64.b64encode(b"x" * 31).decode(), "-----BEGIN x"]:
        assert read_public_key(text) is None


@pytest.mark.parametrize(
    ("country", "problem"),
    [
        ("TH", None),
        ("th", "country_invalid"),
        ("THA", "country_invalid"),
        ("VN", "country_is_ours"),
        ("ZZ", "country_unknown"),
    ],
)
def test_countries(country: str, problem: str | None) -> None:
    assert country_problem(country, KNOWN) == problem


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://acdd.customs.go.th/exchange", None),
        ("http://acdd.customs.go.th/", "endpoint_invalid"),
        ("https://u:p@x.th/", "endpoint_invalid"),
        ("https://x.th:999999/", "endpoint_invalid"),
        ("https://" + "a" * 500, "endpoint_too_long"),
    ],
)
def test_endpoints(url: str, problem: str | None) -> None:
    assert endpoint_problem(url) == problem


@pytest.mark.parametrize("key", sorted(CATALOGUE.templates))
def test_each_text_is_bilingual(key: str) -> None:
    assert_bilingual(CATALOGUE.templates[key])
