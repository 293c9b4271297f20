"""How registration stores an assessment: the rows the ORM path stored, in fewer statements.

The step writes its row and lines with fixed Core statements (one on PostgreSQL, two on
SQLite). Each test here writes the same assessment the way the step did before, through the
ORM, and compares what the two read back: every column, the JSON text byte for byte, and
every line.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Text, cast, event, insert, select
from sqlalchemy.orm import Session

from smartcustoms.adapters.storage import LocalBlobStorage
from smartcustoms.db.inserts import InsertBatch
from smartcustoms.declarations import service as declarations
from smartcustoms.declarations.content import DeclarationContent, ItemContent
from smartcustoms.declarations.pipeline import RegistrationContext, StepOutcome
from smartcustoms.demo import demo_import
from smartcustoms.documents import service as documents
from smartcustoms.documents.rules import DocumentType
from smartcustoms.identity import repository as identity_repository
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor
from smartcustoms.kit.clock import customs_date
from smartcustoms.reference.service import get_catalog
from smartcustoms.tariff import repository, rules, service
from smartcustoms.tariff.importer import SAMPLE_DIR
from smartcustoms.tariff.models import TaxAssessment, TaxAssessmentLine
from support import TEST_NOW, Database

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"

# Every kind of figure the JSON and the lines hold: ad valorem, specific (quantity and unit),
# excise, environmental tax, a preferential rate (agreement, year, proof) when the C/O is on
# file, a proof note when it is not, and a value in each Incoterm part.
ITEMS = (
    ItemContent(
        hs_code="85171300",
        description="Smartphones",
        origin_country="CN",
        quantity=Decimal(50),
        unit="H87",
        unit_price=Decimal(200),
        invoice_value=Decimal(10000),
    ),
    ItemContent(
        hs_code="61091010",
        description="Cotton T-shirts, knitted",
        origin_country="CN",
        quantity=Decimal(1000),
        unit="H87",
        unit_price=Decimal("2.5"),
        invoice_value=Decimal(2500),
        origin_proof="E",
    ),
    ItemContent(
        hs_code="87032199",
        description="Used passenger car, 998 cc",
        origin_country="JP",
        quantity=Decimal(2),
        unit="H87",
        unit_price=Decimal("3100.40"),
    ),
    ItemContent(
        hs_code="27101224",
        description="Motor spirit RON 95",
        origin_country="SG",
        quantity=Decimal("12000.5"),
        unit="LTR",
        invoice_value=Decimal("9120.38"),
    ),
)


def _actor(session: Session, username: str = "lan") -> Actor:
    user = identity_repository.user_by_username(session, username)
    assert user is not None
    return identity.actor_for(session, user_id=user.id)


def _content() -> DeclarationContent:
    return demo_import(
        today=customs_date(TEST_NOW), items=ITEMS, invoice_amount=Decimal("27741.18")
    )


def _draft(session: Session, actor: Actor, content: DeclarationContent) -> int:
    enterprise_id = next(iter(actor.enterprise_ids))
    written = declarations.create_draft(
        session, actor=actor, enterprise_id=enterprise_id, content=content, at=TEST_NOW
    )
    return written.id


def _context(
    session: Session,
    actor: Actor,
    declaration_id: int,
    content: DeclarationContent,
    document_ids: tuple[int, ...] = (),
) -> RegistrationContext:
    return RegistrationContext(
        session=session,
        declaration_id=declaration_id,
        enterprise_id=next(iter(actor.enterprise_ids)),
        declarant_id=actor.user_id,
        declarant_username=actor.username,
        direction="import",
        version=1,
        supersedes_id=None,
        content=content,
        document_ids=document_ids,
        at=TEST_NOW,
    )


def _upload_co(session: Session, actor: Actor, tmp_path: Path) -> int:
    upload = documents.upload_document(
        session,
        LocalBlobStorage(tmp_path / "documents"),
        actor=actor,
        enterprise_id=next(iter(actor.enterprise_ids)),
        filename="co-form-e.pdf",
        data=PDF,
        doc_type=DocumentType.CERTIFICATE_OF_ORIGIN,
        reference="E2611-0042",
        issued_on=None,
        size_limit=1 << 20,
        at=TEST_NOW,
    )
    return upload.document.id


def _save_through_the_orm(
    session: Session, context: RegistrationContext, *, declaration_id: int, has_co: bool
) -> None:
    """The registration step's computation and writes as they were before the Core path."""
    on = service.tax_date(context.at)
    requests = service.item_requests(
        context.content,
        direction=rules.Direction.IMPORT,
        on=on,
        proofs_on_file=has_co,
        non_mfn_origins=frozenset(),
    )
    quotes, problems = service.assess(session, requests)
    assert problems == []
    items = []
    for quote, item in zip(quotes, context.content.items, strict=True):
        detail = quote.as_dict()
        if item.origin_proof and not has_co:
            detail["proof_note"] = {
                "en": f"Form {item.origin_proof} claimed but no C/O is in the dossier.",
                "vi": f"Đề nghị mẫu {item.origin_proof} nhưng hồ sơ không có C/O.",
            }
        items.append(detail)
    latest = service.latest_import(session)
    assessment = TaxAssessment(
        declaration_id=declaration_id,
        tariff_import_id=latest.id if latest else None,
        assessed_at=context.at,
        tax_date=on,
        customs_value_vnd=sum(q.customs_value_vnd for q in quotes),
        total_vnd=sum(q.total_vnd for q in quotes),
        items=items,
    )
    session.add(assessment)
    session.flush()
    rows = [
        {
            "assessment_id": assessment.id,
            "item_no": index + 1,
            "tax": line.tax,
            "base_vnd": line.base_vnd,
            "rate": line.rate,
            "amount_vnd": line.amount_vnd,
            "source": line.source,
            "agreement": line.agreement,
            "year": line.year,
            "proof": line.proof,
        }
        for index, quote in enumerate(quotes)
        for line in quote.taxes
    ]
    session.execute(insert(TaxAssessmentLine), rows)


