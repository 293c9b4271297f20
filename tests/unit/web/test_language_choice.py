"""The portal's language: the query, then the cookie, then Accept-Language by its weights."""

from __future__ import annotations

import pytest

from smartcustoms.i18n import pick_language, preferred_languages


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("en;q=0.1, vi;q=0.9", ["vi", "en"]),
        ("vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7", ["vi", "en"]),
        ("en-GB, vi;q=0.5", ["en", "vi"]),
        ("fr, en;q=0.3", ["en"]),
        ("vi;q=0, en", ["en"]),
        ("en;q=abc, vi;q=0.2", ["vi"]),
        ("*", []),
        ("", []),
    ],
)
def test_accept_language_is_read_by_its_weights(header: str, expected: list[str]) -> None:
    assert preferred_languages(header) == expected


def test_the_query_beats_the_cookie_and_the_cookie_beats_the_header() -> None:
    assert pick_language("en", "vi", "vi;q=1", default="vi") == "en"
    assert pick_language(None, "en", "vi;q=1", default="vi") == "en"
    assert pick_language(None, None, "en;q=0.1, vi;q=0.9", default="en") == "vi"
    assert pick_language(None, "xx", "fr", default="en") == "en"
