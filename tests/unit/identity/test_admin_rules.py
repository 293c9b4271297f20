"""The administrator's texts and checks, and the roles matrix: plain Python."""

from __future__ import annotations

import pytest

from messages_support import assert_bilingual
from smartcustoms.errors import PermissionDenied, ValidationFailed
from smartcustoms.identity.admin_messages import ERRORS
from smartcustoms.identity.admin_rules import (
    office_code_problem,
    refuse,
    require_admin,
    text_problem,
    username_problem,
)
from smartcustoms.identity.policy import ACTIONS, Reach
from smartcustoms.identity.rules import Actor, Role
from smartcustoms.web.admin_catalog import UI


@pytest.mark.parametrize("key", sorted(ERRORS))
def test_every_admin_message_is_written_in_both_languages(key: str) -> None:
    assert_bilingual(ERRORS[key])


def test_every_action_reach_and_role_has_a_name_in_both_languages() -> None:
    keys = [f"action_{key}" for key in ACTIONS] + [f"role_{r.value}" for r in Role]
    for key in keys + [f"reach_{reach.value}" for reach in Reach]:
        assert_bilingual(UI[key])


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
def test_anyone_but_an_administrator_is_refused(role: Role) -> None:
    with pytest.raises(PermissionDenied):
        require_admin(Actor(user_id=1, username="x", role=role, organisation_id=None))


@pytest.mark.parametrize(
    ("username", "ok"),
    [("lan", True), ("nguyen.van-a_2", True), ("ab", False), ("a b", False), ("lan\n", False)],
)
def test_usernames_are_letters_digits_and_a_few_signs(username: str, ok: bool) -> None:
    assert (username_problem(username) is None) is ok


@pytest.mark.parametrize(
    ("code", "ok"), [("03CC", True), ("01AB", True), ("3", False), ("03cc", False)]
)
def test_office_codes_are_capitals_and_digits(code: str, ok: bool) -> None:
    assert (office_code_problem(code) is None) is ok


def test_a_text_problem_names_the_field_by_its_label_in_each_language() -> None:
    missing = text_problem("name", " ", ("Enterprise name", "Tên doanh nghiệp"), max_length=10)
    assert missing is not None
    assert missing.message("en") == "Enterprise name is required."
    assert missing.message("vi") == "Phải nhập Tên doanh nghiệp."
    long = text_problem("name", "x" * 11, ("Name", "Tên"), max_length=10)
    assert long is not None
    assert "10" in long.message("vi")
    assert text_problem("email", "", ("E-mail", "Thư"), max_length=5, required=False) is None


def test_every_problem_is_refused_at_once() -> None:
    with pytest.raises(ValidationFailed) as refused:
        refuse([username_problem("a b"), None, office_code_problem("x")])
    assert [e.path for e in refused.value.errors] == ["username", "code"]
    refuse([None])
