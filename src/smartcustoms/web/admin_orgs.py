"""The administrator's pages for enterprises (list, search, create, edit, priority status)
and customs offices (list, create, edit). Administrators only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import Response
from starlette.datastructures import FormData

from smartcustoms.deps import IdInPath
from smartcustoms.errors import Conflict, DomainError, ValidationFailed
from smartcustoms.identity import admin as identity_admin
from smartcustoms.identity.admin_messages import field_error, texts
from smartcustoms.kit.clock import customs_date
from smartcustoms.kit.dates import parse_day
from smartcustoms.reference import admin as reference_admin
from smartcustoms.reference import service as reference
from smartcustoms.risk import service as risk
from smartcustoms.web.admin import admin_of
from smartcustoms.web.pages import Page, PageDep, PostedForm, page_for

router = APIRouter(include_in_schema=False)

OfficeInPath = Annotated[str, Path(min_length=2, max_length=8, pattern=r"^[0-9A-Za-z]+$")]


def _failure(error: DomainError, lang: str) -> dict[str, Any]:
    errors = error.errors if isinstance(error, ValidationFailed) else []
    return {"errors": errors, "error": error.message(lang)}


# ---------------------------------------------------------------- enterprises


@router.get("/admin/enterprises", dependencies=[page_for("admin.organisations")])
def enterprises_page(page: PageDep, q: str = "") -> Response:
    actor = admin_of(page)
    found = identity_admin.list_enterprises(page.session, actor=actor, q=q[:100])
    today = customs_date(page.now())
    priority = {
        org.id: risk.priority_on(page.session, enterprise_id=org.id, on=today) for org in found
    }
    return page.render("admin/enterprises.html", enterprises=found, q=q[:100], priority=priority)


@router.get("/admin/enterprises/new", dependencies=[page_for("admin.organisations")])
def new_enterprise_page(page: PageDep) -> Response:
    admin_of(page)
    return page.render("admin/enterprise.html", org=None, form={}, errors=[], error=None)


@router.post("/admin/enterprises/new", dependencies=[page_for("admin.organisations")])
def create_enterprise(page: PageDep, posted: PostedForm) -> Response:
    actor = admin_of(page)
    form = {k: str(posted.get(k, "")) for k in ("name", "tax_code", "address")}
    try:
        org = identity_admin.create_enterprise(page.session, actor=actor, **form, at=page.now())
    except (ValidationFailed, Conflict) as failed:
        return page.render(
            "admin/enterprise.html",
            status=failed.status,
            org=None,
            form=form,
            **_failure(failed, page.lang),
        )
    return page.redirect(f"/admin/enterprises/{org.id}?msg=admin_enterprise_saved")


def _enterprise_page(
    page: Page,
    enterprise_id: int,
    *,
    form: dict[str, str] | None = None,
    failed: DomainError | None = None,
) -> Response:
    actor = admin_of(page)
    org = identity_admin.get_enterprise(page.session, actor=actor, enterprise_id=enterprise_id)
    standing = risk.trader_profile(
        page.session, actor=actor, enterprise_id=org.id, today=customs_date(page.now())
    )
    return page.render(
        "admin/enterprise.html",
        status=200 if failed is None else failed.status,
        org=org,
        standing=standing,
        form=form or {"name": org.name, "address": org.address},
        **(_failure(failed, page.lang) if failed else {"errors": [], "error": None}),
    )


@router.get("/admin/enterprises/{enterprise_id}", dependencies=[page_for("admin.organisations")])
def enterprise_page(enterprise_id: IdInPath, page: PageDep) -> Response:
    return _enterprise_page(page, enterprise_id)


@router.post("/admin/enterprises/{enterprise_id}", dependencies=[page_for("admin.organisations")])
def update_enterprise(enterprise_id: IdInPath, page: PageDep, posted: PostedForm) -> Response:
    actor = admin_of(page)
    form = {k: str(posted.get(k, "")) for k in ("name", "address")}
    try:
        identity_admin.update_enterprise(
            page.session, actor=actor, enterprise_id=enterprise_id, **form, at=page.now()
        )
    except ValidationFailed as failed:
        return _enterprise_page(page, enterprise_id, form=form, failed=failed)
    return page.redirect(f"/admin/enterprises/{enterprise_id}?msg=admin_enterprise_saved")


@router.post(
    "/admin/enterprises/{enterprise_id}/priority", dependencies=[page_for("admin.organisations")]
)
def set_priority(enterprise_id: IdInPath, page: PageDep, posted: PostedForm) -> Response:
    actor = admin_of(page)
    org = identity_admin.get_enterprise(page.session, actor=actor, enterprise_id=enterprise_id)
    raw_until = str(posted.get("valid_until", "")).strip()
    valid_until = parse_day(raw_until) if raw_until else None
    if raw_until and valid_until is None:
        en, vi = texts("input_invalid")
        wrong = field_error("valid_until", "date_format", value=raw_until)
        failed = ValidationFailed(message_en=en, message_vi=vi, errors=[wrong])
        return _enterprise_page(page, enterprise_id, failed=failed)
    priority = posted.get("priority") == "yes"
    note = str(posted.get("note", ""))[:500]
    risk.set_priority(
        page.session,
        actor=actor,
        enterprise_id=org.id,
        priority=priority,
        valid_until=valid_until,
        note=note,
        at=page.now(),
    )
    identity_admin.record_admin_action(
        page.session,
        actor=actor,
        action="enterprise.priority",
        subject_type="organisation",
        subject_id=org.id,
        details={
            "priority": priority,
            "valid_until": valid_until.isoformat() if valid_until else None,
            "note": note,
        },
        at=page.now(),
    )
    return page.redirect(f"/admin/enterprises/{enterprise_id}?msg=admin_priority_saved")


# ---------------------------------------------------------------- customs offices

_OFFICE_FIELDS = ("code", "name_vi", "name_en", "location_code")


def _office_form(posted: FormData) -> dict[str, str]:
    return {k: str(posted.get(k, "")) for k in _OFFICE_FIELDS}


@router.get("/admin/offices", dependencies=[page_for("admin.organisations")])
def offices_page(page: PageDep) -> Response:
    admin_of(page)
    return page.render("admin/offices.html", offices=reference.list_customs_offices(page.session))


@router.get("/admin/offices/new", dependencies=[page_for("admin.organisations")])
def new_office_page(page: PageDep) -> Response:
    admin_of(page)
    return page.render("admin/office.html", office=None, form={}, errors=[], error=None)


@router.post("/admin/offices/new", dependencies=[page_for("admin.organisations")])
def create_office(page: PageDep, posted: PostedForm) -> Response:
    actor = admin_of(page)
    form = _office_form(posted)
    try:
        office = reference_admin.create_office(page.session, actor=actor, **form, at=page.now())
    except (ValidationFailed, Conflict) as failed:
        return page.render(
            "admin/office.html",
            status=failed.status,
            office=None,
            form=form,
            **_failure(failed, page.lang),
        )
    return page.redirect(f"/admin/offices/{office.code}?msg=admin_office_saved")


@router.get("/admin/offices/{code}", dependencies=[page_for("admin.organisations")])
def office_page(code: OfficeInPath, page: PageDep) -> Response:
    actor = admin_of(page)
    office = reference_admin.get_office(page.session, actor=actor, code=code)
    form = {
        "code": office.code,
        "name_vi": office.name_vi,
        "name_en": office.name_en,
        "location_code": office.location_code or "",
    }
    return page.render("admin/office.html", office=office, form=form, errors=[], error=None)


@router.post("/admin/offices/{code}", dependencies=[page_for("admin.organisations")])
def update_office(code: OfficeInPath, page: PageDep, posted: PostedForm) -> Response:
    actor = admin_of(page)
    form = {**_office_form(posted), "code": code}
    try:
        reference_admin.update_office(page.session, actor=actor, **form, at=page.now())
    except ValidationFailed as failed:
        office = reference_admin.get_office(page.session, actor=actor, code=code)
        return page.render(
            "admin/office.html",
            status=failed.status,
            office=office,
            form=form,
            **_failure(failed, page.lang),
        )
    return page.redirect(f"/admin/offices/{code}?msg=admin_office_saved")