def _stored(session: Session, declaration_id: int) -> tuple[dict[str, Any], str, list[Any]]:
    """Every column but the ids, the JSON as the database holds it, and the lines in order."""
    session.expire_all()
    assessment = service.assessment_for(session, declaration_id=declaration_id)
    assert assessment is not None
    columns = {
        "tariff_import_id": assessment.tariff_import_id,
        "assessed_at": assessment.assessed_at,
        "tax_date": assessment.tax_date,
        "customs_value_vnd": assessment.customs_value_vnd,
        "total_vnd": assessment.total_vnd,
        "items": assessment.items,
    }
    raw = session.scalar(
        select(cast(TaxAssessment.items, Text)).where(TaxAssessment.id == assessment.id)
    )
    assert raw is not None
    line = TaxAssessmentLine
    lines = session.execute(
        select(
            line.item_no,
            line.tax,
            line.base_vnd,
            line.rate,
            line.amount_vnd,
            line.source,
            line.agreement,
            line.year,
            line.proof,
        )
        .where(line.assessment_id == assessment.id)
        .order_by(line.id)
    ).all()
    return columns, raw, [tuple(row) for row in lines]


@pytest.mark.parametrize("with_co", [False, True], ids=["no C/O", "C/O on file"])
def test_the_step_stores_what_the_orm_path_stored(
    session: Session, tmp_path: Path, with_co: bool
) -> None:
    actor = _actor(session)
    content = _content()
    document_ids = (_upload_co(session, actor, tmp_path),) if with_co else ()
    by_step = _draft(session, actor, content)
    by_orm = _draft(session, actor, content)
    context = _context(session, actor, by_step, content, document_ids)

    outcome = _assess(context)
    _save_through_the_orm(session, context, declaration_id=by_orm, has_co=with_co)

    step_columns, step_json, step_lines = _stored(session, by_step)
    orm_columns, orm_json, orm_lines = _stored(session, by_orm)
    assert step_columns == orm_columns
    assert step_json == orm_json == json.dumps(orm_columns["items"])
    assert step_lines == orm_lines
    by_tax: dict[str, int] = {}
    for line in step_lines:  # (item, tax, base, rate, amount, …)
        by_tax[line[1]] = by_tax.get(line[1], 0) + line[4]
    assert outcome.summary == {
        "customs_value_vnd": step_columns["customs_value_vnd"],
        "total_vnd": step_columns["total_vnd"],
        "taxes_vnd": {tax: amount for tax, amount in by_tax.items() if amount},
    }
    # What the items exercise is really there.
    taxes = [tax for item in step_columns["items"] for tax in item["taxes"]]
    assert {t["tax"] for t in taxes} == {"import", "excise", "environment", "vat"}
    assert any(t["quantity"] is not None for t in taxes)
    assert ("proof_note" in step_columns["items"][1]) is not with_co
    assert any(row[6] == "ACFTA" and row[8] == "E" for row in step_lines) is with_co


