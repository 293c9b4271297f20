"""A partner customs administration as registered: its country, endpoint and the Ed25519
public key its messages are verified with. Pure: parses and checks, no I/O."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from smartcustoms.errors import Conflict, PermissionDenied

MAX_ENDPOINT = 500
MAX_KEY_TEXT = 2000


@dataclass(frozen=True)
class PartnerKey:
    """A partner's public key: Ed25519, kept as PEM, named by its SHA-256 fingerprint."""

    pem: str
    fingerprint: str  # hex SHA-256 of the raw 32-byte key


def read_public_key(text: str) -> PartnerKey | None:
    """An Ed25519 public key given as PEM (SubjectPublicKeyInfo) or as the raw 32 bytes in
    base64; None when it is neither (or another algorithm)."""
    text = text.strip()
    if not text or len(text) > MAX_KEY_TEXT:
        return None
    key: object
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(text.encode())
        else:
            raw = base64.b64decode(text, validate=True)
            if len(raw) != 32:
                return None
            key = Ed25519PublicKey.from_public_bytes(raw)
    except (ValueError, UnsupportedAlgorithm, TypeError):
        return None
    if not isinstance(key, Ed25519PublicKey):
        return None
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    pem = key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    return PartnerKey(pem, hashlib.sha256(raw).hexdigest())


def endpoint_problem(url: str) -> str | None:
    """Why a partner's endpoint is refused (a message key), or None."""
    if len(url) > MAX_ENDPOINT:
        return "endpoint_too_long"
    try:
        parts = urlsplit(url)
        _ = parts.port
    except ValueError:
        return "endpoint_invalid"
    if parts.scheme != "https" or not parts.hostname or parts.username or parts.password:
        return "endpoint_invalid"
    return None


def country_problem(country: str, known: frozenset[str], *, ours: str = "VN") -> str | None:
    if len(country) != 2 or not country.isascii() or not country.isupper():
        return "country_invalid"
    if country == ours:
        return "country_is_ours"
    if country not in known:
        return "country_unknown"
    return None


def endpoint_problem_for(url: str, *, allow_http: bool) -> str | None:
    """endpoint_problem, with plain http allowed on a developer's machine and in the tests
    (SMARTCUSTOMS_PARTNERS_ALLOW_HTTP)."""
    if allow_http and url.startswith("http://"):
        return endpoint_problem("https://" + url.removeprefix("http://"))
    return endpoint_problem(url)


# Signed messages. The envelope is canonical JSON (keys sorted, no spaces, UTF-8); the
# signature is Ed25519 over exactly those bytes, in base64. A receiver rebuilds the bytes
# from the envelope it parsed, so a changed body, type, sender or id breaks the signature.
MESSAGE_TYPES = frozenset({"acdd", "eco", "note"})
MAX_MESSAGE_ID = 64


@dataclass(frozen=True)
class Envelope:
    message_id: str
    type: str
    sender: str  # the sending customs' country
    receiver: str
    sent_at: str  # ISO 8601, as the sender's clock read it
    body: dict[str, Any]

    def document(self) -> dict[str, Any]:
        return {
            "message_id": self.message_id,
            "type": self.type,
            "sender": self.sender,
            "receiver": self.receiver,
            "sent_at": self.sent_at,
            "body": self.body,
        }


def canonical(document: Mapping[str, Any]) -> bytes:
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode()


def sign_envelope(envelope: Envelope, key: Ed25519PrivateKey) -> str:
    return base64.b64encode(key.sign(canonical(envelope.document()))).decode()


def envelope_problem(document: object) -> str | None:
    """Why a received envelope is malformed (a message key), or None."""
    if not isinstance(document, dict):
        return "envelope_invalid"
    wanted = {"message_id", "type", "sender", "receiver", "sent_at", "body"}
    if set(document) != wanted or not isinstance(document["body"], dict):
        return "envelope_invalid"
    texts_ = [document[k] for k in wanted - {"body"}]
    if not all(isinstance(t, str) and t for t in texts_):
        return "envelope_invalid"
    if len(document["message_id"]) > MAX_MESSAGE_ID:
        return "envelope_invalid"
    if document["type"] not in MESSAGE_TYPES:
        return "message_type_unknown"
    return None


