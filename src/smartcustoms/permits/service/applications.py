"""Traders' applications and the engine that moves them: filing (dossier documents reused,
never uploaded twice), the sampling decision, every step an agency or the trader takes,
agency messages applied once, and what a decision sets off on the declarations waiting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.declarations import service as declarations
from smartcustoms.declarations.clearance import ClearanceSetup
from smartcustoms.documents import service as documents
from smartcustoms.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from smartcustoms.identity.rules import Actor
from smartcustoms.kit.clock import customs_date
from smartcustoms.outbox.service import emit
from smartcustoms.permits import repository
from smartcustoms.permits.messages import error, texts
from smartcustoms.permits.models import AgencyMessage, Application, ApplicationStep
from smartcustoms.permits.rules import (
    FINAL,
    GRANTED,
    Action,
    Facts,
    State,
    TraderRecord,
    candidate_prefixes,
    deadline,
    decide_sampling,
    missing_documents,
    move,
    to_e4,
    who_acts,
)
from smartcustoms.permits.rules import Actor as Side
from smartcustoms.permits.service.agencies import agency_of, procedure_of
from smartcustoms.risk import service as risk
from smartcustoms.signatures import service as signatures

# How far back the trader's record is read for the sampling rate.
RECORD_WINDOW = timedelta(days=730)


def application_number(application: Application, agency_code: str) -> str:
    """How both sides name an application: agency, year received, id."""
    return f"{agency_code}-{application.received_at:%Y}-{application.id:06d}"


def apply(
    session: Session,
    *,
    actor: Actor,
    enterprise_id: int,
    procedure: str,
    hs_code: str,
    goods: str,
    origin_country: str,
    quantity: Decimal,
    unit: str,
    document_ids: tuple[int, ...] = (),
    declaration_id: int | None = None,
    certificate_country: str | None = None,
    seed: str,
    at: datetime,
    signature: str | None = None,
    trusted: signatures.Trust | None = None,
) -> Application:
    """File an application for the trader's enterprise. Documents come from the enterprise's
    dossier (by id) and, with `declaration_id`, from that declaration's dossier: nothing is
    uploaded again. Refused for a line the procedure does not control, or without the
    documents the procedure requires, or (SignatureRefused) without a valid signature over
    the application's canonical form when its procedure requires one or one is given."""
    if not actor.may_declare_for(enterprise_id):
        raise error(PermissionDenied, "trade_only")
    definition = procedure_of(session, procedure)
    if quantity <= 0:
        raise error(ValidationFailed, "quantity_invalid")
    control = next(
        (
            row
            for row in repository.controls_by_prefixes(session, candidate_prefixes(hs_code))
            if row.entry.procedure == procedure
        ),
        None,
    )
    if control is None:
        raise error(ValidationFailed, "line_not_controlled", hs_code=hs_code, procedure=procedure)
    ids = list(document_ids)
    if declaration_id is not None:
        declarations.get_declaration(session, actor=actor, declaration_id=declaration_id)
        ids += declarations.attached_document_ids(session, declaration_id=declaration_id)
    on_file = documents.documents_for_attachment(
        session, actor=actor, enterprise_id=enterprise_id, document_ids=ids
    )
    missing = missing_documents(definition, frozenset(d.doc_type for d in on_file))
    if missing:
        raise error(
            ValidationFailed, "documents_missing", procedure=procedure, missing=", ".join(missing)
        )
    form = signatures.application_form(
        {
            "enterprise_id": enterprise_id,
            "procedure": procedure,
            "hs_code": hs_code,
            "goods": goods,
            "origin_country": origin_country,
            "quantity": quantity,
            "unit": unit,
            "document_ids": list(document_ids),
            "declaration_id": declaration_id,
            "certificate_country": certificate_country,
        }
    )
    signed = signatures.check_application_signature(
        session,
        actor=actor,
        enterprise_id=enterprise_id,
        procedure=procedure,
        payload=form,
        signature=signature,
        required=definition.signature_required,
        trusted=trusted or signatures.Trust(()),
        at=at,
    )
    on = customs_date(at)
    results = repository.record_of(
        session,
        enterprise_id=enterprise_id,
        agency_id=control.agency_id,
        hs_prefix=control.entry.hs_prefix,
        since=at - RECORD_WINDOW,
    )
    clean = 0
    for passed in reversed(results):
        if not passed:
            break
        clean += 1
    application = Application(
        procedure_code=procedure,
        agency_id=control.agency_id,
        enterprise_id=enterprise_id,
        applicant_id=actor.user_id,
        hs_code=hs_code,
        goods=goods,
        origin_country=origin_country,
        quantity=quantity,
        unit=unit,
        balance_e4=0,
        document_ids=[d.id for d in on_file],
        certificate_country=certificate_country,
        state=State.RECEIVED.value,
        state_since=at,
        deadline_at=deadline(definition, State.RECEIVED, at),
        sampled=False,
        sampling_reason="",
        sampling_rate=Decimal(0),
        received_at=at,
        within_deadline=True,
    )
    repository.add(session, application)
    if signed is not None:
        signatures.keep_application_signature(
            session, signed, application_id=application.id, actor=actor, at=at
        )
    # Drawn once the file is in: the application's id seeds it, with the app's secret.
    sampling = decide_sampling(
        TraderRecord(clean_since_failure=clean, failures=results.count(False)),
        base_percent=control.entry.base_sampling_percent if definition.samples else 0,
        floor_percent=control.entry.floor_sampling_percent if definition.samples else 0,
        priority=risk.priority_on(session, enterprise_id=enterprise_id, on=on),
        priority_exempt=control.entry.priority_exempt,
        certificate_country=certificate_country,
        mutual_recognition=definition.mutual_recognition,
        seed=f"{seed}:{application.id}",
    )
    application.sampled = sampling.sampled
    application.sampling_reason = sampling.reason.value
    application.sampling_rate = sampling.rate_percent
    _open_step(
        session,
        application,
        State.RECEIVED,
        definition_deadline=application.deadline_at,
        at=at,
        by_id=actor.user_id,
    )
    _event(session, application, "permit.application_received", at)
    return application


