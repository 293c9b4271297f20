"""Portal pages for officers: risk rules, yellow/red worklists, inspection results, trader
profiles; and the channel panel on a declaration's page. Same services as the API."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from markupsafe import Markup

from smartcustoms.declarations import service as declarations
from smartcustoms.deps import IdInPath
from smartcustoms.errors import DomainError, FieldError, ValidationFailed
from smartcustoms.identity import service as identity
from smartcustoms.kit.clock import customs_date
from smartcustoms.kit.pagination import PageRequest
from smartcustoms.risk import service, training
from smartcustoms.risk.feature_labels import feature_label
from smartcustoms.risk.forms import (
    LIST_FIELDS,
    inspection_input_from,
    priority_from,
    rule_input_from,
)
from smartcustoms.risk.rules import Channel, InspectionKind, RuleTestResult
from smartcustoms.web.numbers import show_number
from smartcustoms.web.pages import Page, PageDep, PostedForm, page_for

router = APIRouter(include_in_schema=False)


def _rule_form(row: Any | None, lang: str) -> dict[str, str]:
    """A saved rule as its form shows it, numbers written in the user's way."""
    if row is None:
        return {}
    criteria = row.criteria
    values = {name: " ".join(criteria.get(name, [])) for name in LIST_FIELDS}
    for name in ("unit_value_min", "unit_value_max"):
        values[name] = show_number(criteria.get(name), lang)
    values["unit_value_currency"] = str(criteria.get("unit_value_currency") or "")
    flag = criteria.get("new_trader")
    values["new_trader"] = "" if flag is None else ("yes" if flag else "no")
    values.update(
        code=row.code,
        description=row.description,
        score=show_number(row.score, lang),
        forced_channel=row.forced_channel or "",
        valid_from=row.valid_from.isoformat() if row.valid_from else "",
        valid_to=row.valid_to.isoformat() if row.valid_to else "",
    )
    return values


# ---------------------------------------------------------------------------- rules


@router.get("/risk/rules", dependencies=[page_for("risk.rules.read")])
def rules_page(page: PageDep) -> Response:
    actor = page.require_actor()
    return page.render("risk/rules.html", rules=service.list_rules(page.session, actor=actor))


def _rule_page(
    page: Page,
    *,
    rule_id: int | None,
    form: dict[str, str],
    errors: list[FieldError],
    tested: RuleTestResult | None = None,
    status: int = 200,
) -> Response:
    actor = page.require_actor()
    row = history = None
    if rule_id is not None:
        row = service.get_rule(page.session, actor=actor, rule_id=rule_id)
        history = service.rule_history(page.session, actor=actor, rule_id=rule_id)
    else:
        service.require_customs(actor)
    return page.render(
        "risk/rule.html",
        status=status,
        rule=row,
        form=form,
        errors=errors,
        tested=tested,
        history=history or [],
        authors=identity.user_names(page.session, (v.author_id for v in history or [])),
        channels=[c.value for c in Channel],
    )


@router.get("/risk/rules/new", dependencies=[page_for("risk.rules.edit")])
def new_rule_page(page: PageDep) -> Response:
    return _rule_page(page, rule_id=None, form={}, errors=[])


@router.post("/risk/rules/new", dependencies=[page_for("risk.rules.edit")])
def create_rule(page: PageDep, posted: PostedForm) -> Response:
    actor = page.require_actor()
    form = {k: str(v) for k, v in posted.items() if k != "csrf_token"}
    try:
        row = service.create_rule(
            page.session, actor=actor, data=rule_input_from(posted, lang=page.lang), at=page.now()
        )
    except ValidationFailed as failed:
        page.session.rollback()
        return _rule_page(page, rule_id=None, form=form, errors=failed.errors, status=422)
    return page.redirect(f"/risk/rules/{row.id}?msg=risk_rule_saved")


@router.get("/risk/rules/{rule_id}", dependencies=[page_for("risk.rules.read")])
def rule_page(rule_id: IdInPath, page: PageDep) -> Response:
    actor = page.require_actor()
    row = service.get_rule(page.session, actor=actor, rule_id=rule_id)
    return _rule_page(page, rule_id=rule_id, form=_rule_form(row, page.lang), errors=[])


@router.post("/risk/rules/{rule_id}", dependencies=[page_for("risk.rules.edit")])
def update_rule(rule_id: IdInPath, page: PageDep, posted: PostedForm) -> Response:
    actor = page.require_actor()
    form = {k: str(v) for k, v in posted.items() if k != "csrf_token"}
    try:
        service.update_rule(
            page.session,
            actor=actor,
            rule_id=rule_id,
            data=rule_input_from(posted, lang=page.lang),
            at=page.now(),
        )
    except ValidationFailed as failed:
        page.session.rollback()
        return _rule_page(page, rule_id=rule_id, form=form, errors=failed.errors, status=422)
    return page.redirect(f"/risk/rules/{rule_id}?msg=risk_rule_saved")


@router.post("/risk/rules/{rule_id}/test", dependencies=[page_for("risk.rules.read")])
def backtest_rule(rule_id: IdInPath, page: PageDep, _form: PostedForm) -> Response:
    actor = page.require_actor()
    result = service.backtest_rule(page.session, actor=actor, rule_id=rule_id)
    row = service.get_rule(page.session, actor=actor, rule_id=rule_id)
    return _rule_page(
        page, rule_id=rule_id, form=_rule_form(row, page.lang), errors=[], tested=result
    )


