"""JSON API for risk management: thin, every decision is in the services."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from smartcustoms.config import Settings
from smartcustoms.declarations import service as declarations
from smartcustoms.deps import ApiActor, IdInPath, Now, ServicesDep, SessionDep, requires
from smartcustoms.kit.clock import customs_date
from smartcustoms.kit.pagination import PageRequest
from smartcustoms.kit.wire import IsoDateTime
from smartcustoms.openapi import AUTHENTICATED, OWNER_CHECKED, STATE_CHANGING, problems
from smartcustoms.risk import service, training
from smartcustoms.risk.rules import Channel, SelectivityPolicy
from smartcustoms.risk.schemas import (
    ComplianceRead,
    DecisionRead,
    InspectionRead,
    InspectionWrite,
    ModelTrainWrite,
    ModelVersionRead,
    PolicyRead,
    PolicyWrite,
    PriorityWrite,
    ProfileRead,
    ReassessmentRead,
    ReassessmentsRead,
    RuleRead,
    RuleTestRead,
    RuleVersionRead,
    RuleWrite,
    TaxDebtRead,
    TaxDebtWrite,
    WorklistItemRead,
    WorklistRead,
    rule_input,
)

router = APIRouter(prefix="/api/v1/risk", tags=["risk"], responses=AUTHENTICATED)


def models_dir(settings: Settings) -> Path:
    return training.models_dir(settings.var_dir)


def _rule_input(body: RuleWrite) -> service.RuleInput:
    return rule_input(body)  # the portal's form goes through the same schema and function


# ---------------------------------------------------------------------------- rules


@router.get("/rules", response_model=list[RuleRead], dependencies=[requires("risk.rules.read")])
def list_rules(actor: ApiActor, session: SessionDep) -> Any:
    return service.list_rules(session, actor=actor)


@router.post(
    "/rules",
    status_code=201,
    response_model=RuleRead,
    responses=problems(401, 403, 409),
    dependencies=[requires("risk.rules.edit")],
)
def create_rule(body: RuleWrite, actor: ApiActor, session: SessionDep, now: Now) -> Any:
    row = service.create_rule(session, actor=actor, data=_rule_input(body), at=now)
    return RuleRead.model_validate(row)


@router.get(
    "/rules/{rule_id:int}",
    response_model=RuleRead,
    responses=OWNER_CHECKED,
    dependencies=[requires("risk.rules.read")],
)
def get_rule(rule_id: IdInPath, actor: ApiActor, session: SessionDep) -> Any:
    return service.get_rule(session, actor=actor, rule_id=rule_id)


@router.put(
    "/rules/{rule_id:int}",
    response_model=RuleRead,
    responses=STATE_CHANGING,
    dependencies=[requires("risk.rules.edit")],
)
def update_rule(
    rule_id: IdInPath, body: RuleWrite, actor: ApiActor, session: SessionDep, now: Now
) -> Any:
    row = service.update_rule(session, actor=actor, rule_id=rule_id, data=_rule_input(body), at=now)
    return RuleRead.model_validate(row)


@router.get(
    "/rules/{rule_id:int}/history",
    response_model=list[RuleVersionRead],
    responses=OWNER_CHECKED,
    dependencies=[requires("risk.rules.read")],
)
def rule_history(rule_id: IdInPath, actor: ApiActor, session: SessionDep) -> Any:
    return service.rule_history(session, actor=actor, rule_id=rule_id)


@router.post(
    "/rules/{rule_id:int}/test",
    response_model=RuleTestRead,
    responses=OWNER_CHECKED,
    dependencies=[requires("risk.rules.read")],
)
def backtest_rule(
    rule_id: IdInPath,
    actor: ApiActor,
    session: SessionDep,
    since: IsoDateTime | None = None,
    until: IsoDateTime | None = None,
) -> Any:
    """What the rule would have flagged among past decisions, and how many had findings."""
    result = service.backtest_rule(session, actor=actor, rule_id=rule_id, since=since, until=until)
    return RuleTestRead(
        examined=result.examined,
        flagged=result.flagged,
        flagged_inspected=result.flagged_inspected,
        flagged_with_findings=result.flagged_with_findings,
        hit_rate=result.hit_rate,
    )


@router.post(
    "/rules/{rule_id:int}/activate",
    response_model=RuleRead,
    responses=STATE_CHANGING,
    dependencies=[requires("risk.rules.switch")],
)
def activate_rule(rule_id: IdInPath, actor: ApiActor, session: SessionDep, now: Now) -> Any:
    row = service.set_rule_active(session, actor=actor, rule_id=rule_id, active=True, at=now)
    return RuleRead.model_validate(row)


@router.post(
    "/rules/{rule_id:int}/deactivate",
    response_model=RuleRead,
    responses=STATE_CHANGING,
    dependencies=[requires("risk.rules.switch")],
)
def deactivate_rule(rule_id: IdInPath, actor: ApiActor, session: SessionDep, now: Now) -> Any:
    row = service.set_rule_active(session, actor=actor, rule_id=rule_id, active=False, at=now)
    return RuleRead.model_validate(row)


# ---------------------------------------------------------------------------- policy


def _policy_read(policy: SelectivityPolicy) -> PolicyRead:
    return PolicyRead(**{**asdict(policy), "random_channel": str(policy.random_channel)})


@router.get("/policy", response_model=PolicyRead, dependencies=[requires("risk.rules.read")])
def get_policy(actor: ApiActor, session: SessionDep) -> Any:
    return _policy_read(service.policy_for(session, actor=actor))


@router.put("/policy", response_model=PolicyRead, dependencies=[requires("risk.rules.switch")])
def set_policy(body: PolicyWrite, actor: ApiActor, session: SessionDep, now: Now) -> Any:
    policy = service.set_policy(
        session, actor=actor, values=body.model_dump(exclude_none=True), at=now
    )
    return _policy_read(policy)


# ---------------------------------------------------------------------------- traders


@router.get(
    "/traders/{enterprise_id:int}",
    response_model=ProfileRead,
    responses=OWNER_CHECKED,
    dependencies=[requires("risk.traders.read")],
)
def trader_profile(enterprise_id: IdInPath, actor: ApiActor, session: SessionDep, now: Now) -> Any:
    found = service.trader_profile(
        session, actor=actor, enterprise_id=enterprise_id, today=customs_date(now)
    )
    return ProfileRead(
        enterprise_id=found.enterprise_id,
        name=found.name,
        tax_code=found.tax_code,
        priority=found.priority,
        priority_valid_until=found.priority_valid_until,
        note=found.note,
        new_trader=found.new_trader,
        blocked_by_tax_debt=found.blocked,
        compliance=ComplianceRead(
            **found.compliance.__dict__, finding_rate=found.compliance.finding_rate
        ),
        unsettled_debts=[TaxDebtRead.model_validate(d) for d in found.unsettled_debts],
    )


@router.put(
    "/traders/{enterprise_id:int}/priority",
    response_model=ProfileRead,
    responses=OWNER_CHECKED,
    dependencies=[requires("risk.standing.change")],
)
def set_priority(
    enterprise_id: IdInPath, body: PriorityWrite, actor: ApiActor, session: SessionDep, now: Now
) -> Any:
    service.set_priority(
        session,
        actor=actor,
        enterprise_id=enterprise_id,
        priority=body.priority,
        valid_until=body.valid_until,
        note=body.note,
        at=now,
    )
    return trader_profile(enterprise_id, actor, session, now)


@router.get(
    "/traders/{enterprise_id:int}/tax-debts",
    response_model=list[TaxDebtRead],
    responses=OWNER_CHECKED,
    dependencies=[requires("risk.traders.read")],
)
def tax_debts(enterprise_id: IdInPath, actor: ApiActor, session: SessionDep) -> Any:
    debts = service.tax_debts(session, actor=actor, enterprise_id=enterprise_id)
    return _debts_read(session, debts)


def _debts_read(session: SessionDep, debts: list[Any]) -> list[TaxDebtRead]:
    """Debts with the name of the supervisor who settled each (issue 15: who settled)."""
    names = service.settlers(session, debts)
    return [
        TaxDebtRead.model_validate(d).model_copy(
            update={"settled_by_name": names.get(d.settled_by_id or 0)}
        )
        for d in debts
    ]


@router.post(
    "/traders/{enterprise_id:int}/tax-debts",
    status_code=201,
    response_model=TaxDebtRead,
    responses=OWNER_CHECKED,
    dependencies=[requires("risk.standing.change")],
)
def record_tax_debt(
    enterprise_id: IdInPath, body: TaxDebtWrite, actor: ApiActor, session: SessionDep, now: Now
) -> Any:
    debt = service.record_tax_debt(
        session,
        actor=actor,
        enterprise_id=enterprise_id,
        amount_vnd=body.amount_vnd,
        due_date=body.due_date,
        reference=body.reference,
        at=now,
    )
    return TaxDebtRead.model_validate(debt)


@router.post(
    "/tax-debts/{debt_id:int}/settle",
    response_model=TaxDebtRead,
    responses=STATE_CHANGING,
    dependencies=[requires("risk.standing.change")],
)
def settle_tax_debt(debt_id: IdInPath, actor: ApiActor, session: SessionDep, now: Now) -> Any:
    debt = service.settle_tax_debt(session, actor=actor, debt_id=debt_id, at=now)
    return _debts_read(session, [debt])[0]


# ---------------------------------------------------------------------------- decisions


@router.get(
    "/decisions/{declaration_id:int}",
    response_model=DecisionRead,
    responses=OWNER_CHECKED,
    dependencies=[requires("risk.decision.read")],
)
def decision(
    declaration_id: IdInPath, actor: ApiActor, session: SessionDep, services: ServicesDep
) -> Any:
    view = service.decision_for(
        session,
        actor=actor,
        declaration_id=declaration_id,
        models_dir=models_dir(services.settings),
    )
    return DecisionRead(
        declaration_id=view.declaration_id,
        channel=view.channel,
        state=view.state,
        decided_at=view.decided_at,
        score=view.score,
        model_version_id=view.model_version_id,
        randomly_selected=view.randomly_selected,
        explanation=view.explanation,
        inspection=InspectionRead.model_validate(view.inspection) if view.inspection else None,
    )


@router.get(
    "/post-clearance-flags",
    response_model=ReassessmentsRead,
    dependencies=[requires("risk.worklist")],
)
def post_clearance_flags(
    actor: ApiActor,
    session: SessionDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    size: Annotated[int, Query(ge=1, le=200)] = 20,
) -> Any:
    """Released goods whose late facts (manifest, ACDD) select a stricter channel: flagged
    for post-clearance audit, of the officer's office, newest first."""
    found = service.post_clearance_flags(session, actor=actor, request=PageRequest(page, size))
    items = [ReassessmentRead.model_validate(r) for r in found.items]
    return ReassessmentsRead(items=items, total=found.total, page=found.page, size=found.size)


