"""The administrator's queries over users, and enterprises."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from smartcustoms.identity.models import Organisation, User


def all_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def enterprises(session: Session) -> list[Organisation]:
    query = (
        select(Organisation).where(Organisation.kind == "enterprise").order_by(Organisation.name)
    )
    return list(session.scalars(query))