def _open_step(
    session: Session,
    application: Application,
    state: State,
    *,
    definition_deadline: datetime | None,
    at: datetime,
    by_id: int | None,
    note: str = "",
) -> None:
    holder = who_acts(procedure_of(session, application.procedure_code), state)
    audit.record(
        session,
        action=f"permit.{state.value}",
        object_type="permit",
        object_id=application.id,
        at=at,
        actor_id=by_id,
        on_behalf_of=application.enterprise_id,
        details={"procedure": application.procedure_code, "note": note},
    )
    repository.add(
        session,
        ApplicationStep(
            application_id=application.id,
            state=state.value,
            holder=None if holder is None else holder.value,
            started_at=at,
            deadline_at=definition_deadline,
            by_id=by_id,
            note=note,
        ),
    )


def _event(session: Session, application: Application, topic: str, at: datetime) -> None:
    emit(
        session,
        topic=topic,
        aggregate_type="permit_application",
        aggregate_id=application.id,
        payload={
            "procedure": application.procedure_code,
            "agency_id": application.agency_id,
            "enterprise_id": application.enterprise_id,
            "hs_code": application.hs_code,
            "state": application.state,
        },
        at=at,
    )


@dataclass(frozen=True)
class Acted:
    """An action's outcome: `applied` False when it was a message already applied."""

    application: Application
    applied: bool
    cleared_declarations: tuple[int, ...] = ()


