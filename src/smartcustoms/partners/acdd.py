"""ACDD: at an export declaration's release, its agreed elements go to the destination's
customs; an ACDD received is pre-arrival data, matched to import declarations by transport
document or the exporter's reference (the invoice number), its value and quantity
discrepancies kept as facts for risk.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from smartcustoms.declarations import service as declarations
from smartcustoms.identity import service as identity
from smartcustoms.outbox.service import OutboxEvent, emit
from smartcustoms.partners import repository
from smartcustoms.partners.exchange import Signer, queue_message
from smartcustoms.partners.matching import exported_items, risk_codes
from smartcustoms.partners.models import PartnerMessage
from smartcustoms.partners.rules import ACDD_ITEM, acdd_body, discrepancies
from smartcustoms.risk import service as risk

log = logging.getLogger(__name__)

# The goods may leave: released (taxes still being determined) or cleared; whichever comes
# first sends the ACDD, once per declaration.
RELEASE_TOPICS = frozenset({"declaration.released", "declaration.cleared"})


def acdd_of(session: Session, declaration_id: int) -> tuple[str, dict[str, Any]] | None:
    """The destination and the ACDD of an export declaration; None when it is no export or
    names no destination."""
    found = declarations.declaration_for_exchange(session, declaration_id=declaration_id)
    if found is None or found.direction != "export" or not found.country_of_destination:
        return None
    exporter = identity.get_organisation(session, found.enterprise_id)
    header = {
        "number": found.number,
        "exporter_name": exporter.name,
        "exporter_tax_code": exporter.tax_code,
        "exporter_reference": found.invoice_number,
        "consignee_name": found.foreign_party_name,
        "country_of_destination": found.country_of_destination,
        "transport_mode": found.transport_mode,
        "transport_document": found.transport_document,
        "port_of_loading": found.port_of_loading,
        "port_of_discharge": found.port_of_discharge,
        "departure_date": found.departure_date,
        "invoice_currency": found.invoice_currency,
        "invoice_amount": found.invoice_amount,
    }
    items = [{name: getattr(item, name) for name in ACDD_ITEM} for item in found.items]
    return found.country_of_destination, acdd_body(header, items)


def send_at_release(
    session: Session, events: Sequence[OutboxEvent], at: datetime, *, signer: Signer | None
) -> int:
    """The worker's handler of releases: one ACDD per released export whose destination is a
    registered partner, made once per declaration (a redelivered event, or the clearance
    after a release, finds the message made)."""
    sent = 0
    for event in events:
        if event.topic not in RELEASE_TOPICS:
            continue
        declaration_id = int(event.aggregate_id)
        if repository.acdd_sent_for(session, declaration_id) or repository.made_from_event(
            session, event.id
        ):
            continue
        made = acdd_of(session, declaration_id)
        if made is None:
            continue
        country, body = made
        partner = repository.by_country(session, country)
        if partner is None or not partner.active:
            continue
        if signer is None:
            log.warning("no partner signing key: the ACDD of %s is not sent", body["number"])
            continue
        queue_message(
            session,
            signer=signer,
            country=country,
            type="acdd",
            body=body,
            at=at,
            declaration_id=declaration_id,
            source_event_id=event.id,
            reference=body["transport_document"],
        )
        sent += 1
    return sent


def match_received(session: Session, message: PartnerMessage, at: datetime) -> None:
    """An ACDD received: matched to the latest import declaration carrying its transport
    document or the exporter's reference; the discrepancies become the message's facts."""
    body = message.envelope["body"]
    message.reference = _text(body.get("transport_document"), 50)
    message.invoice_reference = _text(body.get("exporter_reference"), 50)
    found = declarations.imports_by_reference(
        session,
        transport_document=message.reference,
        invoice_number=message.invoice_reference,
    )
    if not found:
        return
    declaration = found[0]
    declared = [{name: getattr(item, name) for name in ACDD_ITEM} for item in declaration.items]
    exported = exported_items(body)
    found_now = discrepancies(declared, exported)
    message.declaration_id = declaration.id
    message.state = "matched"
    message.facts = [d.as_fact() for d in found_now]
    message.updated_at = at
    codes = risk_codes(found_now)
    if codes and declaration.status != "draft":
        # Registered before its ACDD: risk decided without these facts and takes them up.
        emit(
            session,
            topic=risk.ACDD_TOPIC,
            aggregate_type="declaration",
            aggregate_id=declaration.id,
            payload={
                "declaration_id": declaration.id,
                "acdd_message_id": f"{message.country}:{message.message_id}",
                risk.DISCREPANCIES_KEY: list(codes),
            },
            at=at,
        )


def _text(value: object, size: int) -> str | None:
    return str(value)[:size] if value not in (None, "") else None
