"""The registration step that computes every item's duties and taxes and records them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from smartcustoms.db.inserts import InsertBatch
from smartcustoms.declarations.content import DeclarationContent, ItemContent
from smartcustoms.declarations.pipeline import (
    RegistrationContext,
    RegistrationRefused,
    StepOutcome,
)
from smartcustoms.documents import service as documents
from smartcustoms.documents.rules import DocumentType
from smartcustoms.errors import DomainError, FieldError
from smartcustoms.kit.clock import customs_date
from smartcustoms.outbox.service import Event
from smartcustoms.tariff import repository, rules
from smartcustoms.tariff.messages import texts
from smartcustoms.tariff.models import TaxAssessment
from smartcustoms.tariff.service.schedules import get_book, import_id_in_force

TARIFF_ERRORS = (
    rules.UnknownTariffLine,
    rules.NoRateInForce,
    rules.NoExchangeRate,
    rules.ProofNotAccepted,
    rules.UnitMismatch,
    rules.InvalidQuoteRequest,
)


def tax_date(at: datetime) -> date:
    """Rates and exchange rates of the day the declaration is registered, in Vietnam."""
    return customs_date(at)


def item_requests(
    content: DeclarationContent,
    *,
    direction: rules.Direction,
    on: date,
    proofs_on_file: bool,
    non_mfn_origins: frozenset[str],
) -> list[rules.QuoteRequest]:
    """One quote request per item; freight and insurance shared out by item value."""
    values = [_item_value(item) for item in content.items]
    total = sum(values, Decimal(0)) or Decimal(1)
    incoterm = rules.Incoterm(content.incoterms or "CIF")
    return [
        rules.QuoteRequest(
            hs8=item.hs_code or "",
            origin=item.origin_country or "",
            value=value,
            currency=content.invoice_currency or "",
            quantity=item.quantity or Decimal(0),
            unit=item.unit or "",
            date=on,
            incoterm=incoterm,
            freight=(content.freight or Decimal(0)) * value / total,
            insurance=(content.insurance or Decimal(0)) * value / total,
            proofs=frozenset({item.origin_proof})
            if item.origin_proof and proofs_on_file
            else frozenset(),
            direction=direction,
            mfn_treatment=(item.origin_country or "") not in non_mfn_origins,
        )
        for item, value in zip(content.items, values, strict=True)
    ]


def _item_value(item: ItemContent) -> Decimal:
    if item.invoice_value is not None:
        return item.invoice_value
    return (item.quantity or Decimal(0)) * (item.unit_price or Decimal(0))


def assess(
    session: Session, requests: Iterable[rules.QuoteRequest]
) -> tuple[list[rules.Quote], list[FieldError]]:
    """Quote every item; collect every item's problem rather than stopping at the first.

    Origins and currencies are checked by their shape only: registration has checked them
    against the reference catalogue already, with the rest of the declaration.
    """
    book = get_book(session)
    quotes: list[rules.Quote] = []
    problems: list[FieldError] = []
    for index, request in enumerate(requests):
        try:
            quotes.append(rules.quote(book, request))
        except TARIFF_ERRORS as error:
            problems.append(_item_problem(index, error))
    return quotes, problems


def _item_problem(index: int, error: DomainError) -> FieldError:
    return FieldError(f"items[{index}].hs_code", error.code, error.message_en, error.message_vi)


@dataclass(frozen=True)
class TaxAssessmentStep:
    """The registration step that computes and records every item's duties and taxes."""

    non_mfn_origins: frozenset[str] = frozenset()
    name: str = "tariff"

    def __call__(self, context: RegistrationContext) -> StepOutcome:
        session = context.session
        on = tax_date(context.at)
        # No document, no C/O: the dossier is read only when the declaration lists documents.
        has_co = bool(context.document_ids) and (
            DocumentType.CERTIFICATE_OF_ORIGIN
            in documents.document_types(session, context.document_ids)
        )
        requests = item_requests(
            context.content,
            direction=rules.Direction(context.direction),
            on=on,
            proofs_on_file=has_co,
            non_mfn_origins=self.non_mfn_origins,
        )
        quotes, problems = assess(session, requests)
        if problems:
            en, vi = texts("taxes_not_computed")
            raise RegistrationRefused(message_en=en, message_vi=vi, reasons=problems)
        # The import the quotes were computed from (asked once per transaction).
        record = {
            "declaration_id": context.declaration_id,
            "tariff_import_id": import_id_in_force(session),
            "assessed_at": context.at,
            "tax_date": on,
            "customs_value_vnd": sum(q.customs_value_vnd for q in quotes),
            "total_vnd": sum(q.total_vnd for q in quotes),
        }
        items_json = _items_json(context.content.items, quotes, has_co)

        def save(batch: InsertBatch) -> tuple[Event, ...]:
            repository.save_assessment(batch, record, items_json, _lines(quotes))
            return ()

        return StepOutcome(
            self.name,
            {
                "customs_value_vnd": record["customs_value_vnd"],
                "total_vnd": record["total_vnd"],
                TAXES_KEY: taxes_by_name(quotes),
            },
            record=save,
        )


# The summary's entry of the total of each tax over the items, by the lines' tax name.
TAXES_KEY = "taxes_vnd"


def taxes_by_name(quotes: Iterable[rules.Quote]) -> dict[str, int]:
    """Each tax's total over the items ("import", "vat" …), taxes with no amount left out."""
    totals: dict[str, int] = {}
    for quote_ in quotes:
        for line in quote_.taxes:
            if line.amount_vnd:
                totals[line.tax] = totals.get(line.tax, 0) + line.amount_vnd
    return totals


def assessed_taxes(context: RegistrationContext) -> dict[str, int] | None:
    """For a step after the tariff's: each tax's total this registration assessed (None:
    the tariff step did not run before it)."""
    outcome = context.outcome_of("tariff")
    if outcome is None:
        return None
    return dict(outcome.summary[TAXES_KEY])


def _items_json(items: Sequence[ItemContent], quotes: list[rules.Quote], has_co: bool) -> str:
    """The items column: json.dumps() of a list holding each quote's as_dict(), to which an
    item claiming a proof without a C/O in the dossier adds a "proof_note" key; written from
    each quote's as_json(), whose shared parts are encoded once."""
    parts = []
    for quote_, item in zip(quotes, items, strict=True):
        part = quote_.as_json()
        note = _proof_note(item, has_co)
        if note is not None:
            # The note is the dict's last key: it goes before the object's closing brace.
            part = f'{part[:-1]}, "proof_note": {json.dumps(note)}}}'
        parts.append(part)
    return f"[{', '.join(parts)}]"


def _proof_note(item: ItemContent, has_co: bool) -> dict[str, str] | None:
    if item.origin_proof and not has_co:
        en, vi = texts("proof_without_co", proof=item.origin_proof)
        return {"en": en, "vi": vi}
    return None


def _lines(quotes: list[rules.Quote]) -> list[tuple[object, ...]]:
    """Every tax line of every item, its values in repository.LINE_COLUMNS order."""
    return [
        (
            index,
            line.tax,
            line.base_vnd,
            line.rate,
            line.amount_vnd,
            line.source,
            line.agreement,
            line.year,
            line.proof,
        )
        for index, quote_ in enumerate(quotes, start=1)
        for line in quote_.taxes
    ]


def assessment_for(session: Session, *, declaration_id: int) -> TaxAssessment | None:
    return repository.assessment_of(session, declaration_id)
