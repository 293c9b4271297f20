"""A row known by names in two languages keeps them apart in its search column."""

from __future__ import annotations

from smartcustoms.kit.search import NAME_BREAK, search_names


def test_each_name_is_folded_and_the_names_kept_apart() -> None:
    assert search_names("kilogram", "kilôgam") == f" kilogram{NAME_BREAK} kilogam"
    assert search_names("Haiphong", "") == " haiphong"
    assert search_names("Ex works", None) == " ex works"
