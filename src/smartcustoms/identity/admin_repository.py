"""The administrator's queries over users, enterprises and mandates."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from smartcustoms.identity.models import BrokerMandate, Organisation, User


def all_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def enterprises(session: Session) -> list[Organisation]:
    query = (
        select(Organisation).where(Organisation.kind == "enterprise").order_by(Organisation.name)
    )
    return list(session.scalars(query))


def mandate_ids(session: Session, user_id: int) -> list[int]:
    query = select(BrokerMandate.enterprise_id).where(BrokerMandate.user_id == user_id)
    return sorted(session.scalars(query))


def drop_mandates(session: Session, user_id: int, enterprise_ids: list[int]) -> None:
    if enterprise_ids:
        session.execute(
            delete(BrokerMandate).where(
                BrokerMandate.user_id == user_id, BrokerMandate.enterprise_id.in_(enterprise_ids)
            )
        )


def mandates_by_user(session: Session) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for user_id, enterprise_id in session.execute(
        select(BrokerMandate.user_id, BrokerMandate.enterprise_id)
    ):
        found.setdefault(user_id, []).append(enterprise_id)
    return found