def test_an_assessment_without_lines_is_stored(session: Session) -> None:
    """An export of goods without export duty has no tax line: the row alone is written."""
    actor = _actor(session)
    declaration_id = _draft(session, actor, _content())
    at = TEST_NOW
    _save(
        session,
        {
            "declaration_id": declaration_id,
            "tariff_import_id": None,
            "assessed_at": at,
            "tax_date": at.date(),
            "customs_value_vnd": 1000,
            "total_vnd": 0,
        },
        json.dumps([{"taxes": [], "note": "Xuất khẩu"}]),
        [],
    )
    columns, raw, lines = _stored(session, declaration_id)
    assert columns["items"] == [{"taxes": [], "note": "Xuất khẩu"}]
    assert raw == json.dumps(columns["items"])
    assert columns["tariff_import_id"] is None
    assert lines == []


def test_a_naive_time_is_refused_as_by_the_orm(session: Session) -> None:
    actor = _actor(session)
    declaration_id = _draft(session, actor, _content())
    naive = datetime(2026, 1, 2, 3, 4, 5)
    with pytest.raises(Exception, match="naive datetime"), session.begin_nested():
        _save(
            session,
            {
                "declaration_id": declaration_id,
                "tariff_import_id": None,
                "assessed_at": naive,
                "tax_date": naive.date(),
                "customs_value_vnd": 0,
                "total_vnd": 0,
            },
            "[]",
            [],
        )


def _save(
    session: Session, assessment: dict[str, Any], items_json: str, lines: list[tuple[Any, ...]]
) -> None:
    batch = InsertBatch(session)
    repository.save_assessment(batch, assessment, items_json, lines)
    batch.write()


def test_the_step_writes_one_statement_on_postgresql_and_two_on_sqlite(
    session: Session, database: Database
) -> None:
    actor = _actor(session)
    content = replace(_content(), items=ITEMS[:1] * 10, invoice_amount=Decimal(100000))
    declaration_id = _draft(session, actor, content)
    service.national_lines(session)  # what validation asks first, in the same transaction
    connection = session.connection()
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    event.listen(connection, "before_cursor_execute", count)
    try:
        _assess(_context(session, actor, declaration_id, content))
    finally:
        event.remove(connection, "before_cursor_execute", count)
    # Ids are taken ahead (PostgreSQL: a block per process; SQLite: the largest id + 1).
    writes = [s for s in statements if s.lstrip().upper().startswith(("INSERT", "WITH"))]
    assert len(writes) == (1 if database.backend == "postgresql" else 2), statements
    assert len(statements) - len(writes) <= 1, statements


def _assess(context: RegistrationContext) -> StepOutcome:
    """The step as registration runs it: it decides, then records, then the batch is written."""
    outcome = service.TaxAssessmentStep()(context)
    batch = InsertBatch(context.session)
    outcome.record(batch)
    batch.write()
    return outcome


def test_the_assessment_names_the_import_its_rates_came_from(session: Session) -> None:
    actor = _actor(session)
    declaration_id = _draft(session, actor, _content())
    _assess(_context(session, actor, declaration_id, _content()))
    latest = service.latest_import(session)
    assert latest is not None
    assert repository.latest_import_version(session) == (latest.id, latest.imported_at)
    columns, _, _ = _stored(session, declaration_id)
    assert columns["tariff_import_id"] == latest.id


def test_an_import_rolled_back_with_its_savepoint_is_not_named(session: Session) -> None:
    actor = _actor(session)
    before = service.latest_import(session)
    assert before is not None
    savepoint = session.begin_nested()
    service.import_directory(
        session, SAMPLE_DIR, catalog=get_catalog(session), at=TEST_NOW + timedelta(seconds=1)
    )
    assert service.get_book(session) is not None  # the new import is the one in force here
    savepoint.rollback()

    declaration_id = _draft(session, actor, _content())
    _assess(_context(session, actor, declaration_id, _content()))
    columns, _, _ = _stored(session, declaration_id)
    assert columns["tariff_import_id"] == before.id