@router.get("/worklist", response_model=WorklistRead, dependencies=[requires("risk.worklist")])
def worklist(
    actor: ApiActor,
    session: SessionDep,
    channel: Annotated[
        Literal["yellow", "red"],
        Query(description="Worklists exist for the yellow and red channels."),
    ],
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    size: Annotated[int, Query(ge=1, le=200)] = 20,
) -> Any:
    """The yellow or red declarations of the officer's office awaiting their check."""
    found = service.worklist(
        session, actor=actor, channel=Channel(channel), request=PageRequest(page, size)
    )
    return WorklistRead(
        items=[
            WorklistItemRead(
                declaration_id=e.decision.declaration_id,
                number=e.number,
                status=e.status,
                type_code=e.type_code,
                enterprise_id=e.decision.enterprise_id,
                enterprise_name=e.enterprise_name,
                channel=e.decision.channel,
                score=e.decision.score,
                randomly_selected=e.decision.randomly_selected,
                invoice_amount=e.invoice_amount,
                invoice_currency=e.invoice_currency,
                registered_at=e.registered_at,
                reasons=[r["message_en"] for r in e.decision.explanation.get("reasons", [])],
            )
            for e in found.items
        ],
        total=found.total,
        page=found.page,
        size=found.size,
    )


@router.post(
    "/inspections/{declaration_id:int}",
    status_code=201,
    response_model=InspectionRead,
    responses=STATE_CHANGING,
    dependencies=[requires("risk.inspect")],
)
def record_inspection(
    declaration_id: IdInPath,
    body: InspectionWrite,
    actor: ApiActor,
    session: SessionDep,
    services: ServicesDep,
    now: Now,
) -> Any:
    """Record the check's result; the declaration's clearance is evaluated again with it
    (after a yellow or red check, an officer then decides the release)."""
    inspection = service.record_inspection(
        session,
        actor=actor,
        declaration_id=declaration_id,
        data=service.InspectionInput(**body.model_dump()),
        at=now,
    )
    declarations.reevaluate_clearance(
        session, declaration_id=declaration_id, setup=services.clearance, at=now
    )
    return InspectionRead.model_validate(inspection)


