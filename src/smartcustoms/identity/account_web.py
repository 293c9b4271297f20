"""Portal pages of one's own account: two-factor sign-in (enrolment with a QR code, recovery
codes), and for an enterprise's traders its delegations to brokers and its API keys."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from markupsafe import Markup
from starlette.datastructures import FormData

from smartcustoms.errors import DomainError
from smartcustoms.identity import service
from smartcustoms.identity.rules import Scope, parse_scopes
from smartcustoms.kit.clock import VIETNAM
from smartcustoms.web.pages import Page, PageDep, PostedForm, page_for

router = APIRouter(include_in_schema=False)


def _account(page: Page, status: int = 200, **context: Any) -> Response:
    actor = page.require_actor()
    account = service.account_of(page.session, user_id=actor.user_id)
    return page.render(
        "identity/account.html",
        status,
        masked_national_id=account.masked_national_id,
        second_factor_on=account.second_factor_on,
        enabled_at=account.second_factor_since,
        codes_left=account.recovery_codes_left,
        may_enrol=account.may_enrol,
        manages_enterprise=account.manages_enterprise,
        **{"error": None, "qr": None, "key": None, "recovery_codes": None, **context},
    )


@router.get("/account", dependencies=[page_for("account.self")])
def account(page: PageDep) -> Response:
    return _account(page)


@router.post("/account/second-factor", dependencies=[page_for("account.self")])
def start_second_factor(page: PageDep, _form: PostedForm) -> Response:
    actor = page.require_actor()
    try:
        _, svg, key = service.start_enrolment(
            page.session, user_id=actor.user_id, signing_secret=page.services.signing_secret
        )
    except DomainError as refused:
        return _account(page, refused.status, error=refused.message(page.lang))
    # Safe: the SVG segno drew of our own otpauth URI.
    return _account(page, qr=Markup(svg), key=key)


@router.post("/account/second-factor/confirm", dependencies=[page_for("account.self")])
def confirm_second_factor(page: PageDep, form: PostedForm) -> Response:
    actor = page.require_actor()
    try:
        codes = service.confirm_enrolment(
            page.session,
            user_id=actor.user_id,
            code=str(form.get("code", "")),
            signing_secret=page.services.signing_secret,
            at=page.now(),
        )
    except DomainError as refused:
        return _account(page, refused.status, error=refused.message(page.lang))
    return _account(page, recovery_codes=codes)


# ---------------------------------------------------------------- delegations


def _scopes(form: FormData) -> frozenset[Scope]:
    return parse_scopes(" ".join(str(v) for v in form.getlist("scope")))


def _procedures(form: FormData) -> frozenset[str]:
    return frozenset(str(form.get("procedures", "")).upper().replace(",", " ").split())


def _start_of(raw: str, default: datetime | None) -> datetime | None:
    """The start of a day in Vietnam, from a date field (empty: the default)."""
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError:
        return default
    return datetime.combine(day, time.min, tzinfo=VIETNAM)


def _delegations(page: Page, status: int = 200, **context: Any) -> Response:
    actor = page.require_actor()
    found = service.list_delegations(page.session, actor=actor, at=page.now())
    context.setdefault("form", {"scopes": ()})
    return page.render("identity/delegations.html", status, delegations=found, **context)


@router.get("/account/delegations", dependencies=[page_for("account.self")])
def delegations(page: PageDep) -> Response:
    try:
        return _delegations(page, error=None)
    except DomainError as refused:
        return _account(page, refused.status, error=refused.message(page.lang))


@router.post("/account/delegations", dependencies=[page_for("delegations.manage")])
def grant_delegation(page: PageDep, form: PostedForm) -> Response:
    actor = page.require_actor()
    fields = ("agent_tax_code", "valid_from", "valid_until", "procedures")
    raw = {k: str(form.get(k, "")) for k in fields}
    try:
        service.grant_own_delegation(
            page.session,
            actor=actor,
            agent_tax_code=raw["agent_tax_code"].strip(),
            scopes=_scopes(form),
            valid_from=_start_of(raw["valid_from"], page.now()) or page.now(),
            valid_until=_start_of(raw["valid_until"], None),
            at=page.now(),
            procedures=_procedures(form),
            accounts=frozenset(str(a) for a in form.getlist("account")),
        )
    except DomainError as refused:
        kept = {
            **raw,
            "scopes": tuple(form.getlist("scope")),
            "accounts": tuple(str(a) for a in form.getlist("account")),
        }
        return _delegations(page, refused.status, error=refused.message(page.lang), form=kept)
    return page.redirect("/account/delegations?msg=delegation_granted")


@router.post(
    "/account/delegations/{delegation_id}/revoke", dependencies=[page_for("delegations.manage")]
)
def revoke_delegation(page: PageDep, delegation_id: int, _form: PostedForm) -> Response:
    actor = page.require_actor()
    try:
        service.revoke_delegation(
            page.session, actor=actor, delegation_id=delegation_id, at=page.now()
        )
    except DomainError as refused:
        return _delegations(page, refused.status, error=refused.message(page.lang))
    return page.redirect("/account/delegations?msg=delegation_revoked")


# ---------------------------------------------------------------- API keys


def _keys(page: Page, status: int = 200, **context: Any) -> Response:
    actor = page.require_actor()
    keys = service.list_api_keys(page.session, actor=actor)
    context.setdefault("new_key", None)
    context.setdefault("rotated_until", None)
    context.setdefault("error", None)
    return page.render("identity/api_keys.html", status, keys=keys, now=page.now(), **context)


@router.get("/account/api-keys", dependencies=[page_for("account.self")])
def api_keys(page: PageDep) -> Response:
    try:
        return _keys(page)
    except DomainError as refused:
        return _account(page, refused.status, error=refused.message(page.lang))


@router.post("/account/api-keys", dependencies=[page_for("delegations.manage")])
def create_api_key(page: PageDep, form: PostedForm) -> Response:
    actor = page.require_actor()
    try:
        _, secret = service.create_api_key(
            page.session,
            actor=actor,
            name=str(form.get("name", "")),
            scopes=_scopes(form),
            expires_at=None,
            at=page.now(),
        )
    except DomainError as refused:
        return _keys(page, refused.status, error=refused.message(page.lang))
    return _keys(page, new_key=secret)


@router.post("/account/api-keys/{key_id}/rotate", dependencies=[page_for("delegations.manage")])
def rotate_api_key(page: PageDep, key_id: str, _form: PostedForm) -> Response:
    actor = page.require_actor()
    grace = timedelta(hours=page.services.settings.api_key_rotation_grace_hours)
    try:
        view, secret = service.rotate_api_key(
            page.session, actor=actor, key_id=key_id[:24], grace=grace, at=page.now()
        )
    except DomainError as refused:
        return _keys(page, refused.status, error=refused.message(page.lang))
    return _keys(page, new_key=secret, rotated_until=view.previous_valid_until)


@router.post("/account/api-keys/{key_id}/revoke", dependencies=[page_for("delegations.manage")])
def revoke_api_key(page: PageDep, key_id: str, _form: PostedForm) -> Response:
    actor = page.require_actor()
    try:
        service.revoke_api_key(page.session, actor=actor, key_id=key_id, at=page.now())
    except DomainError as refused:
        return _keys(page, refused.status, error=refused.message(page.lang))
    return page.redirect("/account/api-keys?msg=api_key_revoked")
