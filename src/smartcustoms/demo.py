"""Demo data: named enterprises, offices and people, for `make run` and the tests."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from smartcustoms.adapters.storage import BlobStorage
from smartcustoms.declarations import service as declarations
from smartcustoms.declarations.content import DeclarationContent, ItemContent
from smartcustoms.declarations.pipeline import RegistrationSetup
from smartcustoms.documents import service as documents
from smartcustoms.documents.rules import DocumentType
from smartcustoms.identity import service
from smartcustoms.identity.rules import ALL_SCOPES, Actor, OrganisationKind, Role
from smartcustoms.kit.clock import customs_date
from smartcustoms.permits import service as permits
from smartcustoms.risk import service as risk
from smartcustoms.risk.rules import RuleCriteria
from smartcustoms.signatures import service as signatures
from smartcustoms.signatures.sample_ca import SampleSigner, sample_signer

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
    # The national ID number (CCCD) the e-identity provider vouches for: single sign-on.
    national_id: str | None = None
    agency: str | None = None  # a single-window agency's code (its officers and systems)


ENTERPRISES = (
    DemoEnterprise("A", "Công ty TNHH Thương mại Sông Hồng (demo)", "0101234565"),
    DemoEnterprise("B", "Công ty Cổ phần Điện tử Sài Gòn (demo)", "0309876547"),
    DemoEnterprise("BROKER", "Công ty TNHH Đại lý Hải quan Duyên Hải (demo)", "0401112222"),
)

ENTERPRISES_BY_KEY = {demo.key: demo for demo in ENTERPRISES}

USERS = (
    DemoUser(
        "lan",
        "Nguyễn Thị Lan",
        Role.TRADER,
        enterprise="A",
        about="trader for Song Hong Trading (A)",
        national_id="001190000001",
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
        national_id="031085000003",
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
    DemoUser(
        "thu",
        "Ngô Thị Thu",
        Role.AGENCY_OFFICER,
        agency="PPD",
        about="agency officer, Plant Protection Department (single window)",
    ),
    DemoUser(
        "khoa",
        "Đặng Văn Khoa",
        Role.AGENCY_OFFICER,
        agency="VFA",
        about="agency officer, Vietnam Food Administration (single window)",
    ),
    DemoUser(
        "ppd-system",
        "PPD quarantine system",
        Role.AGENCY_SYSTEM,
        agency="PPD",
        about="machine client of the Plant Protection Department (API)",
    ),
)


def seed(session: Session, *, at: datetime) -> list[tuple[str, str]]:
    """Create what is missing, as of `at`; running it again changes nothing."""
    enterprise_ids: dict[str, int] = {}
    for demo in ENTERPRISES:
        org = service.enterprise_by_tax_code(session, tax_code=demo.tax_code)
        if org is None:
            org = service.create_enterprise(session, name=demo.name, tax_code=demo.tax_code, at=at)
        enterprise_ids[demo.key] = org.id
    if not permits.agencies(session):
        # The SAMPLE registry and procedures (not official law): permits/sample/README.md.
        permits.load_sample(session, at=at)
    for person in USERS:
        if service.find_user(session, username=person.username) is not None:
            continue
        organisation_id = enterprise_ids[person.enterprise] if person.enterprise else None
        if person.agency:
            organisation_id = permits.get_agency(session, code=person.agency).organisation_id
        if person.office_code and organisation_id is None:
            office = service.office_organisation(session, office_code=person.office_code)
            code = person.office_code
            if office is None:
                office = service.create_office_organisation(
                    session,
                    name=f"Chi cục Hải quan {code} / Customs office {code}",
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
        if person.national_id:
            service.link_national_id(session, user_id=user.id, national_id=person.national_id)
        for key in person.mandates:
            # The enterprise delegates to the broker's company: declare, pay and view, open-ended.
            service.grant_delegation(
                session,
                enterprise_id=enterprise_ids[key],
                agent_tax_code=ENTERPRISES_BY_KEY[person.enterprise or ""].tax_code,
                scopes=ALL_SCOPES,
                valid_from=at,
                valid_until=None,
                granted_by=None,
                at=at,
            )
    seed_risk(session, enterprise_ids["B"], at=at)
    return [(p.username, p.about) for p in USERS]


def demo_totp_secret(username: str) -> str:
    """The SAMPLE TOTP secret of a demo account (published here, like DEMO_PASSWORD: the
    demo's officers sign in with a second factor as production's must)."""
    digest = hashlib.sha256(f"SAMPLE smartcustoms demo TOTP|{username}".encode()).digest()
    return base64.b32encode(digest[:20]).decode()


def seed_second_factors(
    session: Session, *, signing_secret: str, required_roles: str, at: datetime
) -> list[str]:
    """Turn the second factor on, with its SAMPLE secret, for each demo account whose role
    must have one and has none yet (`smartcustoms users totp-code NAME` prints its code)."""
    enrolled = []
    for person in USERS:
        user = service.find_user(session, username=person.username)
        if user is None or person.role not in required_roles.split():
            continue
        if service.second_factor_on(user):
            continue
        service.enrol_with_secret(
            session,
            user_id=user.id,
            secret=demo_totp_secret(person.username),
            signing_secret=signing_secret,
            at=at,
        )
        enrolled.append(person.username)
    return enrolled


DEMO_RULES = (
    # Active: smartphones declared under 50 USD a unit are a classic undervaluation.
    (
        risk.RuleInput(
            code="DEMO-PHONES-LOW-VALUE",
            description=(
                "Điện thoại thông minh dưới 50 USD/chiếc (khai thấp giá) / "
                "Smartphones under 50 USD a unit (undervaluation)"
            ),
            criteria=RuleCriteria(
                hs_prefixes=("851713",), unit_value_max=Decimal(50), unit_value_currency="USD"
            ),
            score=60,
        ),
        True,
    ),
    # Inactive: waits for an officer to test it on history and a supervisor to activate it.
    (
        risk.RuleInput(
            code="DEMO-NEW-TRADER-ELECTRONICS",
            description=(
                "Doanh nghiệp mới nhập khẩu hàng điện tử (chương 85) / "
                "New traders importing electronics (chapter 85)"
            ),
            criteria=RuleCriteria(hs_prefixes=("85",), new_trader=True),
            score=20,
        ),
        False,
    ),
)


def seed_risk(session: Session, priority_enterprise_id: int, *, at: datetime) -> None:
    """Demo risk rules (by Sơn) and Bình's enterprise as a priority enterprise (AEO), once."""
    son = service.find_user(session, username="son")
    if son is None:
        return
    actor = service.actor_for(session, user_id=son.id)
    existing = {r.code for r in risk.list_rules(session, actor=actor)}
    for data, active in DEMO_RULES:
        if data.code in existing:
            continue
        row = risk.create_rule(session, actor=actor, data=data, at=at)
        if active:
            risk.set_rule_active(session, actor=actor, rule_id=row.id, active=True, at=at)
    standing = risk.trader_profile(
        session, actor=actor, enterprise_id=priority_enterprise_id, today=customs_date(at)
    )
    if not standing.priority:
        risk.set_priority(
            session,
            actor=actor,
            enterprise_id=priority_enterprise_id,
            priority=True,
            valid_until=None,
            note="Demo: doanh nghiệp ưu tiên (AEO) / priority enterprise (AEO)",
            at=at,
        )