def envelope_from(document: Mapping[str, Any]) -> Envelope:
    return Envelope(
        message_id=document["message_id"],
        type=document["type"],
        sender=document["sender"],
        receiver=document["receiver"],
        sent_at=document["sent_at"],
        body=dict(document["body"]),
    )


def signature_valid(envelope: Envelope, signature: str | None, public_key_pem: str) -> bool:
    """Whether the signature is the partner's over this envelope."""
    if not signature:
        return False
    try:
        raw = base64.b64decode(signature, validate=True)
        key = serialization.load_pem_public_key(public_key_pem.encode())
        if not isinstance(key, Ed25519PublicKey):
            return False
        key.verify(raw, canonical(envelope.document()))
    except (ValueError, InvalidSignature, binascii.Error):
        return False
    return True


# Delivery of outgoing messages: retried with backoff until the partner acknowledges it.
FIRST_RETRY = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=1)
GIVE_UP_AFTER = timedelta(days=14)


def retry_after(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt."""
    if attempts < 1:
        return timedelta(0)
    return min(FIRST_RETRY * (1 << min(attempts - 1, 20)), LONGEST_WAIT)


def acknowledged(status: int | None) -> bool:
    """The partner holds the message: it took it now (2xx), or already had it (409: a
    resend after a lost acknowledgement)."""
    return status is not None and (200 <= status < 300 or status == 409)


# ACDD (ASEAN Customs Declaration Document): the agreed elements of an export declaration
# sent to the destination's customs at release. Only these leave the country: no unit
# prices, contract, freight, insurance, internal ids or the declarant's people.
ACDD_HEADER = (
    "number",
    "exporter_name",
    "exporter_tax_code",
    "exporter_reference",  # the invoice number: what the importer's papers also carry
    "consignee_name",
    "country_of_destination",
    "transport_mode",
    "transport_document",
    "port_of_loading",
    "port_of_discharge",
    "departure_date",
    "invoice_currency",
    "invoice_amount",
)
ACDD_ITEM = ("hs_code", "description", "origin_country", "quantity", "unit", "invoice_value")


def acdd_body(
    header: Mapping[str, object], items: Sequence[Mapping[str, object]]
) -> dict[str, Any]:
    """The ACDD: the agreed elements of the header and items, everything else left out;
    decimals and dates as text."""

    def text(value: object) -> str | None:
        return None if value is None else str(value)

    return {
        **{name: text(header.get(name)) for name in ACDD_HEADER},
        "items": [
            {"line_no": i + 1, **{name: text(item.get(name)) for name in ACDD_ITEM}}
            for i, item in enumerate(items)
        ],
    }


VALUE_TOLERANCE = Decimal("0.01")  # 1 % of the exported value


@dataclass(frozen=True)
class Discrepancy:
    """A difference between an import declaration and the exporting customs' ACDD."""

    kind: str  # "value" or "quantity"
    hs_code: str
    declared: Decimal
    exported: Decimal

    def as_fact(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "hs_code": self.hs_code,
            "declared": plain(self.declared),
            "exported": plain(self.exported),
        }


def plain(amount: Decimal) -> str:
    """A decimal without trailing zeros or exponent: 10000.0000 → "10000"."""
    return format(amount.normalize(), "f")


def totals_by_hs(items: Sequence[Mapping[str, object]], field_name: str) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for item in items:
        hs = str(item.get("hs_code") or "")[:6]
        try:
            amount = Decimal(str(item.get(field_name) or 0))
        except InvalidOperation:
            amount = Decimal(0)
        if not amount.is_finite():  # NaN or Infinity from a partner: no amount
            amount = Decimal(0)
        totals[hs] = totals.get(hs, Decimal(0)) + amount
    return totals


def discrepancies(
    declared: Sequence[Mapping[str, object]], exported: Sequence[Mapping[str, object]]
) -> list[Discrepancy]:
    """Value and quantity differences by HS subheading (6 digits): a value declared lower
    than 99 % of the exported one, or any other quantity."""
    found: list[Discrepancy] = []
    ours, theirs = totals_by_hs(declared, "invoice_value"), totals_by_hs(exported, "invoice_value")
    for hs in sorted(set(ours) | set(theirs)):
        mine, other = ours.get(hs, Decimal(0)), theirs.get(hs, Decimal(0))
        if mine < other * (1 - VALUE_TOLERANCE):
            found.append(Discrepancy("value", hs, mine, other))
    ours, theirs = totals_by_hs(declared, "quantity"), totals_by_hs(exported, "quantity")
    for hs in sorted(set(ours) | set(theirs)):
        mine, other = ours.get(hs, Decimal(0)), theirs.get(hs, Decimal(0))
        if mine != other:
            found.append(Discrepancy("quantity", hs, mine, other))
    return found


class MessageRefused(PermissionDenied):
    """A partner message not accepted: unknown sender, bad or missing signature, wrong
    receiver, malformed envelope. `details["reason"]` says which."""

    code = "partner_message_refused"
    title = "Partner message refused"


class MessageReplayed(Conflict):
    """A message id already received from that partner: nothing is stored again (409, which
    the sender reads as the partner holding it)."""

    code = "partner_message_replayed"
    title = "Partner message already received"


# e-C/O: an electronic certificate of origin (ATIGA e-Form D) from the exporting country's
# issuing authority, through its customs. Issued, or cancelled later by another message.
ECO_STATUSES = frozenset({"issued", "cancelled"})
ECO_TEXT = ("reference_number", "form", "status", "exporter_name", "issued_on")


def eco_problem(body: Mapping[str, object]) -> str | None:
    """Why a received e-C/O is refused (a message key), or None."""
    if not all(isinstance(body.get(k), str) and body.get(k) for k in ECO_TEXT):
        return "eco_invalid"
    if body["status"] not in ECO_STATUSES:
        return "eco_status_invalid"
    items = body.get("items")
    if not isinstance(items, list) or not items:
        return "eco_invalid"
    for item in items:
        if not isinstance(item, dict) or len(str(item.get("hs_code") or "")) < 6:
            return "eco_invalid"
        try:
            quantity = Decimal(str(item.get("quantity")))
            if not quantity.is_finite() or quantity <= 0:
                return "eco_invalid"
        except InvalidOperation:
            return "eco_invalid"
    return None


def same_party(a: str | None, b: str | None) -> bool:
    """Two spellings of one company name: case, punctuation and spacing aside."""

    def key(name: str | None) -> str:
        return "".join(c for c in (name or "").casefold() if c.isalnum())

    return bool(key(a)) and key(a) == key(b)


def certified(body: Mapping[str, Any]) -> dict[str, Decimal]:
    """An e-C/O's quantities by HS subheading."""
    return {k: v for k, v in totals_by_hs(body["items"], "quantity").items() if k}


@dataclass(frozen=True)
class Overuse:
    hs_code: str
    certified: Decimal
    used: Decimal  # by other declarations
    wanted: Decimal

    @property
    def left(self) -> str:
        return plain(max(self.certified - self.used, Decimal(0)))


def overuse(
    certified_: Mapping[str, Decimal],
    used: Mapping[str, Decimal],
    wanted: Mapping[str, Decimal],
) -> Overuse | None:
    """The first subheading a declaration would take beyond what the C/O has left."""
    for hs in sorted(wanted):
        if used.get(hs, Decimal(0)) + wanted[hs] > certified_.get(hs, Decimal(0)):
            return Overuse(hs, certified_.get(hs, Decimal(0)), used.get(hs, Decimal(0)), wanted[hs])
    return None
