"""The supervisors' and administrators' audit trail page: search by actor, object, action
and days, and the chain's verification status (last signed checkpoint; verify on demand)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from fastapi import APIRouter
from fastapi.responses import Response

from smartcustoms.audit import service
from smartcustoms.declarations import service as declarations
from smartcustoms.identity import service as identity
from smartcustoms.kit.clock import VIETNAM
from smartcustoms.kit.dates import parse_day
from smartcustoms.web.pages import PageDep, page_for

router = APIRouter(include_in_schema=False)

# The kinds of objects the chain records, for the search's choice.
OBJECT_TYPES = (
    "declaration",
    "user",
    "organisation",
    "payment",
    "account",
    "guarantee",
    "tax_debt",
    "risk_rule",
    "risk_policy",
    "risk_model",
    "certificate",
    "document",
    "permit",
    "gate",
    "manifest",
    "partner",
    "notification",
    "reference",
    "tariff",
)


def _day_start(text: str) -> datetime | None:
    """The start of a Vietnamese calendar day as typed (day/month/year, or ISO from a
    picker); None when blank; ValueError when it is not a real day."""
    if not text.strip():
        return None
    day = parse_day(text.strip())
    if day is None:
        raise ValueError(text)
    return datetime.combine(day, time(), tzinfo=VIETNAM)


@router.get("/audit", dependencies=[page_for("audit.read")])
def trail_page(
    page: PageDep,
    actor: str = "",
    object_type: str = "",
    object_id: str = "",
    action: str = "",
    since: str = "",
    until: str = "",
    verify: bool = False,
) -> Response:
    reader = page.require_actor()
    service.require_reader(reader)
    form = {
        "actor": actor[:80],
        "object_type": object_type if object_type in OBJECT_TYPES else "",
        "object_id": object_id[:80],
        "action": action[:60],
        "since": since[:10],
        "until": until[:10],
    }
    problems: list[str] = []
    actor_id: int | None = None
    if form["actor"].strip():
        user = identity.find_user(page.session, username=form["actor"].strip())
        if user is None:
            problems.append("aud_unknown_user")
        else:
            actor_id = user.id
    try:
        start, end = _day_start(form["since"]), _day_start(form["until"])
    except ValueError:
        problems.append("aud_bad_date")
        start = end = None
    query = service.TrailQuery(
        actor_id=actor_id,
        object_type=form["object_type"] or None,
        object_id=form["object_id"].strip() or None,
        action=form["action"].strip() or None,
        since=start,
        upto=None if end is None else end + timedelta(days=1),
    )
    records = [] if problems else service.search_trail(page.session, actor=reader, query=query)
    people = {r.entry.actor_id for r in records} - {None}
    names = identity.user_names(page.session, {p for p in people if p is not None})
    enterprises = identity.organisation_names(
        page.session, {r.entry.on_behalf_of for r in records if r.entry.on_behalf_of is not None}
    )
    checked = None
    if verify:
        key_file = page.services.settings.audit_checkpoint_key_file
        checked = service.verify(
            page.session,
            witnesses=[(declarations.HISTORY_TABLE, declarations.stored_history)],
            public_key=service.published_key_or_none(key_file),
        )
    return page.render(
        "audit/trail.html",
        records=records,
        form=form,
        problems=problems,
        object_types=OBJECT_TYPES,
        names=names,
        enterprises=enterprises,
        last=service.last_checkpoint(page.session),
        head=service.chain_head(page.session),
        checked=checked,
        checked_text=None if checked is None else checked.texts()[1 if page.lang == "vi" else 0],
    )
