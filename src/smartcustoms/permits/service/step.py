"""The single window at registration and clearance: the registration step that checks every
goods line under specialised management (attaching the matching licence by itself and
drawing its balance, or recording the line as waiting for a pending result where the
procedure allows release for storage), clearance's condition "licences in hand", and the
cancellation hook that gives drawn quantities back.

A declaration none of whose lines is in the registry costs one primary-key read here (the
registry's version: the registry itself is kept in memory, `kept.py`), and nothing is
written for it; controlled lines add one statement that reads every line's candidate
licences, and their draws go into the filing's one statement.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from smartcustoms.db.inserts import InsertBatch
from smartcustoms.declarations.clearance import ClearanceSubject
from smartcustoms.declarations.content import ItemContent
from smartcustoms.declarations.pipeline import RegistrationContext, RegistrationRefused, StepOutcome
from smartcustoms.declarations.release_rules import ConditionKind, ConditionOutcome
from smartcustoms.errors import FieldError
from smartcustoms.kit.bilingual import Both
from smartcustoms.kit.clock import customs_date
from smartcustoms.outbox.service import Event
from smartcustoms.permits import repository
from smartcustoms.permits.messages import error, field_error, texts
from smartcustoms.permits.repository import Candidate, ControlRow
from smartcustoms.permits.rules import (
    GRANTED,
    OPEN,
    BalanceExceeded,
    Licence,
    Need,
    best_licence,
    candidate_prefixes,
    from_e4,
    to_e4,
    why_not,
)
from smartcustoms.permits.service.agencies import procedure_of
from smartcustoms.permits.service.kept import latest_registry, registry_in_force

STEP = "permits"
# The summary's entries: how many lines wait for a pending result (0: clearance need not
# ask), and which licences were attached.
WAITING = "waiting"
# How the waits of a version ended when an amendment of it registered.
AMENDED = "amended"


@dataclass
class _Plan:
    draws: list[tuple[int, int, Decimal]] = field(default_factory=list)  # app, line, qty
    waits: list[tuple[int, int, Decimal]] = field(default_factory=list)
    reasons: list[FieldError] = field(default_factory=list)


def _licence(app: Candidate, balance_e4: int) -> Licence:
    return Licence(
        id=app.id,
        number=str(app.id),
        enterprise_id=app.enterprise_id,
        procedure=app.procedure_code,
        hs_code=app.hs_code,
        unit=app.unit,
        valid_from=app.valid_from or date.min,
        valid_until=app.valid_until or date.min,
        balance=from_e4(balance_e4),
    )


@dataclass(frozen=True)
class PermitCheckStep:
    """Runs before risk: a line under specialised management needs a valid licence or result
    (attached and drawn by itself), or a pending application whose procedure allows release
    for storage (the line then waits and clearance with it); otherwise the registration is
    refused, saying which agency's procedure to apply for."""

    name: str = STEP

    def __call__(self, context: RegistrationContext) -> StepOutcome:
        items = context.content.items
        prefixes = {p for item in items if item.hs_code for p in candidate_prefixes(item.hs_code)}
        needs, candidates = _matched(context, items, prefixes) if prefixes else ([], None)
        # An amendment replaces what the version it amends drew and waited for: its draws
        # count as available to it, and are given back as its own are taken.
        earlier = (
            repository.earlier_holdings(context.session, context.supersedes_id)
            if context.supersedes_id is not None
            else None
        )
        if not needs and (earlier is None or not (earlier.waits or earlier.draws)):
            return StepOutcome(self.name, {WAITING: 0})
        returned: dict[int, int] = {}
        for _id, application_id, quantity in earlier.draws if earlier else ():
            returned[application_id] = returned.get(application_id, 0) + to_e4(quantity)
        plan = _plan(context, needs, returned, candidates)
        if plan.reasons:
            en, vi = texts("licence_missing.summary")
            raise RegistrationRefused(message_en=en, message_vi=vi, reasons=plan.reasons)
        summary = {WAITING: len(plan.waits), "attached": sorted({a for a, _, _ in plan.draws})}

        def record(batch: InsertBatch) -> tuple[Event, ...]:
            if earlier is not None:
                repository.end_earlier(context.session, earlier, outcome=AMENDED, at=context.at)
            for application_id, quantity_e4 in _takes(plan, returned).items():
                repository.take_in_batch(
                    batch,
                    application_id,
                    quantity_e4,
                    # A concurrent declaration drew the balance since it was read: the whole
                    # registration is refused, nothing written.
                    _drawn_meanwhile(application_id, from_e4(quantity_e4)),
                )
            repository.add_drawdowns(
                batch,
                [
                    {
                        "application_id": a,
                        "declaration_id": context.declaration_id,
                        "line": line,
                        "quantity": q,
                        "at": context.at,
                        "returned_at": None,
                    }
                    for a, line, q in plan.draws
                ],
            )
            repository.add_waits(
                batch,
                [
                    {
                        "declaration_id": context.declaration_id,
                        "line": line,
                        "application_id": a,
                        "quantity": q,
                        "since": context.at,
                        "resolved_at": None,
                        "outcome": None,
                    }
                    for a, line, q in plan.waits
                ],
            )
            return ()

        return StepOutcome(self.name, summary, record=record)


