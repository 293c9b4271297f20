"""Access tokens and the per-process cache of the users they sign in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from smartcustoms.deps import ActorCache
from smartcustoms.identity.rules import Actor, Role
from smartcustoms.identity.security import AccessToken, issue_token, read_token

SECRET = "s" * 64
TRADER = Actor(user_id=7, username="trader", role=Role.TRADER, organisation_id=3)


def test_a_token_says_whose_it_is_and_until_when() -> None:
    at = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    token = issue_token(user_id=7, secret=SECRET, at=at, ttl=timedelta(hours=1))
    later = at + timedelta(minutes=59)

    assert read_token(token, secret=SECRET, at=later) == AccessToken(
        user_id=7, expires_at=(at + timedelta(hours=1)).timestamp()
    )
    assert read_token(token, secret="another secret " * 4, at=later) is None
    assert read_token(token + "x", secret=SECRET, at=later) is None


def test_a_token_expires_by_the_platform_clock_not_the_wall_clock() -> None:
    at = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    token = issue_token(user_id=7, secret=SECRET, at=at, ttl=timedelta(hours=1))

    assert read_token(token, secret=SECRET, at=at + timedelta(hours=1)) is None
    assert read_token(token, secret=SECRET, at=at + timedelta(hours=2)) is None


def test_the_cache_answers_for_the_same_token_only_while_fresh_and_unexpired() -> None:
    cache = ActorCache(ttl_seconds=10.0)
    cache.put("token-a", AccessToken(user_id=7, expires_at=1_000.0), TRADER, now=50.0)

    assert cache.get("token-a", now=55.0, wall_clock=900.0) == TRADER
    assert cache.get("token-b", now=55.0, wall_clock=900.0) is None
    assert cache.get("token-a", now=60.5, wall_clock=900.0) is None  # kept too long
    assert cache.get("token-a", now=55.0, wall_clock=1_000.0) is None  # the token expired
