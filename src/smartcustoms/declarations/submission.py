"""Registration: submitting a draft, or filing a complete declaration in one request.

Both decide everything first (validation, the registration steps, the number) and write
once, through an InsertBatch: no ORM object is built (docs/architecture.md, "A registration
is written once")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.orm import Session

from smartcustoms.db.inserts import InsertBatch
from smartcustoms.declarations import repository
from smartcustoms.declarations.access import may_see, not_declarant, not_found
from smartcustoms.declarations.clearance import ClearanceSubject
from smartcustoms.declarations.content import DeclarationContent
from smartcustoms.declarations.drafts import WrittenDeclaration, dossier_for_new, new_row
from smartcustoms.declarations.lifecycle import Action, Status, next_status
from smartcustoms.declarations.messages import labelled, texts
from smartcustoms.declarations.pipeline import (
    RegistrationContext,
    RegistrationRefused,
    RegistrationSetup,
    StepOutcome,
    run_steps,
)
from smartcustoms.declarations.release import at_registration
from smartcustoms.declarations.repository import DeclarationRow, StatusReason
from smartcustoms.declarations.rules import declaration_number, validate_for_submission
from smartcustoms.declarations.transitions import Transition, add_transitions, opened, transition
from smartcustoms.errors import FieldError, ValidationFailed
from smartcustoms.identity.rules import Actor, require_procedure
from smartcustoms.outbox.service import Event


def _checked_direction(
    session: Session, content: DeclarationContent, setup: RegistrationSetup, at: datetime
) -> str:
    """Validate a declaration for submission, reporting every error; return its direction."""
    catalog = setup.catalog_provider(session)
    errors = validate_for_submission(
        content, catalog, today=at.date(), value_tolerance_percent=setup.value_tolerance_percent
    )
    if errors:
        en, vi = texts("declaration_invalid", count=len(errors))
        raise ValidationFailed(message_en=en, message_vi=vi, errors=errors)
    return catalog.declaration_types[content.type_code or ""].direction


def _reason(error: FieldError) -> StatusReason:
    """A registration step's refusal as kept on the declaration, worded with its field."""
    (error,) = labelled([error])
    return {
        "path": error.path,
        "code": error.code,
        "message_en": error.described("en"),
        "message_vi": error.described("vi"),
    }


def submission_errors(
    session: Session, content: DeclarationContent, setup: RegistrationSetup, at: datetime
) -> list[FieldError]:
    """Every business rule the content breaks, as submission would report them."""
    catalog = setup.catalog_provider(session)
    return validate_for_submission(
        content, catalog, today=at.date(), value_tolerance_percent=setup.value_tolerance_percent
    )


@dataclass(frozen=True)
class _Decision:
    """What registration decided: registered with a number, or rejected with reasons."""

    action: Action  # REGISTER or REJECT
    number: str | None
    reasons: list[StatusReason]
    outcomes: list[StepOutcome]
    events: list[Event]  # what the steps recorded
    note: str | None = None
    # The steps after registration written with it (clearance), each with its note.
    then: tuple[tuple[Action, str | None], ...] = ()

    @property
    def status(self) -> Status:
        status = next_status(Status.SUBMITTED, self.action)
        for action, _note in self.then:
            status = next_status(status, action)
        return status

    def applied(self, row: DeclarationRow, *, direction: str, at: datetime) -> DeclarationRow:
        """The submitted version as this decision leaves it."""
        return replace(
            row,
            direction=direction,
            submitted_at=at,
            updated_at=at,
            status=self.status.value,
            number=self.number,
            status_reasons=self.reasons,
            registered_at=at if self.action == Action.REGISTER else None,
        )

    def steps_after(self, submitted: Transition) -> list[Transition]:
        """The steps from submitted to what was decided, made by the system."""
        step = replace(
            submitted,
            number=self.number,
            from_status=submitted.to_status,
            to_status=next_status(submitted.to_status, self.action),
            actor_id=None,
            note=self.note,
        )
        steps = [step]
        for action, note in self.then:
            step = replace(
                step, from_status=step.to_status, to_status=next_status(step.to_status, action)
            )
            steps.append(replace(step, note=note))
        return steps


def _decide(
    context: RegistrationContext,
    setup: RegistrationSetup,
    number: str | None,
    batch: InsertBatch,
    *,
    amended: DeclarationRow | None = None,
) -> _Decision:
    """Run the steps (each decides, then all record into the batch; a refusal leaves nothing
    to write), then take a number, then see whether the goods are cleared at once.

    The number comes after the steps, so that only a failure of the final writes or the
    commit can leave a gap on PostgreSQL, and SQLite's counter row is held as briefly as
    possible. The clearance conditions answer from the steps' summaries where they can (a
    green declaration's channel is the risk step's), so clearing adds no statement.
    """
    try:
        registered = run_steps(setup.steps, context, batch)
    except RegistrationRefused as refused:
        reasons = [_reason(e) for e in refused.reasons] or [
            {
                "path": "",
                "code": refused.code,
                "message_en": refused.message_en,
                "message_vi": refused.message_vi,
            }
        ]
        return _Decision(Action.REJECT, number, reasons, [], [], note=refused.message_en)
    if number is None:
        sequence = repository.next_number(context.session, context.direction)
        number = declaration_number(direction=context.direction, sequence=sequence)
    then: list[tuple[Action, str | None]] = []
    if setup.clearance is not None:
        subject = ClearanceSubject(
            declaration_id=context.declaration_id,
            enterprise_id=context.enterprise_id,
            office_code=context.content.office_code,
            number=number,
            version=context.version,
            registering={o.step: o.summary for o in registered.outcomes},
        )
        then = at_registration(
            context.session, setup.clearance, subject, amended=amended, at=context.at
        )
    return _Decision(
        Action.REGISTER, number, [], registered.outcomes, registered.events, then=tuple(then)
    )


