"""Risk queries of late facts' reassessments (`late_facts`)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from smartcustoms.kit.pagination import Page, PageRequest
from smartcustoms.risk.models import RiskReassessment


def reassessment_of(
    session: Session, declaration_id: int, source: str, facts_key: str
) -> RiskReassessment | None:
    query = select(RiskReassessment).where(
        RiskReassessment.declaration_id == declaration_id,
        RiskReassessment.source == source,
        RiskReassessment.facts_key == facts_key,
    )
    return session.scalars(query).first()


def reassessments_of(session: Session, declaration_id: int) -> list[RiskReassessment]:
    query = select(RiskReassessment).where(RiskReassessment.declaration_id == declaration_id)
    return list(session.scalars(query.order_by(RiskReassessment.id)))


def flagged(
    session: Session, *, office_code: str | None, request: PageRequest
) -> Page[RiskReassessment]:
    where = [RiskReassessment.outcome == "flagged"]
    if office_code is not None:
        where.append(RiskReassessment.office_code == office_code)
    total = session.scalar(select(func.count()).select_from(RiskReassessment).where(*where)) or 0
    rows = session.scalars(
        select(RiskReassessment)
        .where(*where)
        .order_by(RiskReassessment.at.desc(), RiskReassessment.id.desc())
        .offset(request.offset)
        .limit(request.size)
    )
    return Page(list(rows), total, request.page, request.size)