def demo_import(*, today: date, **overrides: object) -> DeclarationContent:
    """A realistic A11 import of phones and T-shirts into Hai Phong, arrived two days before
    `today` (demo data: its dates follow the day it is made)."""
    content = DeclarationContent(
        type_code="A11",
        office_code="03CC",
        foreign_party_name="Shenzhen Bright Electronics Co., Ltd",
        foreign_party_country="CN",
        country_of_export="CN",
        transport_mode="1",
        transport_means="MV HAIAN PARK",
        transport_document="HASLC01240012345",
        port_of_loading="CNSZX",
        port_of_discharge="VNHPH",
        arrival_date=today - timedelta(days=2),
        invoice_number=f"INV-{today.year}-0042",
        invoice_date=today - timedelta(days=12),
        invoice_currency="USD",
        invoice_amount=Decimal("12500"),
        incoterms="FOB",
        freight=Decimal("350"),
        insurance=Decimal("25"),
        packages=40,
        gross_weight=Decimal("820.5"),
        items=(
            ItemContent(
                hs_code="85171300",
                description=(
                    "Điện thoại thông minh 6,1 inch, 128 GB / Smartphones, 6.1 inch, 128 GB"
                ),
                origin_country="CN",
                quantity=Decimal(50),
                unit="H87",
                unit_price=Decimal(200),
                invoice_value=Decimal(10000),
                net_weight=Decimal("12.5"),
            ),
            ItemContent(
                hs_code="61091010",
                description="Áo phông cotton, dệt kim / Cotton T-shirts, knitted",
                origin_country="CN",
                quantity=Decimal(1000),
                unit="H87",
                unit_price=Decimal("2.5"),
                invoice_value=Decimal(2500),
                net_weight=Decimal(180),
            ),
        ),
    )
    return replace(content, **overrides)  # type: ignore[arg-type]


