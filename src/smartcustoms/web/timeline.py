"""The declaration's progress as a timeline on its page: each step done (submitted,
registered, channel, documents or goods to check, the check, taxes paid, released, cleared)
with who acted and when, and what is awaited now from whom.

Read from what the domains already record, through their services: the status history and
clearance (declarations), the channel decision and its check (risk), the bank payments
(payments); names from identity."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup

from smartcustoms.declarations import service as declarations
from smartcustoms.declarations.lifecycle import Status
from smartcustoms.declarations.release_rules import ConditionKind, officer_awaited
from smartcustoms.errors import DomainError
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor
from smartcustoms.kit.bilingual import Both
from smartcustoms.payments import service as payments
from smartcustoms.risk import service as risk
from smartcustoms.web import desk_catalog
from smartcustoms.web.pages import Page

# A status the history records, as a step of the timeline (key of the step's words).
STATUS_STEPS = {
    Status.SUBMITTED: "tl_submitted",
    Status.REGISTERED: "tl_registered",
    Status.REJECTED: "tl_rejected",
    Status.APPROVED: "tl_approved",
    Status.STORED: "tl_stored",
    Status.RELEASED: "tl_released",
    Status.CLEARED: "tl_cleared",
    Status.CANCELLED: "tl_cancelled",
    Status.AMENDED: "tl_amended",
}
# Who is awaited for what kind of unmet condition.
PARTY_OF_KIND = {
    ConditionKind.CHECKS: "tl_party_office",
    ConditionKind.LICENCES: "tl_party_agency",
    ConditionKind.TAXES: "tl_party_declarant",
}


@dataclass(frozen=True)
class Step:
    """A step done: its words' key (and arguments), when, and who acted (a user id)."""

    key: str
    at: datetime | None
    by: int | None = None
    detail: str = ""  # a key of the step's detail words ("channel_yellow")


@dataclass(frozen=True)
class Awaited:
    what: Both
    party: str  # the key of who is awaited ("tl_party_declarant")


@dataclass(frozen=True)
class Timeline:
    steps: list[Step]
    awaited: list[Awaited]


def _status_steps(page: Page, actor: Actor, declaration_id: int) -> list[Step]:
    found = declarations.history(page.session, actor=actor, declaration_id=declaration_id)
    return [
        Step(STATUS_STEPS[Status(c.to_status)], c.at, c.actor_id)
        for c in found.changes
        if c.to_status in STATUS_STEPS
    ]


def _risk_steps(page: Page, actor: Actor, declaration_id: int) -> list[Step]:
    view = risk.find_decision(page.session, actor=actor, declaration_id=declaration_id)
    if view is None:
        return []
    steps = [Step("tl_channel", view.decided_at, detail=f"channel_{view.channel}")]
    if view.channel == "yellow":
        steps.append(Step("tl_documents_requested", view.decided_at))
    elif view.channel == "red":
        steps.append(Step("tl_inspection_requested", view.decided_at))
    if view.inspection is not None:
        steps.append(
            Step(
                "tl_checked",
                view.inspection.recorded_at,
                view.inspection.officer_id,
                detail=f"risk_kind_{view.inspection.kind}",
            )
        )
    return steps


def _payment_steps(
    page: Page, actor: Actor, first_version_id: int, enterprise_id: int
) -> list[Step]:
    try:
        paid = payments.receipts(page.session, actor=actor, enterprise_id=enterprise_id)
    except DomainError:
        return []  # an officer does not read the enterprise's receipts
    return [
        Step("tl_paid", entry.booking.booked_at, entry.order.ordered_by_id)
        for entry in paid
        if entry.order.chain_id == first_version_id
    ]


def _words(key: str) -> Both:
    return Both(*desk_catalog.UI[key])


def _awaited(page: Page, actor: Actor, declaration_id: int, status: str) -> list[Awaited]:
    if status == Status.DRAFT:
        return [Awaited(_words("tl_awaited_submission"), "tl_party_declarant")]
    if status == Status.REJECTED:
        return [Awaited(_words("tl_awaited_correction"), "tl_party_declarant")]
    clearance = declarations.clearance_of(
        page.session,
        actor=actor,
        declaration_id=declaration_id,
        setup=page.services.clearance,
        at=page.now(),
    )
    waiting = clearance.waiting
    found = [
        Awaited(Both(e.outcome.message_en, e.outcome.message_vi), PARTY_OF_KIND[e.kind])
        for e in waiting
        if e.kind == ConditionKind.CHECKS
    ]
    if officer_awaited(clearance.status, clearance.evaluated):
        found.append(Awaited(_words("tl_awaited_release_decision"), "tl_party_office"))
    found += [
        Awaited(Both(e.outcome.message_en, e.outcome.message_vi), PARTY_OF_KIND[e.kind])
        for e in waiting
        if e.kind != ConditionKind.CHECKS
    ]
    return found


def timeline_of(page: Page, actor: Actor, declaration_id: int) -> Timeline:
    declaration = declarations.get_declaration(
        page.session, actor=actor, declaration_id=declaration_id
    )
    found = declarations.history(page.session, actor=actor, declaration_id=declaration.id)
    first = min(found.versions, key=lambda v: v.version)
    steps = [
        *_status_steps(page, actor, declaration.id),
        *_risk_steps(page, actor, declaration.id),
        *_payment_steps(page, actor, first.id, declaration.enterprise_id),
    ]
    order = {key: rank for rank, key in enumerate(ORDER)}
    steps.sort(key=lambda s: (s.at is None, s.at, order.get(s.key, len(order))))
    return Timeline(steps, _awaited(page, actor, declaration.id, declaration.status))


# Steps at one instant (registration decides the channel) read in the procedure's order.
ORDER = (
    "tl_submitted",
    "tl_registered",
    "tl_channel",
    "tl_documents_requested",
    "tl_inspection_requested",
    "tl_checked",
    "tl_paid",
    "tl_approved",
    "tl_stored",
    "tl_released",
    "tl_cleared",
)


def timeline_panel(page: Page, declaration_id: int) -> Markup | None:
    """The declaration's timeline, for whoever sees the declaration."""
    if page.actor is None:
        return None
    try:
        timeline = timeline_of(page, page.actor, declaration_id)
    except DomainError:
        return None
    if not timeline.steps and not timeline.awaited:
        return None
    names = identity.user_names(page.session, {s.by for s in timeline.steps if s.by})
    return page.fragment("desk/timeline_panel.html", timeline=timeline, names=names)