def act(
    session: Session,
    *,
    actor: Actor,
    application_id: int,
    action: Action,
    note: str = "",
    lab_passed: bool | None = None,
    conditions: str = "",
    message_id: str | None = None,
    clearance: ClearanceSetup,
    at: datetime,
) -> Acted:
    """One step of the engine by the trader (supplement, withdraw) or the owning agency
    (the others). An agency's system gives a `message_id`: the same message again is a no-op
    answering the state it led to; the id reused for another action is refused. Anything
    refused changes nothing."""
    application = repository.application(session, application_id, for_update=True)
    if application is None:
        raise error(NotFound, "application_not_found", application_id=application_id)
    side = Side.TRADER if actor.is_trade else Side.AGENCY
    agency_id = None
    if side == Side.TRADER:
        if not actor.may_declare_for(application.enterprise_id):
            raise error(NotFound, "application_not_found", application_id=application_id)
    else:
        agency = agency_of(session, actor)
        agency_id = agency.id
        if agency.id != application.agency_id:
            owner = repository.agency_by_id(session, application.agency_id)
            raise error(
                PermissionDenied,
                "not_owning_agency",
                agency=agency.code,
                procedure=application.procedure_code,
                owner=owner.code if owner else "?",
            )
        if message_id is not None:
            seen = repository.message(session, agency.id, message_id)
            if seen is not None:
                if seen.application_id == application.id and seen.action == action.value:
                    return Acted(application, applied=False)
                raise error(Conflict, "message_id_reused", message_id=message_id)
    state = State(application.state)
    if state in FINAL:
        raise error(
            Conflict,
            "application_closed",
            number=application.id,
            state=texts(f"state.{state.value}"),
        )
    if action == Action.RECORD_LAB_RESULT and lab_passed is None:
        raise error(ValidationFailed, "lab_result_required")
    definition = procedure_of(session, application.procedure_code)
    facts = Facts(sampled=application.sampled, lab_passed=application.lab_passed)
    target = move(definition, state, action, by=side, facts=facts)
    _close_step(session, application, at)
    application.state = target.value
    application.state_since = at
    application.deadline_at = deadline(definition, target, at)
    if action == Action.RECORD_LAB_RESULT:
        application.lab_passed = lab_passed
    if action == Action.TAKE_SAMPLE:
        # A lot the agency samples of its own choice counts as sampled in the figures too.
        application.sampled = True
    if note:
        application.note = note[:1000]
    cleared: tuple[int, ...] = ()
    if target in GRANTED:
        application.decided_at = at
        application.conditions = conditions[:1000]
        on = customs_date(at)
        application.valid_from = on
        application.valid_until = on + timedelta(days=definition.validity_days)
        application.balance_e4 = to_e4(application.quantity)
        session.flush()
        cleared = _release_waits(session, application, clearance=clearance, at=at)
    elif target in (State.REJECTED, State.WITHDRAWN, State.REVOKED):
        if target == State.REJECTED:
            application.decided_at = at
        application.balance_e4 = 0
        session.flush()
        _refuse_waits(session, application, target, clearance=clearance, at=at)
    _open_step(
        session,
        application,
        target,
        definition_deadline=application.deadline_at,
        at=at,
        by_id=actor.user_id,
        note=note[:1000],
    )
    if agency_id is not None and message_id is not None:
        repository.add(
            session,
            AgencyMessage(
                agency_id=agency_id,
                message_id=message_id,
                application_id=application.id,
                action=action.value,
                state_after=target.value,
                received_at=at,
            ),
        )
    _event(session, application, f"permit.application_{target.value}", at)
    return Acted(application, applied=True, cleared_declarations=cleared)


def _close_step(session: Session, application: Application, at: datetime) -> None:
    step = repository.open_step(session, application.id)
    if step is None:
        return
    step.ended_at = at
    if step.deadline_at is not None and at > step.deadline_at and step.holder == Side.AGENCY:
        application.within_deadline = False


def _release_waits(
    session: Session, application: Application, *, clearance: ClearanceSetup, at: datetime
) -> tuple[int, ...]:
    """The declarations' lines waiting for this application draw on the licence it became
    (in the order they registered) and clearance is asked again for each declaration."""
    touched: list[int] = []
    for wait in repository.open_waits_of_application(session, application.id):
        if not repository.draw(session, application.id, to_e4(wait.quantity)):
            continue  # short: the line keeps waiting (another licence may come)
        repository.add_drawdown(
            session, application.id, wait.declaration_id, wait.line, wait.quantity, at
        )
        wait.resolved_at = at
        wait.outcome = "granted"
        touched.append(wait.declaration_id)
    session.flush()
    session.refresh(application)
    for declaration_id in dict.fromkeys(touched):
        declarations.reevaluate_clearance(
            session, declaration_id=declaration_id, setup=clearance, at=at
        )
    return tuple(dict.fromkeys(touched))


def _refuse_waits(
    session: Session,
    application: Application,
    state: State,
    *,
    clearance: ClearanceSetup,
    at: datetime,
) -> None:
    for wait in repository.open_waits_of_application(session, application.id):
        wait.resolved_at = at
        wait.outcome = state.value
    session.flush()