def _takes(plan: _Plan, returned: dict[int, int]) -> dict[int, int]:
    """What each licence gives (its new draws, less what the amended version gives back:
    negative when the amendment asks for less), licences unchanged left out."""
    takes = {a: -q for a, q in returned.items()}
    for application_id, _line, quantity in plan.draws:
        takes[application_id] = takes.get(application_id, 0) + to_e4(quantity)
    return {a: q for a, q in takes.items() if q}


def _drawn_meanwhile(application_id: int, quantity: Decimal) -> Callable[[], Exception]:
    def refused() -> Exception:
        return error(
            BalanceExceeded, "balance_drawn_meanwhile", number=application_id, quantity=quantity
        )

    return refused


Needs = list[tuple[int, ItemContent, ControlRow]]


def _matched(
    context: RegistrationContext, items: tuple[ItemContent, ...], prefixes: set[str]
) -> tuple[Needs, list[Candidate] | None]:
    """The lines under control, matched against the registry this app last used, whose
    version is checked in the statement that reads the lines' candidate licences (returned
    too), or alone when no line is controlled; else against the registry in force."""
    session = context.session
    guess = latest_registry(session)
    if guess is not None:
        needs = _needs(context, items, guess.for_prefixes(prefixes))
        if needs:
            version, candidates = repository.candidates_and_version(
                session, **_candidates_of(context, needs)
            )
            if version == guess.version:
                return needs, candidates
        elif repository.registry_version(session) == guess.version:
            return [], None
    registry = registry_in_force(session)
    return _needs(context, items, registry.for_prefixes(prefixes)), None


def _candidates_of(context: RegistrationContext, needs: Needs) -> dict[str, Any]:
    return {
        "enterprise_id": context.enterprise_id,
        "hs_codes": {item.hs_code or "" for _, item, _ in needs},
        "procedures": {row.entry.procedure for _, _, row in needs},
        "states": {s.value for s in GRANTED | OPEN},
    }


def _needs(
    context: RegistrationContext, items: tuple[ItemContent, ...], rows: list[ControlRow]
) -> list[tuple[int, ItemContent, ControlRow]]:
    if not rows:
        return []
    content = context.content
    found = []
    for line, item in enumerate(items, start=1):
        if not item.hs_code:
            continue
        origin = item.origin_country or content.country_of_origin or ""
        for row in rows:
            if row.entry.matches(
                hs_code=item.hs_code,
                direction=context.direction,
                type_code=content.type_code or "",
                origin=origin,
            ):
                found.append((line, item, row))
    return found


