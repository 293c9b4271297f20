"""CRL revocation and XAdES, as pure checks: a certificate revoked before the signing time is
refused naming the date; a stale or forged CRL leaves the status unknown (refused); XAdES
over an XML document is checked like a JWS (chain, validity, key usage, tamper)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import pytest
from cryptography import x509

from signature_support import EC_KEY, SigningCA, crl, other_ca, sign, sign_xml
from smartcustoms.signatures.rules import (
    SignatureRefused,
    Trust,
    canonical_declaration,
    verify_jws,
)
from smartcustoms.signatures.xades import has_signature, read_xades, verify_xades
from support import TEST_NOW

CA = SigningCA()
LAN_MST = "0101234565"
FORM = canonical_declaration({"declaration_id": 7})
XML = (
    b'<Declaration xmlns="urn:wco:datamodel:WCO:DEC-DMS:2"><ID>7</ID>'
    b"<Declarant><ID>0101234565</ID></Declarant></Declaration>"
)


def _trust(*crls: x509.CertificateRevocationList, required: bool = False) -> Trust:
    def source(
        _chain: Sequence[x509.Certificate], _now: datetime
    ) -> list[x509.CertificateRevocationList]:
        return list(crls)

    return Trust((CA.cert,), crls_for=source, crl_required=required)


def _reason(call: object) -> str:
    with pytest.raises(SignatureRefused) as refused:
        call()  # type: ignore[operator]
    assert refused.value.message_en != refused.value.message_vi
    return str(refused.value.details["reason"])


def test_a_certificate_revoked_before_signing_is_refused_naming_the_date() -> None:
    cert = CA.issue(LAN_MST)
    revoked = crl(CA, [(cert, TEST_NOW - timedelta(days=2))])
    token = sign(FORM, cert)
    with pytest.raises(SignatureRefused) as refused:
        verify_jws(token, FORM, trusted=_trust(revoked), now=TEST_NOW)
    assert refused.value.details["reason"] == "certificate_revoked_by_ca"
    assert (TEST_NOW - timedelta(days=2)).strftime("%Y-%m-%d") in refused.value.message_en
    assert "thu hồi" in refused.value.message_vi


def test_a_revocation_after_the_signing_time_does_not_undo_the_signature() -> None:
    cert = CA.issue(LAN_MST)
    later = crl(
        CA, [(cert, TEST_NOW + timedelta(minutes=1))], issued=TEST_NOW + timedelta(minutes=2)
    )
    token = sign(FORM, cert)
    assert verify_jws(token, FORM, trusted=_trust(later), now=TEST_NOW + timedelta(minutes=3))


def test_a_stale_crl_leaves_the_status_unknown() -> None:
    cert = CA.issue(LAN_MST)
    stale = crl(CA, issued=TEST_NOW - timedelta(days=9), next_update=TEST_NOW - timedelta(days=2))
    token = sign(FORM, cert)
    assert _reason(lambda: verify_jws(token, FORM, trusted=_trust(stale), now=TEST_NOW)) == (
        "revocation_stale"
    )


def test_a_crl_not_signed_by_the_ca_is_not_believed() -> None:
    cert = CA.issue(LAN_MST)
    forged = crl(CA, key=EC_KEY)
    token = sign(FORM, cert)
    assert _reason(lambda: verify_jws(token, FORM, trusted=_trust(forged), now=TEST_NOW)) == (
        "crl_not_genuine"
    )


def test_no_crl_passes_unless_crls_are_required() -> None:
    token = sign(FORM, CA.issue(LAN_MST))
    assert verify_jws(token, FORM, trusted=_trust(), now=TEST_NOW)
    assert _reason(
        lambda: verify_jws(token, FORM, trusted=_trust(required=True), now=TEST_NOW)
    ) == ("revocation_unknown")
    assert verify_jws(token, FORM, trusted=_trust(crl(CA), required=True), now=TEST_NOW)


def test_xades_over_the_xml_form_is_verified_and_gives_back_what_it_covers() -> None:
    cert = CA.issue(LAN_MST)
    signed = sign_xml(XML, cert)
    assert has_signature(signed)
    assert not has_signature(XML)
    verified = verify_xades(signed, trusted=_trust(), now=TEST_NOW)
    assert verified.found.signed_at == TEST_NOW
    assert verified.document == XML
    assert read_xades(signed).algorithm == "RSA-SHA256"
    ec_signed = sign_xml(XML, CA.issue(LAN_MST, key=EC_KEY), key=EC_KEY)
    assert verify_xades(ec_signed, trusted=_trust(), now=TEST_NOW).found.algorithm == "ECDSA-SHA256"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (
            lambda: sign_xml(XML, CA.issue(LAN_MST)).replace(b"<ID>7</ID>", b"<ID>8</ID>"),
            "signature_invalid",
        ),
        (lambda: sign_xml(XML, other_ca().issue(LAN_MST)), "certificate_untrusted"),
        (
            lambda: sign_xml(
                XML,
                CA.issue(
                    LAN_MST,
                    valid_from=TEST_NOW - timedelta(days=400),
                    valid_for=timedelta(days=300),
                ),
            ),
            "certificate_not_valid_then",
        ),
        (lambda: sign_xml(XML, CA.issue(LAN_MST, signing=False)), "key_usage_not_signing"),
        (
            lambda: sign_xml(XML, CA.issue(LAN_MST), at=TEST_NOW - timedelta(days=3)),
            "signing_time_invalid",
        ),
        (lambda: XML, "xades_malformed"),
        (lambda: b"<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>", "xades_malformed"),
    ],
    ids=[
        "tampered",
        "untrusted",
        "expired",
        "not-for-signing",
        "backdated",
        "unsigned",
        "entities",
    ],
)
def test_bad_xades_is_refused_with_its_reason(make: object, reason: str) -> None:
    xml = make()  # type: ignore[operator]
    assert _reason(lambda: verify_xades(xml, trusted=_trust(), now=TEST_NOW)) == reason


def test_xades_of_a_revoked_certificate_is_refused() -> None:
    cert = CA.issue(LAN_MST)
    revoked = crl(CA, [(cert, TEST_NOW - timedelta(days=1))])
    signed = sign_xml(XML, cert)
    assert _reason(lambda: verify_xades(signed, trusted=_trust(revoked), now=TEST_NOW)) == (
        "certificate_revoked_by_ca"
    )
