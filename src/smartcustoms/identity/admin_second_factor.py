"""An administrator turns a user's two-factor sign-in off (a lost phone): the same reset as
`smartcustoms users reset-second-factor`, confirmed, audited as an administrator's action."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from smartcustoms.errors import Conflict
from smartcustoms.identity import service as identity
from smartcustoms.identity.admin import get_user, record_admin_action
from smartcustoms.identity.admin_messages import error, field_error
from smartcustoms.identity.admin_rules import refuse
from smartcustoms.identity.models import User
from smartcustoms.identity.rules import Actor


def reset_second_factor(
    session: Session, *, actor: Actor, user_id: int, confirmed: bool, at: datetime
) -> User:
    """Turn a user's two-factor sign-in off (a lost phone), as `smartcustoms users
    reset-second-factor` does: they enrol again at their next sign-in and their sessions end.
    Confirmed by the administrator (who checked who asks), never on their own account."""
    user = get_user(session, actor=actor, user_id=user_id)
    if user.id == actor.user_id:
        raise error(Conflict, "second_factor_reset_yourself")
    if not identity.second_factor_on(user):
        raise error(Conflict, "second_factor_not_on", username=user.username)
    if not confirmed:
        refuse([field_error("confirm", "second_factor_reset_unconfirmed")])
    identity.reset_second_factor(session, user_id=user.id, at=at, by=actor.user_id)
    record_admin_action(
        session,
        actor=actor,
        action="user.reset_second_factor",
        subject_type="user",
        subject_id=user.id,
        details={"username": user.username},
        at=at,
    )
    return user
