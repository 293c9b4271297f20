"""The administrator's edits to the customs offices list. The sample list comes from
`reference load`; an office added or renamed here stays until a load rewrites that code."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import event
from sqlalchemy.orm import Session

from smartcustoms.errors import Conflict, NotFound
from smartcustoms.identity import admin as identity_admin
from smartcustoms.identity.admin_messages import error, field_error
from smartcustoms.identity.admin_rules import (
    office_code_problem,
    refuse,
    require_admin,
    text_problem,
)
from smartcustoms.identity.rules import Actor
from smartcustoms.reference import repository
from smartcustoms.reference.models import CustomsOffice
from smartcustoms.reference.service import invalidate_catalog

NAME_VI = ("Name in Vietnamese", "Tên tiếng Việt")
NAME_EN = ("Name in English", "Tên tiếng Anh")


def _refresh_catalog(session: Session) -> None:
    # The kept code lists know the offices: drop them now and when the change settles.
    invalidate_catalog(session)
    event.listen(session, "after_commit", invalidate_catalog, once=True)
    event.listen(session, "after_rollback", invalidate_catalog, once=True)


def get_office(session: Session, *, actor: Actor, code: str) -> CustomsOffice:
    require_admin(actor)
    office = repository.get_customs_office(session, code)
    if office is None:
        raise error(NotFound, "office_not_found", office_code=code)
    return office


def _check(session: Session, name_vi: str, name_en: str, location_code: str) -> None:
    problems = [
        text_problem("name_vi", name_vi, NAME_VI, max_length=200),
        text_problem("name_en", name_en, NAME_EN, max_length=200),
    ]
    if location_code and repository.get_location(session, location_code) is None:
        problems.append(field_error("location_code", "unknown_location", code=location_code))
    refuse(problems)


def create_office(
    session: Session,
    *,
    actor: Actor,
    code: str,
    name_vi: str,
    name_en: str,
    location_code: str,
    at: datetime,
) -> CustomsOffice:
    require_admin(actor)
    code, location_code = code.strip().upper(), location_code.strip().upper()
    refuse([office_code_problem(code)])
    _check(session, name_vi, name_en, location_code)
    if repository.get_customs_office(session, code) is not None:
        raise error(Conflict, "office_code_taken", office_code=code)
    office = CustomsOffice(
        code=code,
        name_vi=name_vi.strip(),
        name_en=name_en.strip(),
        location_code=location_code or None,
        sample=False,
    )
    session.add(office)
    session.flush()
    _refresh_catalog(session)
    identity_admin.record_admin_action(
        session,
        actor=actor,
        action="office.create",
        subject_type="customs_office",
        subject_id=code,
        details={"name_vi": office.name_vi, "name_en": office.name_en},
        at=at,
    )
    return office


def update_office(
    session: Session,
    *,
    actor: Actor,
    code: str,
    name_vi: str,
    name_en: str,
    location_code: str,
    at: datetime,
) -> CustomsOffice:
    """Rename an office or move its location (its code identifies it: never changed)."""
    office = get_office(session, actor=actor, code=code)
    location_code = location_code.strip().upper()
    _check(session, name_vi, name_en, location_code)
    office.name_vi = name_vi.strip()
    office.name_en = name_en.strip()
    office.location_code = location_code or None
    session.flush()
    _refresh_catalog(session)
    identity_admin.record_admin_action(
        session,
        actor=actor,
        action="office.update",
        subject_type="customs_office",
        subject_id=code,
        details={
            "name_vi": office.name_vi,
            "name_en": office.name_en,
            "location_code": office.location_code,
        },
        at=at,
    )
    return office