def _context(
    session: Session,
    *,
    actor: Actor,
    row: DeclarationRow,
    direction: str,
    document_ids: tuple[int, ...],
    at: datetime,
    signed: bool = False,
) -> RegistrationContext:
    return RegistrationContext(
        session=session,
        declaration_id=row.id,
        enterprise_id=row.enterprise_id,
        declarant_id=actor.user_id,
        declarant_username=actor.username,
        direction=direction,
        version=row.version,
        supersedes_id=row.supersedes_id,
        content=row.content,
        document_ids=document_ids,
        at=at,
        enterprise_tax_code=actor.tax_code_of(row.enterprise_id),
        signed=signed,
    )


def submit(
    session: Session,
    *,
    actor: Actor,
    declaration_id: int,
    setup: RegistrationSetup,
    at: datetime,
) -> WrittenDeclaration:
    """Validate, then register (number assigned) or reject; invalid input changes nothing.

    An amendment registers only while the version it amends is in force. Both rows are read
    locked, the amended one first, before anything is decided, and stay locked until the
    commit; a cancellation locks in the same order (the cancelled version, then its open
    amendments). So a cancellation and this submit racing are serialised on PostgreSQL, the
    second seeing what the first committed (READ COMMITTED reads the row again once the lock
    is granted): the submit finds its amendment withdrawn, or the cancellation finds the
    version superseded. SQLite runs one writing transaction at a time (BEGIN IMMEDIATE).
    This needs a transaction: it must not run in a `db.single_write_unit`, whose autocommit
    would release the locks at once.
    """
    row, amended = repository.header_and_superseded_for_update(session, declaration_id)
    # Another enterprise's declaration is reported as missing, so ids cannot be probed.
    if row is None or not may_see(actor, row):
        raise not_found(declaration_id)
    if not actor.may_declare_for(row.enterprise_id):
        raise not_declarant()
    require_procedure(actor, row.enterprise_id, row.content.type_code)
    submitted = transition(row, Action.SUBMIT, actor_id=actor.user_id)
    superseding = (
        None
        if amended is None
        else transition(
            amended,
            Action.SUPERSEDE,
            actor_id=None,
            note=f"superseded by version {row.version}",
        )
    )
    row = repository.with_items(session, row)
    direction = _checked_direction(session, row.content, setup, at)
    document_ids = tuple(repository.document_ids(session, declaration_id))
    context = _context(
        session, actor=actor, row=row, direction=direction, document_ids=document_ids, at=at
    )
    batch = InsertBatch(session)
    decided = _decide(context, setup, row.number, batch, amended=amended)
    transitions = [submitted]
    if decided.action == Action.REGISTER and superseding is not None:
        # The amended version stays in force until its amendment registers.
        transitions.append(superseding)
        repository.set_status(
            session, superseding.declaration_id, status=superseding.to_status.value, at=at
        )
    transitions.extend(decided.steps_after(submitted))
    final = decided.applied(row, direction=direction, at=at)
    repository.record_registration(session, final)
    add_transitions(batch, transitions, at=at, also=decided.events)
    batch.write()
    repository.forget_loaded(session, [t.declaration_id for t in transitions])
    return WrittenDeclaration(final, document_ids, decided.outcomes)


def file_and_submit(
    session: Session,
    *,
    actor: Actor,
    enterprise_id: int,
    content: DeclarationContent,
    document_ids: tuple[int, ...] = (),
    setup: RegistrationSetup,
    at: datetime,
    before_write: Callable[[WrittenDeclaration, InsertBatch], None] | None = None,
    signed: bool = False,
) -> WrittenDeclaration:
    """File a complete declaration and submit it at once: registered or rejected.

    `signed`: the filing carries a signature the caller verified and keeps in
    `before_write` (a WCO XML declaration's XAdES), which registration counts.

    Invalid content writes nothing at all (no draft is left behind); a refusal by a
    registration step keeps the declaration, rejected with the reasons, as submit does.
    Everything is written by one statement (the batch), so a caller may run this in a
    `db.single_write_unit`; `before_write` adds the caller's own rows to that statement
    (the API's answer kept under an Idempotency-Key), knowing what was decided.
    """
    attached = dossier_for_new(session, actor, enterprise_id, document_ids, content.type_code)
    direction = _checked_direction(session, content, setup, at)
    batch = InsertBatch(session)
    filed = opened(
        repository.new_declaration_id(batch),
        enterprise_id,
        content.office_code,
        Action.FILE,
        actor_id=actor.user_id,
    )
    row = new_row(
        filed.declaration_id,
        actor,
        enterprise_id,
        content,
        status=filed.to_status,
        at=at,
        direction=direction,
    )
    context = _context(
        session,
        actor=actor,
        row=row,
        direction=direction,
        document_ids=attached,
        at=at,
        signed=signed,
    )
    decided = _decide(context, setup, None, batch)
    # Written once, as decided: never inserted as submitted and then updated.
    final = decided.applied(row, direction=direction, at=at)
    repository.add_declaration(batch, final, attached)
    add_transitions(batch, [filed, *decided.steps_after(filed)], at=at, also=decided.events)
    written = WrittenDeclaration(final, attached, decided.outcomes)
    if before_write is not None:
        before_write(written, batch)
    batch.write()
    return written
