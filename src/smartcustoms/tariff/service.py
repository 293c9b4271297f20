"""Tariff use cases: import a published schedule, quote an item, assess a declaration."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from smartcustoms.db import database_key
from smartcustoms.db.inserts import InsertBatch
from smartcustoms.declarations.content import DeclarationContent, ItemContent
from smartcustoms.declarations.pipeline import (
    RegistrationContext,
    RegistrationRefused,
    StepOutcome,
)
from smartcustoms.documents import service as documents
from smartcustoms.documents.rules import DocumentType
from smartcustoms.errors import DomainError, FieldError, NotFound
from smartcustoms.kit.clock import customs_date
from smartcustoms.outbox.service import Event
from smartcustoms.reference.rules import ReferenceCatalog
from smartcustoms.tariff import importer, repository, rules
from smartcustoms.tariff.models import TariffImport, TariffLine, TaxAssessment

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


# ---------------------------------------------------------------- the schedule


def import_directory(
    session: Session, directory: Path, *, catalog: ReferenceCatalog, at: datetime
) -> TariffImport:
    """Check every row of the five CSV files; load all of them or, on any bad row, nothing."""
    schedule = importer.import_schedule(directory, hs6_codes=catalog.hs6, units=catalog.units)
    session.info.pop("tariff_import_key", None)
    session.info["tariff_importing"] = True
    return repository.replace_schedule(session, schedule, source=str(directory), at=at)


@dataclass(frozen=True)
class _Loaded:
    book: rules.TariffBook
    national_lines: frozenset[str]


# One indexed book per database and schedule import: building it reads every rate.
ImportKey = tuple[str, int, datetime | None]
_loaded: dict[ImportKey, _Loaded] = {}


@dataclass
class _RecentKeys:
    """The import in force as last read per engine, trusted for `seconds` (0: never).

    Asking the database in every registration costs a statement; a new schedule is imported
    a few times a year, so a process may go on with the key it read a moment ago. An import
    made through this process is seen at once; one made elsewhere within `seconds`.
    """

    seconds: float = 0.0
    seen: WeakKeyDictionary[Engine, tuple[float, ImportKey]] = field(
        default_factory=WeakKeyDictionary
    )

    def recall(self, engine: Engine) -> ImportKey | None:
        entry = self.seen.get(engine)
        if entry is None or time.monotonic() - entry[0] > self.seconds:
            return None
        return entry[1]

    def remember(self, engine: Engine, key: ImportKey) -> None:
        self.seen[engine] = (time.monotonic(), key)


_recent = _RecentKeys()


def recheck_schedule_every(seconds: float) -> None:
    """How long a process trusts the import in force it read last (0: every transaction)."""
    _recent.seconds = seconds
    _recent.seen.clear()


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_import_key(session: Session) -> None:
    session.info.pop("tariff_import_key", None)
    if session.info.pop("tariff_importing", False):
        _recent.seen.pop(session.get_bind().engine, None)


@event.listens_for(Session, "after_soft_rollback")
def _forget_import_key_after_savepoint(session: Session, _previous: object) -> None:
    # A savepoint rolled back may have taken an import with it.
    session.info.pop("tariff_import_key", None)


def _latest_import_key(session: Session) -> ImportKey:
    """Which schedule is in force, asked once per transaction (cleared at its end)."""
    key: ImportKey | None = session.info.get("tariff_import_key")
    if key is not None:
        return key
    # An import not yet committed is never remembered: it may still be rolled back.
    engine = session.get_bind().engine
    trusted = _recent.seconds > 0 and not session.info.get("tariff_importing")
    key = _recent.recall(engine) if trusted else None
    if key is None:
        key = _read_import_key(session)
        if trusted:
            _recent.remember(engine, key)
    session.info["tariff_import_key"] = key
    return key


def _read_import_key(session: Session) -> ImportKey:
    latest = repository.latest_import_version(session)
    # The time guards against an id reused after a rolled-back import (SQLite reuses ids).
    return (database_key(session), *latest) if latest else (database_key(session), 0, None)


def _current(session: Session) -> _Loaded:
    key = _latest_import_key(session)
    loaded = _loaded.get(key)
    if loaded is None:
        schedule = repository.load_schedule(session)
        loaded = _Loaded(rules.TariffBook(schedule), frozenset(x.hs8 for x in schedule.lines))
        _loaded[key] = loaded
    return loaded


def get_book(session: Session) -> rules.TariffBook:
    """The schedule in force, indexed; rebuilt only when a new schedule has been imported."""
    return _current(session).book


def national_lines(session: Session) -> frozenset[str]:
    """The 8-digit lines of the schedule in force (empty before any import)."""
    return _current(session).national_lines


def quote(session: Session, request: rules.QuoteRequest) -> rules.Quote:
    return rules.quote(get_book(session), request)


def latest_import(session: Session) -> TariffImport | None:
    return repository.latest_import(session)


# ---------------------------------------------------------------- look-ups


def search_lines(session: Session, *, q: str, limit: int = 20, offset: int = 0) -> list[TariffLine]:
    return repository.search_lines(session, q=q.strip(), limit=limit, offset=offset)


@dataclass(frozen=True)
class Roadmap:
    """A line's rates: MFN and the other taxes over time, and each FTA's rate by year."""

    line: TariffLine
    rates: list[rules.TaxRate]
    fta: dict[str, list[tuple[int, Decimal]]]
    years: list[int]


def roadmap(session: Session, *, hs8: str) -> Roadmap:
    found = repository.line(session, hs8)
    if found is None:
        raise rules.UnknownTariffLine.of(hs8)
    book = get_book(session)
    rates = [r for r in book.schedule.rates if r.hs8 == hs8]
    fta: dict[str, list[tuple[int, Decimal]]] = {}
    for row in repository.fta_rates_of_line(session, hs8):
        fta.setdefault(row.agreement, []).append((row.year, row.rate))
    years = sorted({year for series in fta.values() for year, _ in series})
    return Roadmap(found, rates, fta, years)


# ---------------------------------------------------------------- assessment at registration


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
    """Quote every item; collect every item's problem rather than stopping at the first."""
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
            raise RegistrationRefused(
                message_en="Duties and taxes could not be computed; see the reasons.",
                message_vi="Không tính được thuế; xem lý do.",
                reasons=problems,
            )
        # The import the quotes were computed from (asked once per transaction).
        import_id = _latest_import_key(session)[1] or None
        record = {
            "declaration_id": context.declaration_id,
            "tariff_import_id": import_id,
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
            "tariff",
            {"customs_value_vnd": record["customs_value_vnd"], "total_vnd": record["total_vnd"]},
            record=save,
        )


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
        return {
            "en": f"Form {item.origin_proof} claimed but no C/O is in the dossier.",
            "vi": f"Đề nghị mẫu {item.origin_proof} nhưng hồ sơ không có C/O.",
        }
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


def require_line(session: Session, hs8: str) -> TariffLine:
    found = repository.line(session, hs8)
    if found is None:
        raise NotFound(
            message_en=f"Unknown tariff line {hs8!r}.",
            message_vi=f"Mã số {hs8!r} không có trong biểu thuế.",
        )
    return found
