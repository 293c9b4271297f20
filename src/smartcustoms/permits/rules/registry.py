"""The control registry: which national tariff lines need which licence or inspection, and
the one agency responsible ("one commodity, one responsible unit", Dispatch 245/TTg-KTTH).
Pure: no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from smartcustoms.errors import Conflict, ValidationFailed
from smartcustoms.permits.messages import error


class RegistryOverlap(Conflict):
    code = "registry_overlap"


@dataclass(frozen=True)
class ControlEntry:
    """One registry entry: goods under `hs_prefix` (2 to 8 digits), optionally narrowed by
    direction, declaration type and origin, need `procedure` of `agency` (its kind, such as
    quarantine, says which control it is)."""

    key: str  # stable, as the file names it (shown when an overlap is refused)
    hs_prefix: str
    kind: str
    procedure: str
    agency: str
    direction: str | None = None  # "import" | "export" | None: both
    type_codes: frozenset[str] = frozenset()  # empty: any declaration type
    origins: frozenset[str] = frozenset()  # empty: any origin
    base_sampling_percent: int = 100
    floor_sampling_percent: int = 5
    priority_exempt: bool = True

    def matches(self, *, hs_code: str, direction: str, type_code: str, origin: str) -> bool:
        return (
            hs_code.startswith(self.hs_prefix)
            and (self.direction is None or self.direction == direction)
            and (not self.type_codes or type_code in self.type_codes)
            and (not self.origins or origin in self.origins)
        )


def _narrowings_meet(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two narrowings leave some case both cover (empty: every case)."""
    return not a or not b or bool(a & b)


def overlap(a: ControlEntry, b: ControlEntry) -> bool:
    """Some lot would fall under both entries for the same kind of control."""
    return (
        a.kind == b.kind
        and (a.hs_prefix.startswith(b.hs_prefix) or b.hs_prefix.startswith(a.hs_prefix))
        and (a.direction is None or b.direction is None or a.direction == b.direction)
        and _narrowings_meet(a.type_codes, b.type_codes)
        and _narrowings_meet(a.origins, b.origins)
    )


def check_entry(entry: ControlEntry) -> None:
    """A well-formed entry: a tariff prefix of 2 to 8 digits, known direction."""
    if not (entry.hs_prefix.isdigit() and 2 <= len(entry.hs_prefix) <= 8):
        raise error(ValidationFailed, "registry_bad_prefix", key=entry.key, prefix=entry.hs_prefix)
    if entry.direction not in (None, "import", "export"):
        raise error(ValidationFailed, "registry_bad_direction", key=entry.key)
    if not 0 <= entry.floor_sampling_percent <= entry.base_sampling_percent <= 100:
        raise error(ValidationFailed, "registry_bad_sampling", key=entry.key)


def check_registry(entries: Sequence[ControlEntry]) -> None:
    """Refuse a registry in which one lot falls under two entries of the same kind of control,
    naming both (the first conflicting pair, in file order); an entry listed twice too."""
    seen: list[ControlEntry] = []
    for entry in entries:
        check_entry(entry)
        for earlier in seen:
            if earlier.key == entry.key:
                raise error(Conflict, "registry_duplicate_key", key=entry.key)
            if overlap(earlier, entry):
                raise error(
                    RegistryOverlap,
                    "registry_overlap",
                    key=entry.key,
                    agency=entry.agency,
                    other=earlier.key,
                    other_agency=earlier.agency,
                    kind=entry.kind,
                )
        seen.append(entry)


def check_addition(existing: Iterable[ControlEntry], entry: ControlEntry) -> None:
    """Refuse adding `entry` where it would overlap an entry in force."""
    check_registry([*existing, entry])


def candidate_prefixes(hs_code: str) -> tuple[str, ...]:
    """The prefixes an entry for this line may have (what the registry is searched by)."""
    return tuple(hs_code[:n] for n in range(2, len(hs_code) + 1))


def controls_for(
    entries: Iterable[ControlEntry], *, hs_code: str, direction: str, type_code: str, origin: str
) -> list[ControlEntry]:
    """The entries a goods line falls under (one per kind of control, the registry being
    free of overlaps), in key order."""
    found = [
        e
        for e in entries
        if e.matches(hs_code=hs_code, direction=direction, type_code=type_code, origin=origin)
    ]
    return sorted(found, key=lambda e: e.key)
