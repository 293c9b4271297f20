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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
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


# ---------------------------------------------------------------------------- revocation

CrlSource = Callable[
    [Sequence[x509.Certificate], datetime], Sequence[x509.CertificateRevocationList]
]


def _no_crls(
    _chain: Sequence[x509.Certificate], _now: datetime
) -> Sequence[x509.CertificateRevocationList]:
    return ()


@dataclass(frozen=True)
class Trust:
    """What a signature is checked against: the trusted CAs, where the certificate
    revocation lists come from (given the chain and the time; the service reads files and
    fetches them), and whether a chain with no CRL at all is refused."""

    cas: tuple[x509.Certificate, ...]
    crls_for: CrlSource = field(default=_no_crls)
    crl_required: bool = False


def as_trust(trusted: Sequence[x509.Certificate] | Trust) -> Trust:
    return trusted if isinstance(trusted, Trust) else Trust(tuple(trusted))


def issuer_in(cert: x509.Certificate, candidates: Sequence[x509.Certificate]) -> x509.Certificate:
    found = next((ca for ca in candidates if _issued_by(cert, ca)), None)
    if found is None:
        raise refused("certificate_untrusted")
    return found


def check_revocation(
    cert: x509.Certificate,
    issuer: x509.Certificate,
    crls: Sequence[x509.CertificateRevocationList],
    *,
    signed_at: datetime,
    now: datetime,
    required: bool,
) -> None:
    """`cert` was not revoked by `issuer` before `signed_at`, by the issuer's latest CRL
    whose signature holds. A CRL past its nextUpdate (at `now`) says nothing reliable: the
    status is unknown and the signature is refused; with no CRL for the issuer, refused only
    if CRLs are `required` (policy in docs/signatures.md)."""
    theirs = [c for c in crls if c.issuer == issuer.subject]
    if not theirs:
        if required:
            raise refused("revocation_unknown", issuer=subject_name(issuer))
        return
    genuine = [c for c in theirs if _crl_signed_by(c, issuer)]
    if not genuine:
        raise refused("crl_not_genuine", issuer=subject_name(issuer))
    crl = max(genuine, key=lambda c: c.last_update_utc)
    if crl.next_update_utc is None or crl.next_update_utc < now:
        raise refused(
            "revocation_stale",
            issuer=subject_name(issuer),
            next_update=_stamp(crl.next_update_utc or crl.last_update_utc),
        )
    entry = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
    if entry is not None and entry.revocation_date_utc <= signed_at:
        raise refused(
            "certificate_revoked_by_ca",
            revoked_at=_stamp(entry.revocation_date_utc),
            at=_stamp(signed_at),
        )


def _crl_signed_by(crl: x509.CertificateRevocationList, issuer: x509.Certificate) -> bool:
    try:
        return crl.is_signature_valid(issuer.public_key())  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def check_chain_revocation(
    chain: Sequence[x509.Certificate], trust: Trust, *, signed_at: datetime, now: datetime
) -> None:
    """Every certificate of the chain (signer first) against its issuer's CRL."""
    crls = trust.crls_for(chain, now)
    for position, cert in enumerate(chain):
        if cert.issuer == cert.subject:
            continue  # a root is trusted or not; no CRL speaks for it
        issuer = chain[position + 1] if position + 1 < len(chain) else issuer_in(cert, trust.cas)
        check_revocation(
            cert, issuer, crls, signed_at=signed_at, now=now, required=trust.crl_required
        )


# ---------------------------------------------------------------------------- the signed form


def canonical_declaration(form: Mapping[str, Any]) -> bytes:
    """The bytes a declaration's signature covers: its canonical JSON."""
    return canonical_json(dict(form)).encode()


def declaration_form(
    *, declaration_id: int, version: int, enterprise_id: int, content: Mapping[str, Any]
) -> bytes:
    """A declaration version's signed form. The direction is not in it: the type code (in
    the content) decides it, and a draft has none until it is submitted."""
    form = {
        "declaration_id": declaration_id,
        "version": version,
        "enterprise_id": enterprise_id,
        "content": dict(content),
    }
    return canonical_declaration(plain(form))


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


def check_signing_time(signed_at: datetime, now: datetime) -> None:
    if not now - MAX_AGE <= signed_at <= now + CLOCK_SKEW:
        raise refused("signing_time_invalid")


def verify_jws(
    token: str, payload: bytes, *, trusted: Sequence[x509.Certificate] | Trust, now: datetime
) -> ReadSignature:
    """Every check but registration and the tax code: the signature reads, its chain is
    trusted and valid when it was signed (not later than now), it matches, and no CRL of the
    chain's CAs revoked a certificate before the signing time."""
    trust = as_trust(trusted)
    found = read_jws(token)
    check_signing_time(found.signed_at, now)
    check_chain(found.chain, trust.cas, at=found.signed_at)
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
    check_chain_revocation(found.chain, trust, signed_at=found.signed_at, now=now)
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
    if isinstance(value, Decimal):
        # Without trailing zeros: 12.50 as filed and 12.5000 as stored are one amount.
        return format(value.normalize(), "f") if value else "0"
    return str(value)  # date, enums
