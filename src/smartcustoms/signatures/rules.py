"""Signing certificates and detached JWS signatures checked as pure functions of the
certificates, the trusted CAs, the signed bytes and the time. No I/O.

A declaration is signed over its canonical form (canonical JSON, `canonical_declaration`) by
a detached JWS (RFC 7515 appendix F) whose protected header carries the signer's certificate
chain (`x5c`) and the signing time (`sigT`, as in ETSI JAdES). The checks, in order: the JWS
reads and uses RS256 or ES256; its chain leads to a trusted CA; every certificate was valid
at the signing time; the signer's key is for signing; the signature matches the bytes.
Registration and revocation are the service's (they need the database).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any

import jwt
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from smartcustoms.audit.rules import canonical_json
from smartcustoms.errors import RuleViolated
from smartcustoms.signatures.messages import error

ALGORITHMS = ("RS256", "ES256")
# A signer's clock may run a little ahead of ours.
CLOCK_SKEW = timedelta(minutes=5)
# A signature is handed in soon after it is made: a signing time older than this is refused,
# so a signer cannot backdate a signature into an expired or revoked certificate's validity.
MAX_AGE = timedelta(hours=24)


class SignatureRefused(RuleViolated):
    """A certificate or a signature customs does not accept; `details["reason"]` says why."""

    code = "signature_refused"


def refused(reason: str, **params: object) -> SignatureRefused:
    found = error(SignatureRefused, reason, **params)
    found.details["reason"] = reason
    return found


# ---------------------------------------------------------------------------- certificates


def load_certificate(text: str | bytes) -> x509.Certificate:
    """One certificate from PEM (or DER); refused if it is neither."""
    data = text.encode() if isinstance(text, str) else text
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise refused("certificate_unreadable") from exc


def load_bundle(text: bytes) -> list[x509.Certificate]:
    """Every certificate of a PEM bundle (the trusted CAs)."""
    try:
        return x509.load_pem_x509_certificates(text)
    except ValueError as exc:
        raise refused("certificate_unreadable") from exc


def fingerprint(cert: x509.Certificate) -> str:
    return hashlib.sha256(cert.public_bytes(Encoding.DER)).hexdigest()


def tax_code_of(cert: x509.Certificate) -> str | None:
    """The tax code (MST) a Vietnamese CA writes in the subject: `UID=MST:0101234567` (or a
    serialNumber of that form)."""
    for oid in (NameOID.USER_ID, NameOID.SERIAL_NUMBER):
        for attribute in cert.subject.get_attributes_for_oid(oid):
            value = str(attribute.value).strip()
            if value.upper().startswith("MST:"):
                return value[4:].strip()
    return None


def subject_name(cert: x509.Certificate) -> str:
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else cert.subject.rfc4514_string()


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def check_chain(
    chain: Sequence[x509.Certificate], trusted: Sequence[x509.Certificate], *, at: datetime
) -> None:
    """The chain (signer first) leads to a trusted CA, every certificate in it valid at `at`,
    and the signer's key usage allows signing."""
    if not chain:
        raise refused("certificate_unreadable")
    for cert, issuer in pairwise(chain):
        if not _issued_by(cert, issuer):
            raise refused("certificate_untrusted")
    top = chain[-1]
    anchor = next((ca for ca in trusted if _issued_by(top, ca)), None)
    if anchor is None:
        raise refused("certificate_untrusted")
    for cert in (*chain, anchor):
        if not cert.not_valid_before_utc <= at <= cert.not_valid_after_utc:
            raise refused(
                "certificate_not_valid_then",
                at=_stamp(at),
                not_before=_stamp(cert.not_valid_before_utc),
                not_after=_stamp(cert.not_valid_after_utc),
            )
    if not _for_signing(chain[0]):
        raise refused("key_usage_not_signing")


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    if cert.issuer != issuer.subject:
        return False
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _for_signing(cert: x509.Certificate) -> bool:
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return False
    return bool(usage.digital_signature or usage.content_commitment)


def check_tax_code(cert: x509.Certificate, allowed: Sequence[str]) -> str:
    """The certificate's tax code, which must be one of `allowed` (the declaring enterprise's,
    or its broker's acting under a mandate)."""
    tax_code = tax_code_of(cert)
    if tax_code is None:
        raise refused("tax_code_missing")
    if tax_code not in allowed:
        raise refused("tax_code_mismatch", tax_code=tax_code)
    return tax_code


# ---------------------------------------------------------------------------- the signed form


def canonical_declaration(form: Mapping[str, Any]) -> bytes:
    """The bytes a declaration's signature covers: its canonical JSON."""
    return canonical_json(dict(form)).encode()


def digest(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


@dataclass(frozen=True)
class ReadSignature:
    """What a detached JWS says of itself before it is verified."""

    algorithm: str
    chain: tuple[x509.Certificate, ...]
    signed_at: datetime


def read_jws(token: str) -> ReadSignature:
    """The algorithm, certificate chain (x5c) and signing time (sigT) of a detached JWS."""
    if token.count(".") != 2 or token.split(".")[1] != "":
        raise refused("signature_malformed")
    try:
        header = jwt.get_unverified_header(token)
    except jwt.exceptions.DecodeError as exc:
        raise refused("signature_malformed") from exc
    alg = str(header.get("alg"))
    if alg not in ALGORITHMS:
        raise refused("algorithm_not_allowed", alg=alg)
    x5c = header.get("x5c")
    if not isinstance(x5c, list) or not x5c:
        raise refused("signature_malformed")
    try:
        chain = tuple(load_certificate(base64.b64decode(c, validate=True)) for c in x5c)
    except (binascii.Error, TypeError) as exc:
        raise refused("signature_malformed") from exc
    try:
        signed_at = datetime.fromisoformat(str(header.get("sigT")))
    except ValueError as exc:
        raise refused("signing_time_invalid") from exc
    if signed_at.tzinfo is None:
        raise refused("signing_time_invalid")
    return ReadSignature(alg, chain, signed_at.astimezone(UTC))


def verify_jws(
    token: str, payload: bytes, *, trusted: Sequence[x509.Certificate], now: datetime
) -> ReadSignature:
    """Every check but registration, revocation and the tax code: the signature reads, its
    chain is trusted and valid when it was signed (not later than now), and it matches."""
    found = read_jws(token)
    if not now - MAX_AGE <= found.signed_at <= now + CLOCK_SKEW:
        raise refused("signing_time_invalid")
    check_chain(found.chain, trusted, at=found.signed_at)
    try:
        jwt.api_jws.decode_complete(
            token,
            key=found.chain[0].public_key(),  # type: ignore[arg-type]
            algorithms=[found.algorithm],
            detached_payload=payload,
        )
    except (jwt.exceptions.InvalidSignatureError, TypeError, ValueError) as exc:
        # TypeError: the algorithm is not the certificate key's kind (ES256 with an RSA key).
        raise refused("signature_invalid") from exc
    except jwt.exceptions.PyJWTError as exc:
        raise refused("signature_malformed") from exc
    return found


def x5c_of(chain: Sequence[x509.Certificate]) -> list[str]:
    """A chain as the x5c header carries it (base64 DER, signer first)."""
    return [base64.b64encode(cert.public_bytes(Encoding.DER)).decode() for cert in chain]


def plain(value: Any) -> Any:
    """A declaration's values as canonical JSON takes them: amounts and dates as text."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return str(value)  # Decimal, date, enums
