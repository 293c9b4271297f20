"""Demo data: named enterprises, offices and people, for `make run` and the tests."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from smartcustoms.identity import repository, service
from smartcustoms.identity.rules import OrganisationKind, Role
from smartcustoms.kit.clock import utcnow

DEMO_PASSWORD = "demo-password-2025"


@dataclass(frozen=True)
class DemoEnterprise:
    key: str
    name: str
    tax_code: str


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: Role
    enterprise: str | None = None
    office_code: str | None = None
    mandates: tuple[str, ...] = ()
    about: str = ""


ENTERPRISES = (
    DemoEnterprise("A", "Công ty TNHH Thương mại Sông Hồng (demo)", "0101234565"),
    DemoEnterprise("B", "Công ty Cổ phần Điện tử Sài Gòn (demo)", "0309876547"),
    DemoEnterprise("BROKER", "Công ty TNHH Đại lý Hải quan Duyên Hải (demo)", "0401112222"),
)

USERS = (
    DemoUser(
        "lan",
        "Nguyễn Thị Lan",
        Role.TRADER,
        enterprise="A",
        about="trader for Song Hong Trading (A)",
    ),
    DemoUser(
        "binh",
        "Trần Văn Bình",
        Role.TRADER,
        enterprise="B",
        about="trader for Saigon Electronics (B)",
    ),
    DemoUser(
        "minh",
        "Lê Quang Minh",
        Role.BROKER,
        enterprise="BROKER",
        mandates=("A", "B"),
        about="customs broker acting for A and B",
    ),
    DemoUser(
        "hoa",
        "Phạm Thị Hoa",
        Role.OFFICER,
        office_code="03CC",
        about="customs officer, Hai Phong port area I (03CC)",
    ),
    DemoUser(
        "tuan",
        "Đỗ Minh Tuấn",
        Role.OFFICER,
        office_code="02CI",
        about="customs officer, Cat Lai port (02CI)",
    ),
    DemoUser(
        "son",
        "Vũ Thanh Sơn",
        Role.SUPERVISOR,
        office_code="03CC",
        about="supervisor, Hai Phong port area I (03CC)",
    ),
    DemoUser("admin", "Quản trị hệ thống", Role.ADMIN, about="platform administrator"),
)


def seed(session: Session) -> list[tuple[str, str]]:
    """Create what is missing; running it again changes nothing."""
    at = utcnow()
    enterprise_ids: dict[str, int] = {}
    for demo in ENTERPRISES:
        org = repository.organisation_by_tax_code(session, demo.tax_code)
        if org is None:
            org = service.create_enterprise(session, name=demo.name, tax_code=demo.tax_code, at=at)
        enterprise_ids[demo.key] = org.id
    for person in USERS:
        if repository.user_by_username(session, person.username) is not None:
            continue
        organisation_id = enterprise_ids[person.enterprise] if person.enterprise else None
        if person.office_code and organisation_id is None:
            office = repository.office_organisation(session, person.office_code)
            if office is None:
                office = service.create_office_organisation(
                    session,
                    name=f"Customs office {person.office_code}",
                    office_code=person.office_code,
                    kind=OrganisationKind.CUSTOMS_OFFICE,
                    at=at,
                )
            organisation_id = office.id
        user = service.create_user(
            session,
            username=person.username,
            password=DEMO_PASSWORD,
            full_name=person.full_name,
            role=person.role,
            organisation_id=organisation_id,
            office_code=person.office_code,
            at=at,
        )
        for key in person.mandates:
            service.grant_mandate(
                session, broker_id=user.id, enterprise_id=enterprise_ids[key], at=at
            )
    return [(p.username, p.about) for p in USERS]
