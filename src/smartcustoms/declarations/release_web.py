"""Portal part of clearance and release: the panel on a declaration's page (where its
clearance stands, in words; the officer's decisions) and the officer's decision form.
Same services as the API."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from markupsafe import Markup

from smartcustoms.declarations import service
from smartcustoms.declarations.lifecycle import Status
from smartcustoms.declarations.messages import error
from smartcustoms.declarations.release_rules import ReleaseDecision
from smartcustoms.deps import IdInPath
from smartcustoms.errors import ValidationFailed
from smartcustoms.i18n import duration
from smartcustoms.identity import service as identity
from smartcustoms.web.pages import Page, PageDep, PostedForm, page_for

router = APIRouter(include_in_schema=False)

# Where the panel has something to say: from registration on, until the version's end.
PANEL_STATUSES = frozenset(
    {Status.REGISTERED, Status.APPROVED, Status.STORED, Status.RELEASED, Status.CLEARED}
)


def clearance_panel(page: Page, declaration_id: int) -> Markup | None:
    """What the goods wait for, in the reader's language ("Green channel: no check. Waiting
    for: payment of taxes."), the officer's decisions, and the time to release."""
    if page.actor is None:
        return None
    clearance = service.clearance_of(
        page.session,
        actor=page.actor,
        declaration_id=declaration_id,
        setup=page.services.clearance,
        at=page.now(),
    )
    if clearance.status not in PANEL_STATUSES:
        return None
    trs = service.time_release_of(page.session, actor=page.actor, declaration_id=declaration_id)
    return page.fragment(
        "declarations/clearance_panel.html",
        c=clearance,
        decisions=[str(d) for d in service.offered_decisions(page.actor, clearance)],
        trs=trs,
        to_release=duration(trs.registration_to_release, page.lang),
        # Officers by name, never by id. The goods released after an officer's decision
        # name that officer; a release with no officer's decision (green, paid) names no one.
        decided_by=_officer(page, trs.decided_by),
        released_by=_officer(page, trs.released_by or trs.decided_by) if trs.released_at else None,
    )


def _officer(page: Page, user_id: int | None) -> str | None:
    return None if user_id is None else identity.officer_name(page.session, user_id)


@router.post(
    "/declarations/{declaration_id}/release", dependencies=[page_for("declarations.release")]
)
def decide_release(declaration_id: IdInPath, page: PageDep, form: PostedForm) -> Response:
    actor = page.require_actor()
    chosen = str(form.get("decision", ""))
    if chosen not in {d.value for d in ReleaseDecision}:
        raise error(ValidationFailed, "decision_missing")
    service.decide_release(
        page.session,
        actor=actor,
        declaration_id=declaration_id,
        decision=ReleaseDecision(chosen),
        note=str(form.get("note", "")),
        setup=page.services.clearance,
        at=page.now(),
    )
    return page.redirect(f"/declarations/{declaration_id}?msg=clearance_decided_ok#clearance")