def _plan(
    context: RegistrationContext,
    needs: list[tuple[int, ItemContent, ControlRow]],
    returned: dict[int, int],
    candidates: list[Candidate] | None,
) -> _Plan:
    if not needs:
        return _Plan()
    on = customs_date(context.at)
    apps = (
        candidates
        if candidates is not None
        else repository.applications_for_lines(context.session, **_candidates_of(context, needs))
    )
    balances = {a.id: a.balance_e4 + returned.get(a.id, 0) for a in apps}
    plan = _Plan()
    for line, item, row in needs:
        entry = row.entry
        need = Need(
            enterprise_id=context.enterprise_id,
            procedure=entry.procedure,
            hs_code=item.hs_code or "",
            unit=item.unit or "",
            quantity=item.quantity or Decimal(0),
        )
        granted = [_licence(a, balances[a.id]) for a in apps if a.state in GRANTED]
        best = best_licence(granted, need, on=on)
        if best is not None:
            balances[best.id] -= to_e4(need.quantity)
            plan.draws.append((best.id, line, need.quantity))
            continue
        pending = next(
            (
                a
                for a in apps
                if a.state in OPEN
                and a.procedure_code == entry.procedure
                and a.hs_code == need.hs_code
            ),
            None,
        )
        params = {
            "line": line,
            "hs_code": need.hs_code,
            "procedure": entry.procedure,
            "agency": entry.agency,
        }
        path = f"items[{line - 1}].hs_code"
        if pending is not None and row.release_for_storage:
            plan.waits.append((pending.id, line, need.quantity))
        elif pending is not None:
            plan.reasons.append(
                field_error(
                    path, "licence_pending_before_registration", number=pending.id, **params
                )
            )
        elif granted and any(why_not(g, need, on=on) == "balance_exceeded" for g in granted):
            plan.reasons.append(
                field_error(
                    path, "licence_balance_short", quantity=need.quantity, unit=need.unit, **params
                )
            )
        else:
            plan.reasons.append(field_error(path, "licence_missing", **params))
    return plan


def _outcome(met: bool, code: str, **params: object) -> ConditionOutcome:
    en, vi = texts(f"condition.{code}", **params)
    return ConditionOutcome(met, code, en, vi)


@dataclass(frozen=True)
class LicencesInHand:
    """Clearance's condition: no line waits for a licence or an inspection result (one
    refused or withdrawn keeps the goods held). At registration it reads the step's summary
    (no query when nothing waits)."""

    name: str = "licences"
    kind: ConditionKind = ConditionKind.LICENCES

    def __call__(
        self, session: Session, subject: ClearanceSubject, at: datetime
    ) -> ConditionOutcome:
        registering = (subject.registering or {}).get(STEP)
        if registering is not None and not registering.get(WAITING):
            return _outcome(
                True, "licences_in_hand" if registering.get("attached") else "no_controls"
            )
        waits = repository.waits_of_declaration(session, subject.declaration_id)
        if not waits:
            drawn = repository.drawdowns_of_declaration(session, subject.declaration_id)
            return _outcome(True, "licences_in_hand" if drawn else "no_controls")
        unmet = [(w, a) for w, a in waits if w.outcome != "granted"]
        if not unmet:
            return _outcome(True, "licences_in_hand")
        _wait, app = unmet[0]
        agency = repository.agency_by_id(session, app.agency_id)
        definition = procedure_of(session, app.procedure_code)
        return _outcome(
            False,
            "licences_awaited",
            what=Both(definition.name_en, definition.name_vi),
            agency=Both(agency.name_en, agency.name_vi) if agency else "?",
        )


def give_back_licences(session: Session, declaration_id: int, at: datetime) -> None:
    """A cancelled declaration's drawn quantities return to their licences; its waits end."""
    for drawdown, _app in repository.drawdowns_of_declaration(session, declaration_id):
        if drawdown.returned_at is None:
            repository.give_back(session, drawdown.application_id, to_e4(drawdown.quantity))
            drawdown.returned_at = at
    for wait in repository.waits_of_chain(session, declaration_id):
        if wait.resolved_at is None:
            wait.resolved_at = at
            wait.outcome = "cancelled"
    session.flush()
