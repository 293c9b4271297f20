"""A new password needs 12 characters, not only spaces, not a common one, and a strength
estimate of 3 or more; the refusal says why, in both languages."""

from __future__ import annotations

import pytest

from smartcustoms.demo import DEMO_PASSWORD
from smartcustoms.errors import ValidationFailed
from smartcustoms.identity.passwords import check_new_password, common_passwords, password_problem


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("12345678", "password_too_short"),
        (" " * 8, "password_blank"),
        (" " * 20, "password_blank"),
        ("", "password_blank"),
        ("short-1", "password_too_short"),
        ("123qweasdzxc", "password_common"),  # in the shipped list
        ("1QAZ2WSX3EDC", "password_common"),  # whatever its case
        ("Password2024!!", "password_common"),  # padded with digits and signs
        ("123456qwerty", "password_common"),
        ("aaaaaaaaaaaa", "password_weak"),
        ("abcdabcdabcd", "password_weak"),
        ("nguyenthilan", "password_weak"),  # the user's own name
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password: str, problem: str) -> None:
    assert password_problem(password, user_inputs=("lan", "Nguyen Thi Lan")) == problem


@pytest.mark.parametrize(
    "password", [DEMO_PASSWORD, "correct horse battery staple", "mưa rơi trên phố cổ Hà Nội"]
)
def test_long_unguessable_passwords_are_accepted(password: str) -> None:
    assert password_problem(password, user_inputs=("lan",)) is None


def test_the_refusal_names_the_field_in_both_languages() -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_new_password("12345678")
    assert refused.value.message("en") == "The password must have at least 12 characters."
    assert refused.value.message("vi") == "Mật khẩu phải có ít nhất 12 ký tự."
    assert [(e.path, e.code) for e in refused.value.errors] == [("password", "password_too_short")]


def test_the_shipped_list_holds_the_thousand_most_common() -> None:
    listed = common_passwords()
    assert len(listed) == 1000
    assert {"123456", "password", "qwerty"} <= listed