def seed_declarations(session: Session, setup: RegistrationSetup, *, at: datetime) -> int:
    """A registered import and a draft for Lan, once; returns how many were created."""
    lan = service.find_user(session, username="lan")
    if lan is None or declarations.has_any(session, created_by_id=lan.id):
        return 0
    actor = service.actor_for(session, user_id=lan.id)
    enterprise_id = next(iter(actor.enterprise_ids))
    today = customs_date(at)
    registered = declarations.create_draft(
        session, actor=actor, enterprise_id=enterprise_id, content=demo_import(today=today), at=at
    )
    declarations.submit(session, actor=actor, declaration_id=registered.id, setup=setup, at=at)
    declarations.create_draft(
        session,
        actor=actor,
        enterprise_id=enterprise_id,
        content=demo_import(today=today, invoice_number=f"INV-{today.year}-0043"),
        at=at,
    )
    return 2


def demo_documents(
    session: Session, storage: BlobStorage, actor: Actor, enterprise_id: int, *, at: datetime
) -> tuple[int, ...]:
    """An invoice and a bill of lading in the enterprise's dossier (small XML files)."""
    ids = []
    for doc_type, body in (
        (DocumentType.INVOICE, b"<invoice number='INV-DEMO-APPLES' currency='USD'/>"),
        (DocumentType.BILL_OF_LADING, b"<bill_of_lading number='BL-DEMO-APPLES'/>"),
    ):
        upload = documents.upload_document(
            session,
            storage,
            actor=actor,
            enterprise_id=enterprise_id,
            filename=f"{doc_type.value}-demo.xml",
            data=body,
            doc_type=doc_type,
            reference=None,
            issued_on=customs_date(at),
            size_limit=64 * 1024,
            at=at,
        )
        ids.append(upload.document.id)
    return tuple(ids)


# What Lan applies for, in her language first and in English for the agency's reviewers.
APPLES = "Táo tươi Fuji, thùng 18 kg / Fresh Fuji apples, 18 kg cartons"


def seed_permit_application(session: Session, storage: BlobStorage, *, at: datetime) -> int:
    """An application by Lan for plant quarantine of apples, waiting in Thu's queue, once;
    returns how many were created."""
    lan = service.find_user(session, username="lan")
    if lan is None:
        return 0
    actor = service.actor_for(session, user_id=lan.id)
    if permits.my_applications(session, actor=actor):
        return 0
    enterprise_id = next(iter(actor.enterprise_ids))
    permits.apply(
        session,
        actor=actor,
        enterprise_id=enterprise_id,
        procedure="plant_quarantine_import",
        hs_code="08081000",
        goods=APPLES,
        origin_country="NZ",
        quantity=Decimal(10000),
        unit="KGM",
        document_ids=demo_documents(session, storage, actor, enterprise_id, at=at),
        seed="demo",
        at=at,
    )
    return 1


def seed_signing(session: Session, directory: Path, *, at: datetime) -> SampleSigner | None:
    """Lan's enterprise gets a signing certificate from the SAMPLE CA generated here (files
    in `directory`), registered once; her broker software signs with it browser-free:
    `smartcustoms signatures sign --key lan.key --cert lan.pem FILE`."""
    lan = service.find_user(session, username="lan")
    if lan is None:
        return None
    actor = service.actor_for(session, user_id=lan.id)
    enterprise = service.get_organisation(session, next(iter(actor.enterprise_ids)))
    signer = sample_signer(
        directory, key_name="lan", tax_code=enterprise.tax_code or "", name=enterprise.name, at=at
    )
    if not signatures.certificates(session, actor=actor):
        ca = signatures.trusted_cas([signer.ca_cert])
        signatures.register_certificate(
            session, actor=actor, pem=signer.cert.read_text(), trusted=ca, at=at
        )
    return signer
