"""JSON API of the single window: traders apply and track, agency systems receive
applications and push decisions (each message applied once), the registry and the figures.
Thin: every decision is in the services."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy.orm import Session

from smartcustoms.deps import ApiActor, IdInPath, Now, Services, ServicesDep, SessionDep, requires
from smartcustoms.identity.rules import Actor
from smartcustoms.kit.wire import IsoDateTime
from smartcustoms.openapi import AUTHENTICATED, OWNER_CHECKED, STATE_CHANGING, problems
from smartcustoms.permits import service
from smartcustoms.permits.schemas import (
    ActionCreate,
    AgencyMessageCreate,
    AgencyMessageRead,
    AgencyRead,
    ApplicationCreate,
    ApplicationRead,
    AwaitedRead,
    ControlRead,
    ControlWrite,
    DeclarationPermitsRead,
    FiguresRead,
    StepRead,
)
from smartcustoms.problems import domain_error_response
from smartcustoms.signatures import service as signatures

router = APIRouter(prefix="/api/v1/permits", tags=["permits"], responses=AUTHENTICATED)


def read(view: service.ApplicationView) -> ApplicationRead:
    return ApplicationRead(
        id=view.id,
        number=view.number,
        procedure=view.procedure.code,
        agency=view.agency.code,
        enterprise_id=view.enterprise_id,
        hs_code=view.hs_code,
        goods=view.goods,
        origin_country=view.origin_country,
        quantity=view.quantity,
        unit=view.unit,
        balance=view.balance,
        state=view.state,
        holder=view.holder,
        state_since=view.state_since,
        deadline_at=view.deadline_at,
        sampled=view.sampled,
        sampling_reason=view.sampling_reason,
        document_ids=list(view.document_ids),
        valid_from=view.valid_from,
        valid_until=view.valid_until,
        conditions=view.conditions,
        steps=[StepRead(**s.__dict__) for s in view.steps],
    )


@router.get(
    "/agencies", response_model=list[AgencyRead], dependencies=[requires("permits.registry.read")]
)
def list_agencies(_actor: ApiActor, session: SessionDep) -> Any:
    return service.agencies(session)


@router.get(
    "/registry", response_model=list[ControlRead], dependencies=[requires("permits.registry.read")]
)
def list_registry(_actor: ApiActor, session: SessionDep) -> Any:
    return [_control(row) for row in service.registry(session)]


def _control(row: Any) -> ControlRead:
    e = row.entry
    return ControlRead(
        key=e.key,
        hs_prefix=e.hs_prefix,
        kind=e.kind,
        procedure=e.procedure,
        agency=e.agency,
        direction=e.direction,
        type_codes=sorted(e.type_codes),
        origins=sorted(e.origins),
        base_sampling_percent=e.base_sampling_percent,
        floor_sampling_percent=e.floor_sampling_percent,
        priority_exempt=e.priority_exempt,
        release_for_storage=row.release_for_storage,
        source=row.source,
    )


@router.post(
    "/registry",
    status_code=201,
    response_model=ControlRead,
    responses=problems(401, 403, 404, 409),
    dependencies=[requires("permits.registry.change")],
)
def add_control(body: ControlWrite, actor: ApiActor, session: SessionDep, now: Now) -> Any:
    """One entry more; refused (409) where it overlaps an entry in force, naming it."""
    return _control(service.add_control(session, actor=actor, entry=body.to_entry(), at=now))


@router.post(
    "/applications",
    status_code=201,
    response_model=ApplicationRead,
    responses=problems(401, 403, 404),
    dependencies=[requires("permits.apply")],
)
def create_application(
    body: ApplicationCreate,
    request: Request,
    actor: ApiActor,
    session: SessionDep,
    services: ServicesDep,
    now: Now,
) -> Any:
    try:
        application = _apply(body, actor, session, services, now)
    except signatures.SignatureRefused as refused:
        # Answered, not raised: the request commits the refusal the audit chain recorded.
        return domain_error_response(request, refused)
    return read(service.get_application(session, actor=actor, application_id=application.id))


def _apply(
    body: ApplicationCreate, actor: Actor, session: Session, services: Services, now: datetime
) -> Any:
    return service.apply(
        session,
        actor=actor,
        enterprise_id=body.enterprise_id,
        procedure=body.procedure,
        hs_code=body.hs_code,
        goods=body.goods,
        origin_country=body.origin_country,
        quantity=body.quantity,
        unit=body.unit,
        document_ids=tuple(body.document_ids),
        declaration_id=body.declaration_id,
        certificate_country=body.certificate_country,
        seed=services.signing_secret,
        at=now,
        signature=body.signature,
        trusted=signatures.trust(services.settings),
    )


@router.get(
    "/applications", response_model=list[ApplicationRead], dependencies=[requires("permits.read")]
)
def list_applications(
    actor: ApiActor,
    session: SessionDep,
    decided: Annotated[bool, Query(description="Agencies: decided files too.")] = False,
) -> Any:
    """A trader's applications; an agency's queue (its officers and systems), by deadline."""
    if actor.role in service.AGENCY_ROLES:
        views = service.agency_queue(session, actor=actor, include_decided=decided)
    else:
        views = service.my_applications(session, actor=actor)
    return [read(v) for v in views]


@router.get(
    "/applications/{application_id:int}",
    response_model=ApplicationRead,
    responses=OWNER_CHECKED,
    dependencies=[requires("permits.read")],
)
def get_application(application_id: IdInPath, actor: ApiActor, session: SessionDep) -> Any:
    return read(service.get_application(session, actor=actor, application_id=application_id))


@router.post(
    "/applications/{application_id:int}/actions",
    response_model=ApplicationRead,
    responses=STATE_CHANGING,
    dependencies=[requires("permits.decide")],
)
def act(
    application_id: IdInPath,
    body: ActionCreate,
    actor: ApiActor,
    session: SessionDep,
    services: ServicesDep,
    now: Now,
) -> Any:
    """A step by the trader (supplement, withdraw) or the owning agency's officer."""
    acted = service.act(
        session,
        actor=actor,
        application_id=application_id,
        action=body.action,
        note=body.note,
        lab_passed=body.lab_passed,
        conditions=body.conditions,
        clearance=services.clearance,
        at=now,
    )
    return read(service.get_application(session, actor=actor, application_id=acted.application.id))


