"""Every cache is owned by the app, bounded, with its expiry and what drops it written down."""

from __future__ import annotations

from pathlib import Path

import pytest

from smartcustoms.caches import AppCaches
from smartcustoms.config import Settings
from smartcustoms.kit.caches import Kept
from smartcustoms.reference.rules import ReferenceCatalog
from smartcustoms.risk.rules import SelectivityPolicy
from smartcustoms.risk.selection_cache import SelectionInputs
from support import TEST_SECRET_KEY

ARCHITECTURE = Path(__file__).parents[3] / "docs" / "architecture.md"


class Timer:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_every_cache_states_its_bound_expiry_and_what_drops_it() -> None:
    described = [kept.describe() for kept in AppCaches().all()]

    assert len({d.name for d in described}) == len(described)
    for description in described:
        assert description.maxsize >= 1, description.name
        # 0: not kept at all (the tariff import in force, rechecked in every transaction)
        assert description.ttl_seconds is None or description.ttl_seconds >= 0, description.name
        assert description.dropped_when, description.name


def test_the_architecture_notes_list_every_cache() -> None:
    notes = ARCHITECTURE.read_text(encoding="utf-8")
    missing = [k.describe().name for k in AppCaches().all() if k.describe().name not in notes]
    assert missing == []


def test_the_tariff_recheck_time_comes_from_the_settings() -> None:
    settings = Settings(secret_key=TEST_SECRET_KEY, tariff_recheck_seconds=7)
    caches = AppCaches.for_settings(settings)

    assert caches.tariff.in_force.describe().ttl_seconds == 7
    assert AppCaches().tariff is not caches.tariff  # nothing is shared between apps


def test_a_cache_drops_the_least_recently_used_entry_beyond_its_bound() -> None:
    kept: Kept[str, int] = Kept("test", maxsize=2, ttl_seconds=None, dropped_when="never")
    kept.put("a", 1)
    kept.put("b", 2)
    assert kept.get("a") == 1  # "b" is now the least recently used
    kept.put("c", 3)

    assert (kept.get("a"), kept.get("b"), kept.get("c")) == (1, None, 3)
    assert len(kept) == 2


def test_a_cache_with_a_time_to_live_forgets_after_it() -> None:
    timer = Timer()
    kept: Kept[str, int] = Kept("test", maxsize=8, ttl_seconds=10, dropped_when="-", timer=timer)
    kept.put("a", 1)

    timer.now += 9.9
    assert kept.get("a") == 1
    timer.now += 0.2
    assert kept.get("a") is None


def test_entries_are_dropped_by_key_by_predicate_or_all() -> None:
    kept: Kept[tuple[str, int], int] = Kept("test", maxsize=8, ttl_seconds=None, dropped_when="-")
    for key in (("one", 1), ("one", 2), ("two", 1)):
        kept.put(key, key[1])

    kept.drop(("one", 1))
    assert ("one", 1) not in kept
    kept.drop_where(lambda key: key[0] == "one")
    assert len(kept) == 1
    kept.clear()
    assert len(kept) == 0


def test_a_cache_keeps_at_least_one_entry() -> None:
    with pytest.raises(ValueError, match="at least one"):
        Kept("test", maxsize=0, ttl_seconds=None, dropped_when="-")


def _inputs() -> SelectionInputs:
    return SelectionInputs(policy=SelectivityPolicy(), rules=(), model=None)


def test_the_selection_inputs_kept_are_bounded() -> None:
    inputs = AppCaches().risk.inputs
    bound = inputs.describe().maxsize
    for version in range(bound + 5):
        inputs.put(("db", version), _inputs())

    assert len(inputs) == bound
    assert ("db", 0) not in inputs
    assert ("db", bound + 4) in inputs


def test_the_catalogues_kept_are_bounded() -> None:
    catalogs = AppCaches().reference.catalogs
    bound = catalogs.describe().maxsize
    for database in range(bound + 1):
        catalogs.put(f"sqlite:///{database}.db", ReferenceCatalog())

    assert len(catalogs) == bound


def test_clearing_the_app_caches_empties_every_one() -> None:
    caches = AppCaches()
    caches.risk.inputs.put(("db",), _inputs())
    caches.reference.catalogs.put("db", ReferenceCatalog())

    caches.clear()

    assert all(len(kept) == 0 for kept in caches.all())
    assert caches.declaration_catalogs.last is None
