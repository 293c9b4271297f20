"""Standing authorities (an enterprise lets a broker's company use its accounts), and the
look-ups the portal's forms need."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.errors import ValidationFailed
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor, normalise_tax_code
from smartcustoms.payments import repository
from smartcustoms.payments.access import (
    require_own_trader,
)
from smartcustoms.payments.models import (
    StandingAuthority,
)
from smartcustoms.payments.rules import (
    invalid,
)

# ---------------------------------------------------------------------------- authorities


def grant_authority(
    session: Session, *, actor: Actor, enterprise_id: int, agent_id: int, at: datetime
) -> StandingAuthority:
    """The enterprise lets a broker's company use its accounts and guarantees."""
    require_own_trader(actor, enterprise_id)
    identity.get_organisation(session, agent_id)
    existing = repository.authority(session, enterprise_id, agent_id)
    if existing is not None:
        return existing
    authority = StandingAuthority(
        enterprise_id=enterprise_id, agent_id=agent_id, granted_by_id=actor.user_id, granted_at=at
    )
    session.add(authority)
    session.flush()
    _record(session, "payment_authority.granted", enterprise_id, agent_id, actor, at)
    return authority


def _record(
    session: Session, action: str, enterprise_id: int, agent_id: int, actor: Actor, at: datetime
) -> None:
    audit.record(
        session,
        action=action,
        object_type="organisation",
        object_id=enterprise_id,
        at=at,
        actor_id=actor.user_id,
        on_behalf_of=enterprise_id,
        details={"agent_id": agent_id},
    )


def revoke_authority(
    session: Session, *, actor: Actor, enterprise_id: int, agent_id: int, at: datetime
) -> None:
    require_own_trader(actor, enterprise_id)
    existing = repository.authority(session, enterprise_id, agent_id)
    if existing is not None:
        existing.revoked_at = at
        existing.revoked_by_id = actor.user_id
        session.flush()
        _record(session, "payment_authority.revoked", enterprise_id, agent_id, actor, at)


# ---------------------------------------------------------------------------- for the portal


def enterprises_for(session: Session, actor: Actor) -> list[tuple[int, str]]:
    """The enterprises whose payments the actor may see: (id, name), for a chooser."""
    return [(o.id, o.name) for o in identity.enterprises_of(session, actor)]


def organisation_names(session: Session, ids: Sequence[int]) -> dict[int, str]:
    return identity.organisation_names(session, ids)


def organisation_by_tax_code(session: Session, tax_code: str) -> int:
    """A company's id by its tax code (MST), as a person types it; refused if unknown."""
    try:
        found = identity.enterprise_by_tax_code(
            session, tax_code=normalise_tax_code(tax_code.strip())
        )
    except ValidationFailed:
        found = None
    if found is None:
        raise invalid("tax_code", "enterprise_not_found", enterprise_id=tax_code.strip())
    return found.id
