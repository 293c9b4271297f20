"""The password policy applies when an account is created; accounts made before sign in."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from smartcustoms.errors import ValidationFailed
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Role
from support import TEST_NOW


@pytest.mark.parametrize("password", ["12345678", " " * 8, "qwerty123456", "aaaaaaaaaaaa"])
def test_an_account_with_a_weak_password_is_not_created(session: Session, password: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        identity.create_user(
            session,
            username="weak",
            password=password,
            full_name="Weak Password",
            role=Role.TRADER,
            organisation_id=None,
            at=TEST_NOW,
        )
    assert refused.value.errors[0].path == "password"
    assert identity.find_user(session, username="weak") is None


def test_a_strong_password_is_accepted(session: Session) -> None:
    user = identity.create_user(
        session,
        username="strong",
        password="mưa rơi trên phố cổ Hà Nội",
        full_name="Strong Password",
        role=Role.TRADER,
        organisation_id=None,
        at=TEST_NOW,
    )
    assert (
        identity.authenticate(session, username="strong", password="mưa rơi trên phố cổ Hà Nội")
        == user
    )
