"""How a search box's text is read: a code prefix, or folded words and their synonyms."""

from __future__ import annotations

import pytest

from smartcustoms.kit.search import SearchQuery, fold, parse_query, search_text, synonyms_from

SYNONYMS = synonyms_from(
    [
        ("laptop", "automatic data processing machines; portable"),
        ("laptop", "máy tính xách tay"),
        ("mobile phone", "smartphone"),
        ("Điện thoại", "telephone"),
    ]
)


@pytest.mark.parametrize(
    ("q", "prefix"),
    [("8703", "8703"), ("8703.23", "870323"), (" 87 03 ", "8703"), ("8471.30.20", "84713020")],
)
def test_digits_dots_and_spaces_are_a_code_prefix(q: str, prefix: str) -> None:
    assert parse_query(q) == SearchQuery(code_prefix=prefix)


def test_a_code_prefix_stops_at_the_digits_the_list_has() -> None:
    assert parse_query("8703.23.10", max_digits=6).code_prefix == "870323"


@pytest.mark.parametrize(
    "q", ["Điện thoại", "điện thoại", "dien thoai", "ĐIỆN THOẠI", "Dien  Thoai"]
)
def test_case_and_vietnamese_diacritics_do_not_matter(q: str) -> None:
    assert parse_query(q).words == ("dien", "thoai")


def test_fold_reads_d_stroke_as_d_and_drops_marks() -> None:
    assert fold("Đường bộ, Ô TÔ") == "duong bo, o to"
    assert search_text("8517", "Điện thoại", None, "Smartphones") == " 8517 dien thoai smartphones"


def test_a_plural_means_what_its_singular_term_means() -> None:
    laptops = parse_query("Laptops", SYNONYMS)
    assert laptops.words == ("laptops",)  # the user's own words are matched as typed
    assert (" automatic data processing machines portable",) in laptops.alternatives


def test_a_known_term_adds_what_it_means_after_the_users_own_words() -> None:
    query = parse_query("laptop", SYNONYMS)
    assert query.alternatives == (
        ("laptop",),
        (" automatic data processing machines portable",),
        (" may tinh xach tay",),
    )


def test_a_term_inside_a_longer_query_is_replaced_in_place() -> None:
    query = parse_query("used mobile phones", SYNONYMS)
    assert ("used", " smartphone") in query.alternatives
    assert query.words == ("used", "mobile", "phones")


def test_terms_are_matched_without_diacritics() -> None:
    assert (" telephone",) in parse_query("dien thoai", SYNONYMS).alternatives


def test_a_code_mixed_with_words_is_read_as_words() -> None:
    assert parse_query("8703 cars").words == ("8703", "cars")


def test_nothing_typed_is_an_empty_query() -> None:
    assert parse_query("  ,. ").empty