@router.post("/risk/rules/{rule_id}/{action}", dependencies=[page_for("risk.rules.switch")])
def switch_rule(rule_id: IdInPath, action: str, page: PageDep, _form: PostedForm) -> Response:
    actor = page.require_actor()
    if action not in ("activate", "deactivate"):
        return page.redirect(f"/risk/rules/{rule_id}")
    active = action == "activate"
    service.set_rule_active(
        page.session, actor=actor, rule_id=rule_id, active=active, at=page.now()
    )
    message = "risk_rule_activated" if active else "risk_rule_deactivated"
    return page.redirect(f"/risk/rules/{rule_id}?msg={message}")


# ---------------------------------------------------------------------------- worklists


@router.get("/risk/worklist/{channel}", dependencies=[page_for("risk.worklist")])
def worklist_page(
    channel: Channel,
    page: PageDep,
    page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> Response:
    actor = page.require_actor()
    result = service.worklist(
        page.session, actor=actor, channel=channel, request=PageRequest(page_no, 20)
    )
    return page.render("risk/worklist.html", result=result, channel=channel.value)


# ---------------------------------------------------------------------------- inspections


def _inspection_page(
    page: Page,
    declaration_id: int,
    *,
    form: dict[str, str],
    errors: list[FieldError],
    status: int = 200,
) -> Response:
    actor = page.require_actor()
    view = service.decision_for(page.session, actor=actor, declaration_id=declaration_id)
    return page.render(
        "risk/inspection.html",
        status=status,
        view=view,
        form=form,
        errors=errors,
        kinds=[k.value for k in InspectionKind],
    )


@router.get("/risk/inspections/{declaration_id}", dependencies=[page_for("risk.inspect")])
def inspection_page(declaration_id: IdInPath, page: PageDep) -> Response:
    return _inspection_page(page, declaration_id, form={}, errors=[])


@router.post("/risk/inspections/{declaration_id}", dependencies=[page_for("risk.inspect")])
def record_inspection(declaration_id: IdInPath, page: PageDep, posted: PostedForm) -> Response:
    actor = page.require_actor()
    form = {k: str(v) for k, v in posted.items() if k != "csrf_token"}
    try:
        service.record_inspection(
            page.session,
            actor=actor,
            declaration_id=declaration_id,
            data=inspection_input_from(posted, lang=page.lang),
            at=page.now(),
        )
    except ValidationFailed as failed:
        page.session.rollback()
        return _inspection_page(page, declaration_id, form=form, errors=failed.errors, status=422)
    # The check is done: the declaration's clearance is evaluated again with its result.
    declarations.reevaluate_clearance(
        page.session, declaration_id=declaration_id, setup=page.services.clearance, at=page.now()
    )
    # Recorded beside the dossier viewer: back to the document the officer was reading.
    shown = str(posted.get("view", ""))
    back = f"&view={shown}#dossier-viewer" if shown.isdigit() else ""
    return page.redirect(f"/declarations/{declaration_id}?msg=risk_inspection_saved{back}")


# ---------------------------------------------------------------------------- traders


@router.get("/risk/traders/{enterprise_id}", dependencies=[page_for("risk.traders.read")])
def trader_page(enterprise_id: IdInPath, page: PageDep) -> Response:
    actor = page.require_actor()
    standing = service.trader_profile(
        page.session, actor=actor, enterprise_id=enterprise_id, today=customs_date(page.now())
    )
    return page.render("risk/trader.html", standing=standing)


@router.post(
    "/risk/traders/{enterprise_id}/priority", dependencies=[page_for("risk.standing.change")]
)
def set_priority(enterprise_id: IdInPath, page: PageDep, posted: PostedForm) -> Response:
    actor = page.require_actor()
    body = priority_from(posted)
    service.set_priority(
        page.session,
        actor=actor,
        enterprise_id=enterprise_id,
        priority=body.priority,
        valid_until=body.valid_until,
        note=body.note,
        at=page.now(),
    )
    return page.redirect(f"/risk/traders/{enterprise_id}?msg=risk_priority_saved")


# ---------------------------------------------------------------------------- model versions


@router.get("/risk/models", dependencies=[page_for("risk.models.read")])
def models_page(page: PageDep) -> Response:
    actor = page.require_actor()
    versions = training.list_model_versions(page.session, actor=actor)
    return page.render("risk/models.html", versions=versions)


@router.post("/risk/models/{version_id}/activate", dependencies=[page_for("risk.models.manage")])
def activate_model(version_id: IdInPath, page: PageDep, _form: PostedForm) -> Response:
    actor = page.require_actor()
    training.activate_model(
        page.session,
        actor=actor,
        version_id=version_id,
        models_dir=training.models_dir(page.services.settings.var_dir),
        at=page.now(),
    )
    return page.redirect("/risk/models?msg=risk_model_activated")


# ---------------------------------------------------------------------------- declaration page


def channel_panel(page: Page, declaration_id: int) -> Markup | None:
    """The declaration's channel; officers also see the reasons and the inspection."""
    if page.actor is None:
        return None
    try:
        view = service.find_decision(
            page.session,
            actor=page.actor,
            declaration_id=declaration_id,
            models_dir=training.models_dir(page.services.settings.var_dir),
        )
    except DomainError:
        return None
    if view is None:
        return None
    return page.fragment("risk/channel_panel.html", view=view, feature=feature_label)
