"""Sign-in throttling: failed sign-ins, counted per account name and per client address in
the database (so every process counts the same), lock either out for a while."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from smartcustoms.errors import TooManyAttempts
from smartcustoms.identity import repository
from smartcustoms.identity.messages import texts
from smartcustoms.identity.models import LoginFailure
from smartcustoms.identity.rules import SignInLimits, locked_until, seconds_until


def refuse_while_locked(
    session: Session, username: str, address: str, limits: SignInLimits, at: datetime
) -> None:
    """TooManyAttempts (with the seconds to wait) while the account name or the address has
    reached its limit of failures within the window."""
    since = at - limits.window
    account = repository.nth_latest_failure(
        session, username=username, n=limits.per_account, since=since
    )
    by_address = repository.nth_latest_failure(
        session, address=address, n=limits.per_address, since=since
    )
    reached_limits = ((account, "sign_in_locked_account"), (by_address, "sign_in_locked_address"))
    for reached, key in reached_limits:
        end = locked_until(reached, limits.window)
        if end is not None and end > at:
            wait = seconds_until(end, at)
            en, vi = texts(key, minutes=-(-wait // 60))
            raise TooManyAttempts(message_en=en, message_vi=vi, details={"retry_after": wait})


def record_failure(
    session: Session, username: str, address: str, limits: SignInLimits, at: datetime
) -> None:
    """Keep a failed sign-in for the window (and drop those that left it)."""
    repository.forget_old_login_failures(session, before=at - limits.window)
    repository.add_login_failure(
        session, LoginFailure(username=username, client_address=address, failed_at=at)
    )
