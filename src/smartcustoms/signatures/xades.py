"""XAdES (ETSI EN 319 132) enveloped signatures over a declaration's WCO XML form, made and
checked with signxml. No I/O: the checks are the JWS ones (`rules`): a trusted chain, valid
at the signing time (xades:SigningTime), key usage, revocation by the CAs' CRLs, and the
signature over the whole document (the enveloped reference URI="").

XML is parsed without entities, DTDs or network access (an XML document carrying a DOCTYPE
is refused before it is parsed).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from lxml import etree  # type: ignore[import-untyped]
from signxml.algorithms import DigestAlgorithm, SignatureMethod
from signxml.exceptions import InvalidInput, InvalidSignature, SignXMLException
from signxml.xades.xades import XAdESSignatureConfiguration, XAdESSigner, XAdESVerifier

from smartcustoms.signatures.rules import (
    ReadSignature,
    Trust,
    as_trust,
    check_chain,
    check_chain_revocation,
    check_signing_time,
    load_certificate,
    refused,
)

DS = "http://www.w3.org/2000/09/xmldsig#"
XADES = "http://uri.etsi.org/01903/v1.3.2#"
NS = {"ds": DS, "xades": XADES}
METHODS = {
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256": "RSA-SHA256",
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256": "ECDSA-SHA256",
}
_SIGNATURE_METHODS = frozenset({SignatureMethod.RSA_SHA256, SignatureMethod.ECDSA_SHA256})
_DIGESTS = frozenset({DigestAlgorithm.SHA256})

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def parse(xml: bytes) -> Any:
    """The document's root, parsed safely; refused if it is not XML or declares a DTD."""
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise refused("xades_malformed")
    try:
        return etree.fromstring(xml, parser=_parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise refused("xades_malformed") from exc


def has_signature(xml: bytes) -> bool:
    """Whether a document carries an XML signature (a ds:Signature child of its root)."""
    return DS.encode() in xml


class _Signer(XAdESSigner):
    """signxml's signer with the signing time given (the signer's clock), not read here."""

    signing_time: datetime

    def add_signing_time(
        self, signed_signature_properties: Any, sig_root: Any, signing_settings: Any
    ) -> None:
        node = etree.SubElement(
            signed_signature_properties, f"{{{XADES}}}SigningTime", nsmap=self.namespaces
        )
        node.text = self.signing_time.astimezone(UTC).isoformat(timespec="seconds")


def sign_xml(
    xml: bytes, *, key: PrivateKey, chain: Sequence[x509.Certificate], at: datetime
) -> bytes:
    """An enveloped XAdES-BES signature over the whole document, as a broker's software
    makes it (RSA-SHA256 or ECDSA-SHA256 after the key, SHA-256 digests)."""
    method = "ecdsa-sha256" if isinstance(key, ec.EllipticCurvePrivateKey) else "rsa-sha256"
    signer = _Signer(signature_algorithm=method, digest_algorithm="sha256")
    signer.signing_time = at
    signed = signer.sign(parse(xml), key=key, cert=list(chain))
    return bytes(etree.tostring(signed, xml_declaration=True, encoding="UTF-8"))


def _signature(root: Any) -> Any:
    found = root.findall("ds:Signature", NS)
    if len(found) != 1:
        raise refused("xades_malformed")
    return found[0]


def read_xades(xml: bytes) -> ReadSignature:
    """The algorithm, certificate chain (ds:X509Data) and signing time (xades:SigningTime)
    of an enveloped XAdES signature, before it is verified."""
    signature = _signature(parse(xml))
    method = signature.find("ds:SignedInfo/ds:SignatureMethod", NS)
    algorithm = "" if method is None else str(method.get("Algorithm", ""))
    if algorithm not in METHODS:
        raise refused("algorithm_not_allowed", alg=algorithm.rsplit("#", 1)[-1] or "?")
    texts = [
        c.text or "" for c in signature.findall("ds:KeyInfo/ds:X509Data/ds:X509Certificate", NS)
    ]
    if not texts:
        raise refused("xades_malformed")
    try:
        chain = tuple(load_certificate(base64.b64decode("".join(t.split()))) for t in texts)
    except (binascii.Error, ValueError) as exc:
        raise refused("xades_malformed") from exc
    stamp = signature.find(".//xades:SignedSignatureProperties/xades:SigningTime", NS)
    try:
        signed_at = datetime.fromisoformat(str(None if stamp is None else stamp.text))
    except ValueError as exc:
        raise refused("signing_time_invalid") from exc
    if signed_at.tzinfo is None:
        raise refused("signing_time_invalid")
    return ReadSignature(METHODS[algorithm], chain, signed_at.astimezone(UTC))


@dataclass(frozen=True)
class VerifiedXml:
    """A verified XAdES: who signed when, and the document it covers (without the
    signature), which is what is filed."""

    found: ReadSignature
    document: bytes


def verify_xades(
    xml: bytes, *, trusted: Sequence[x509.Certificate] | Trust, now: datetime
) -> VerifiedXml:
    """Every check but registration and the tax code, as `rules.verify_jws` does."""
    trust = as_trust(trusted)
    found = read_xades(xml)
    check_signing_time(found.signed_at, now)
    check_chain(found.chain, trust.cas, at=found.signed_at)
    config = XAdESSignatureConfiguration(
        verification_time=found.signed_at,
        signature_methods=_SIGNATURE_METHODS,
        digest_algorithms=_DIGESTS,
    )
    try:
        results = XAdESVerifier().verify(
            xml, x509_cert=found.chain[0], expect_config=config, parser=_parser()
        )
    except InvalidInput as exc:
        raise refused("xades_malformed") from exc
    except (InvalidSignature, SignXMLException) as exc:
        raise refused("signature_invalid") from exc
    except (ValueError, TypeError, KeyError, AttributeError, etree.LxmlError) as exc:
        # Whatever else an odd document makes the library trip on is not a signature.
        raise refused("xades_malformed") from exc
    whole = results[0]
    root = parse(xml)
    if whole.signed_xml is None or whole.signed_xml.tag != root.tag:
        raise refused("xades_malformed")  # the signature must cover the whole document
    check_chain_revocation(found.chain, trust, signed_at=found.signed_at, now=now)
    return VerifiedXml(found, whole.signed_data)