# ---------------------------------------------------------------------------- models


@router.get(
    "/models", response_model=list[ModelVersionRead], dependencies=[requires("risk.models.read")]
)
def list_models(actor: ApiActor, session: SessionDep) -> Any:
    return training.list_model_versions(session, actor=actor)


@router.post(
    "/models/train",
    status_code=201,
    response_model=ModelVersionRead,
    responses=problems(401, 403, 409),
    dependencies=[requires("risk.models.manage")],
)
def train_model(
    body: ModelTrainWrite, actor: ApiActor, session: SessionDep, services: ServicesDep, now: Now
) -> Any:
    """Train on the KCS files (SMARTCUSTOMS_SHARED_DATA_DIR, else the shipped sample) plus
    the inspections recorded here."""
    settings = services.settings
    version = training.train_model_version(
        session,
        actor=actor,
        data=training.kcs_training_data(settings.shared_data_dir, max_rows=body.max_rows),
        models_dir=models_dir(settings),
        at=now,
        activate=body.activate,
    )
    return ModelVersionRead.model_validate(version)


@router.post(
    "/models/{version_id:int}/activate",
    response_model=ModelVersionRead,
    responses=STATE_CHANGING,
    dependencies=[requires("risk.models.manage")],
)
def activate_model(
    version_id: IdInPath, actor: ApiActor, session: SessionDep, services: ServicesDep, now: Now
) -> Any:
    version = training.activate_model(
        session,
        actor=actor,
        version_id=version_id,
        models_dir=models_dir(services.settings),
        at=now,
    )
    return ModelVersionRead.model_validate(version)


@router.post("/models/deactivate", status_code=204, dependencies=[requires("risk.models.manage")])
def deactivate_models(actor: ApiActor, session: SessionDep) -> None:
    training.deactivate_models(session, actor=actor)
