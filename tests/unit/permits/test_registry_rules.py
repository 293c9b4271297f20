"""The control registry: one commodity, one responsible agency, for each kind of control."""

from __future__ import annotations

import pytest

from smartcustoms.errors import Conflict, ValidationFailed
from smartcustoms.permits.rules import (
    ControlEntry,
    RegistryOverlap,
    candidate_prefixes,
    check_addition,
    check_registry,
    controls_for,
    overlap,
)


def entry(
    key: str, prefix: str, agency: str = "PPD", kind: str = "quarantine", **kw: object
) -> ControlEntry:
    return ControlEntry(key=key, hs_prefix=prefix, kind=kind, procedure="p", agency=agency, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("a", "b", "overlaps"),
    [
        (entry("A", "0808"), entry("B", "080810"), True),  # one prefix under the other
        (entry("A", "080810"), entry("B", "0808"), True),
        (entry("A", "0808"), entry("B", "0808"), True),
        (entry("A", "0808"), entry("B", "0809"), False),  # different lines
        (entry("A", "0808"), entry("B", "0808", kind="food_safety"), False),  # another control
        (entry("A", "0808", direction="import"), entry("B", "0808", direction="export"), False),
        (entry("A", "0808", direction="import"), entry("B", "0808"), True),  # None: both
        (
            entry("A", "0808", origins=frozenset({"CN"})),
            entry("B", "0808", origins=frozenset({"NZ"})),
            False,
        ),
        (
            entry("A", "0808", origins=frozenset({"CN", "NZ"})),
            entry("B", "0808", origins=frozenset({"NZ"})),
            True,
        ),
        (entry("A", "0808", origins=frozenset({"CN"})), entry("B", "0808"), True),  # any origin
        (
            entry("A", "0808", type_codes=frozenset({"A11"})),
            entry("B", "0808", type_codes=frozenset({"A12"})),
            False,
        ),
        (
            entry("A", "0808", type_codes=frozenset({"A11"})),
            entry("B", "0808", type_codes=frozenset({"A11", "A12"})),
            True,
        ),
    ],
)
def test_overlap_is_a_lot_that_would_fall_under_both(
    a: ControlEntry, b: ControlEntry, overlaps: bool
) -> None:
    assert overlap(a, b) is overlaps
    assert overlap(b, a) is overlaps


def test_a_second_agency_claiming_the_same_commodity_is_refused_naming_the_entry() -> None:
    existing = [entry("PQ-0808", "0808", agency="PPD")]
    with pytest.raises(RegistryOverlap) as refused:
        check_addition(existing, entry("FS-080810", "080810", agency="VFA"))
    assert "PQ-0808" in refused.value.message_en
    assert "PPD" in refused.value.message_en
    assert "PQ-0808" in refused.value.message_vi
    assert refused.value.status == 409


def test_a_narrowed_entry_beside_another_narrowing_is_accepted() -> None:
    check_registry(
        [
            entry("CN", "0808", origins=frozenset({"CN"}), agency="PPD"),
            entry("NZ", "0808", origins=frozenset({"NZ"}), agency="VFA"),
        ]
    )


def test_a_key_listed_twice_is_refused() -> None:
    with pytest.raises(Conflict):
        check_registry([entry("A", "0808"), entry("A", "0901")])


@pytest.mark.parametrize("prefix", ["8", "080810101", "08O8", ""])
def test_a_prefix_that_is_no_tariff_prefix_is_refused(prefix: str) -> None:
    with pytest.raises(ValidationFailed):
        check_registry([entry("A", prefix)])


def test_sampling_rates_out_of_order_are_refused() -> None:
    with pytest.raises(ValidationFailed):
        check_registry([entry("A", "0808", base_sampling_percent=5, floor_sampling_percent=10)])


def test_a_line_falls_under_the_entries_that_match_its_direction_type_and_origin() -> None:
    entries = [
        entry("PQ", "0808", direction="import"),
        entry("FS", "08", kind="food_safety", agency="VFA", origins=frozenset({"CN"})),
        entry("EX", "0808", kind="export_licence", direction="export"),
    ]
    found = controls_for(
        entries, hs_code="08081000", direction="import", type_code="A11", origin="CN"
    )
    assert [e.key for e in found] == ["FS", "PQ"]
    found = controls_for(
        entries, hs_code="08081000", direction="import", type_code="A11", origin="NZ"
    )
    assert [e.key for e in found] == ["PQ"]
    assert (
        controls_for(entries, hs_code="09011110", direction="import", type_code="A11", origin="CN")
        == []
    )


def test_the_registry_is_searched_by_every_prefix_of_the_line() -> None:
    assert candidate_prefixes("08081000") == (
        "08",
        "080",
        "0808",
        "08081",
        "080810",
        "0808100",
        "08081000",
    )