@router.post(
    "/agency/messages",
    response_model=AgencyMessageRead,
    responses=STATE_CHANGING,
    dependencies=[requires("permits.decide")],
)
def agency_message(
    body: AgencyMessageCreate,
    actor: ApiActor,
    session: SessionDep,
    services: ServicesDep,
    now: Now,
) -> Any:
    """An agency system's decision or step. The same `message_id` again answers what it
    led to (`applied`: false) and changes nothing; reused for another action, 409; a step
    the file's state does not allow (out of order), 409, nothing changed."""
    acted = service.act(
        session,
        actor=actor,
        application_id=body.application_id,
        action=body.action,
        note=body.note,
        lab_passed=body.lab_passed,
        conditions=body.conditions,
        message_id=body.message_id,
        clearance=services.clearance,
        at=now,
    )
    view = service.get_application(session, actor=actor, application_id=acted.application.id)
    return AgencyMessageRead(applied=acted.applied, application=read(view))


@router.get(
    "/declarations/{declaration_id:int}",
    response_model=DeclarationPermitsRead,
    responses=OWNER_CHECKED,
    dependencies=[requires("permits.read")],
)
def declaration_permits(declaration_id: IdInPath, actor: ApiActor, session: SessionDep) -> Any:
    """What the declaration waits for, from whom and since when; the licences attached."""
    found = service.declaration_permits(session, actor=actor, declaration_id=declaration_id)
    return DeclarationPermitsRead(
        waits=[_awaited(a) for a in found.waits],
        attached=[_awaited(a) for a in found.attached],
    )


def _awaited(a: service.AwaitedView) -> AwaitedRead:
    return AwaitedRead(
        line=a.line,
        application=read(a.application),
        since=a.since,
        quantity=a.quantity,
        outcome=a.outcome,
    )


@router.get(
    "/figures", response_model=list[FiguresRead], dependencies=[requires("permits.figures")]
)
def figures(
    actor: ApiActor,
    session: SessionDep,
    now: Now,
    since: Annotated[IsoDateTime | None, Query(description="Default: 90 days back.")] = None,
) -> Any:
    """Per agency and procedure: median and p90 processing hours, share within the legal
    deadline, sampled, accepted by mutual recognition."""
    start = since if since is not None else now - timedelta(days=90)
    return [
        FiguresRead.of(row) for row in service.permit_figures(session, actor=actor, since=start)
    ]
