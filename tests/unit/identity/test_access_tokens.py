"""Access tokens and the per-app cache of the users they sign in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from smartcustoms.caches import ActorCache
from smartcustoms.identity.rules import Actor, Role
from smartcustoms.identity.security import AccessToken, issue_token, read_token

SECRET = "s" * 64
TRADER = Actor(user_id=7, username="trader", role=Role.TRADER, organisation_id=3)


def test_a_token_says_whose_it_is_until_when_its_id_and_generation() -> None:
    at = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    token = issue_token(user_id=7, secret=SECRET, at=at, ttl=timedelta(hours=1), generation=3)
    later = at + timedelta(minutes=59)

    access = read_token(token, secret=SECRET, at=later)
    assert access is not None
    assert (access.user_id, access.expires_at, access.generation) == (
        7,
        (at + timedelta(hours=1)).timestamp(),
        3,
    )
    assert access.token_id is not None
    assert len(access.token_id) >= 20
    assert read_token(token, secret="another secret " * 4, at=later) is None
    assert read_token(token + "x", secret=SECRET, at=later) is None


def test_every_token_has_an_id_of_its_own() -> None:
    at = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    ids = {
        read_token(
            issue_token(user_id=7, secret=SECRET, at=at, ttl=timedelta(hours=1)),
            secret=SECRET,
            at=at,
        )
        for _ in range(3)
    }
    assert len({access.token_id for access in ids if access is not None}) == 3


def test_a_token_expires_by_the_platform_clock_not_the_wall_clock() -> None:
    at = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    token = issue_token(user_id=7, secret=SECRET, at=at, ttl=timedelta(hours=1))

    assert read_token(token, secret=SECRET, at=at + timedelta(hours=1)) is None
    assert read_token(token, secret=SECRET, at=at + timedelta(hours=2)) is None


class FakeTimer:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def test_the_cache_answers_for_the_same_token_only_while_fresh_and_unexpired() -> None:
    timer = FakeTimer()
    cache = ActorCache(ttl_seconds=10.0, timer=timer)
    access = AccessToken(user_id=7, expires_at=1_000.0)
    cache.put("token-a", access, TRADER)

    timer.now = 55.0
    assert cache.get("token-a", wall_clock=900.0) == (access, TRADER)
    assert cache.get("token-b", wall_clock=900.0) is None
    assert cache.get("token-a", wall_clock=1_000.0) is None  # the token expired
    timer.now = 60.5
    assert cache.get("token-a", wall_clock=900.0) is None  # kept too long


def test_the_cache_keeps_at_most_its_bound_dropping_the_least_recently_used() -> None:
    cache = ActorCache(max_entries=2)
    for name in ("a", "b"):
        cache.put(name, AccessToken(user_id=7, expires_at=1_000.0), TRADER)
    assert cache.get("a", wall_clock=0.0) is not None  # "b" is now the least recently used
    cache.put("c", AccessToken(user_id=7, expires_at=1_000.0), TRADER)

    assert [cache.get(n, wall_clock=0.0) is not None for n in ("a", "b", "c")] == [
        True,
        False,
        True,
    ]
