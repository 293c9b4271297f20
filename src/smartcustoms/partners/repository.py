"""Partner registry queries."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from smartcustoms.partners.models import PartnerCustoms


def by_country(session: Session, country: str) -> PartnerCustoms | None:
    return session.scalars(select(PartnerCustoms).where(PartnerCustoms.country == country)).first()


def all_partners(session: Session) -> list[PartnerCustoms]:
    return list(session.scalars(select(PartnerCustoms).order_by(PartnerCustoms.country)))
