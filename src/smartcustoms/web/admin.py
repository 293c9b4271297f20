"""The administrator's pages: users (list, search, create, edit, disable, enable, new
password, second factor reset) and the read-only matrix of what each role may do.
Administrators only."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from starlette.datastructures import FormData

from smartcustoms.deps import IdInPath
from smartcustoms.errors import Conflict, DomainError, ValidationFailed
from smartcustoms.identity import admin as identity_admin
from smartcustoms.identity import admin_second_factor, policy
from smartcustoms.identity import service as identity
from smartcustoms.identity.admin_rules import ALL_ROLES, require_admin
from smartcustoms.identity.rules import Actor
from smartcustoms.reference import service as reference
from smartcustoms.web.pages import Page, PageDep, PostedForm, page_for

router = APIRouter(include_in_schema=False)

_USER_FIELDS = ("username", "full_name", "email", "role", "office_code", "organisation_id")


def admin_of(page: Page) -> Actor:
    actor = page.require_actor()
    require_admin(actor)
    return actor


def _int_or_none(raw: object) -> int | None:
    text = str(raw or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


def _fields(posted: FormData) -> identity_admin.UserFields:
    return identity_admin.UserFields(
        full_name=str(posted.get("full_name", "")),
        email=str(posted.get("email", "")),
        role=str(posted.get("role", "")),
        office_code=str(posted.get("office_code", "")).strip() or None,
        organisation_id=_int_or_none(posted.get("organisation_id")),
    )


def _office_codes(page: Page) -> list[str]:
    return [o.code for o in reference.list_customs_offices(page.session)]


def _user_form(user: identity_admin.Account | None) -> dict[str, Any]:
    if user is None:
        return {"role": "trader"}
    return {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "role": user.role,
        "office_code": user.office_code or "",
        "organisation_id": str(user.organisation_id or ""),
    }


def _posted_form(posted: FormData) -> dict[str, Any]:
    form: dict[str, Any] = {k: str(posted.get(k, "")) for k in _USER_FIELDS}
    return form


def _user_page(
    page: Page,
    actor: Actor,
    *,
    user: identity_admin.Account | None,
    form: dict[str, Any],
    error: DomainError | None = None,
    status: int = 200,
) -> Response:
    errors = error.errors if isinstance(error, ValidationFailed) else []
    return page.render(
        "admin/user.html",
        status=status,
        user=user,
        form=form,
        errors=errors,
        error=None if error is None else error.message(page.lang),
        roles=ALL_ROLES,
        offices=reference.list_customs_offices(page.session),
        enterprises=identity_admin.list_enterprises(page.session, actor=actor),
        second_factor_on=user is not None and identity.second_factor_on(user),
        delegating=(
            identity_admin.delegating_enterprises(page.session, actor=actor, user=user)
            if user is not None
            else []
        ),
    )


@router.get("/admin", dependencies=[page_for("admin.users")])
def admin_home(page: PageDep) -> Response:
    admin_of(page)
    return page.redirect("/admin/users")


@router.get("/admin/users", dependencies=[page_for("admin.users")])
def users_page(page: PageDep, q: str = "") -> Response:
    actor = admin_of(page)
    offices = {o.code: o for o in reference.list_customs_offices(page.session)}
    catalog = page.renderer.catalog
    lines = identity_admin.find_users(
        page.session,
        actor=actor,
        q=q[:100],
        role_names={r: " ".join(catalog[f"role_{r}"]) for r in ALL_ROLES},
        office_names={code: f"{o.name_vi} {o.name_en}" for code, o in offices.items()},
    )
    return page.render("admin/users.html", lines=lines, q=q[:100], offices=offices)


@router.get("/admin/users/new", dependencies=[page_for("admin.users")])
def new_user_page(page: PageDep) -> Response:
    actor = admin_of(page)
    return _user_page(page, actor, user=None, form=_user_form(None))


@router.post("/admin/users/new", dependencies=[page_for("admin.users")])
def create_user(page: PageDep, posted: PostedForm) -> Response:
    actor = admin_of(page)
    try:
        user = identity_admin.create_user(
            page.session,
            actor=actor,
            username=str(posted.get("username", "")),
            password=str(posted.get("password", "")),
            fields=_fields(posted),
            known_offices=_office_codes(page),
            at=page.now(),
        )
    except (ValidationFailed, Conflict) as failed:
        return _user_page(
            page, actor, user=None, form=_posted_form(posted), error=failed, status=failed.status
        )
    return page.redirect(f"/admin/users/{user.id}?msg=admin_user_created")


@router.get("/admin/users/{user_id}", dependencies=[page_for("admin.users")])
def user_page(user_id: IdInPath, page: PageDep) -> Response:
    actor = admin_of(page)
    user = identity_admin.get_user(page.session, actor=actor, user_id=user_id)
    return _user_page(page, actor, user=user, form=_user_form(user))


@router.post("/admin/users/{user_id}", dependencies=[page_for("admin.users")])
def update_user(user_id: IdInPath, page: PageDep, posted: PostedForm) -> Response:
    actor = admin_of(page)
    try:
        identity_admin.update_user(
            page.session,
            actor=actor,
            user_id=user_id,
            fields=_fields(posted),
            known_offices=_office_codes(page),
            at=page.now(),
        )
    except (ValidationFailed, Conflict) as failed:
        user = identity_admin.get_user(page.session, actor=actor, user_id=user_id)
        form = {**_posted_form(posted), "username": user.username}
        return _user_page(page, actor, user=user, form=form, error=failed, status=failed.status)
    return page.redirect(f"/admin/users/{user_id}?msg=admin_user_saved")


def _refused(page: Page, actor: Actor, user_id: int, failed: DomainError) -> Response:
    user = identity_admin.get_user(page.session, actor=actor, user_id=user_id)
    return _user_page(
        page,
        actor,
        user=user,
        form=_user_form(user),
        error=failed,
        status=failed.status,
    )


@router.post("/admin/users/{user_id}/disable", dependencies=[page_for("admin.users")])
def disable_user(user_id: IdInPath, page: PageDep, posted: PostedForm) -> Response:
    actor = admin_of(page)
    try:
        identity_admin.disable_user(
            page.session,
            actor=actor,
            user_id=user_id,
            reason=str(posted.get("reason", "")),
            at=page.now(),
        )
    except (ValidationFailed, Conflict) as failed:
        return _refused(page, actor, user_id, failed)
    return page.redirect(f"/admin/users/{user_id}?msg=admin_user_disabled")


@router.post("/admin/users/{user_id}/enable", dependencies=[page_for("admin.users")])
def enable_user(user_id: IdInPath, page: PageDep, _form: PostedForm) -> Response:
    actor = admin_of(page)
    try:
        identity_admin.enable_user(page.session, actor=actor, user_id=user_id, at=page.now())
    except Conflict as failed:
        return _refused(page, actor, user_id, failed)
    return page.redirect(f"/admin/users/{user_id}?msg=admin_user_enabled")


@router.post("/admin/users/{user_id}/password", dependencies=[page_for("admin.users")])
def reset_password(user_id: IdInPath, page: PageDep, posted: PostedForm) -> Response:
    actor = admin_of(page)
    try:
        identity_admin.reset_password(
            page.session,
            actor=actor,
            user_id=user_id,
            new_password=str(posted.get("password", "")),
            at=page.now(),
        )
    except ValidationFailed as failed:
        return _refused(page, actor, user_id, failed)
    return page.redirect(f"/admin/users/{user_id}?msg=admin_password_set")


@router.post("/admin/users/{user_id}/second-factor/reset", dependencies=[page_for("admin.users")])
def reset_second_factor(user_id: IdInPath, page: PageDep, posted: PostedForm) -> Response:
    """A lost phone: the user's two-factor sign-in is turned off (they enrol again at their
    next sign-in) and their sessions end, once the administrator ticks the confirmation."""
    actor = admin_of(page)
    try:
        admin_second_factor.reset_second_factor(
            page.session,
            actor=actor,
            user_id=user_id,
            confirmed=posted.get("confirm") == "yes",
            at=page.now(),
        )
    except (ValidationFailed, Conflict) as failed:
        return _refused(page, actor, user_id, failed)
    return page.redirect(f"/admin/users/{user_id}?msg=admin_second_factor_reset_done")


@router.get("/admin/roles", dependencies=[page_for("admin.users")])
def roles_page(page: PageDep) -> Response:
    admin_of(page)
    reach = {(r.action, r.role): r.reach.value for r in policy.POLICY}
    return page.render(
        "admin/roles.html", roles=ALL_ROLES, actions=list(policy.ACTIONS), reach=reach
    )
