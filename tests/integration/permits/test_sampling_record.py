"""The share of lots sampled follows the trader's record with the agency for the commodity:
a failed lab result raises it, a clean run lowers it; a priority enterprise is exempt."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from smartcustoms.adapters.storage import LocalBlobStorage
from smartcustoms.clearance import build_clearance
from smartcustoms.config import Settings
from smartcustoms.documents import service as documents
from smartcustoms.documents.rules import DocumentType
from smartcustoms.identity.rules import Actor
from smartcustoms.permits import service
from smartcustoms.permits.rules import Action
from support import TEST_NOW, Users


def _apply(session: Session, settings: Settings, actor: Actor) -> service.ApplicationView:
    """Milk powder under the SAMPLE food-safety inspection (VFA, base rate 30 %)."""
    enterprise_id = next(iter(actor.enterprise_ids))
    storage = LocalBlobStorage(settings.documents_dir)
    ids = tuple(
        documents.upload_document(
            session,
            storage,
            actor=actor,
            enterprise_id=enterprise_id,
            filename=f"{kind.value}.xml",
            data=f"<{kind.value}/>".encode(),
            doc_type=kind,
            reference=None,
            issued_on=None,
            size_limit=64 * 1024,
            at=TEST_NOW,
        ).document.id
        for kind in (DocumentType.INVOICE, DocumentType.PACKING_LIST)
    )
    application = service.apply(
        session,
        actor=actor,
        enterprise_id=enterprise_id,
        procedure="food_safety_import",
        hs_code="04022120",
        goods="Milk powder, 25 kg bags",
        origin_country="AU",
        quantity=Decimal(2000),
        unit="KGM",
        document_ids=ids,
        seed="fixed-seed",
        at=TEST_NOW,
    )
    return service.get_application(session, actor=actor, application_id=application.id)


def _tested(
    session: Session, settings: Settings, officer: Actor, application_id: int, *, passed: bool
) -> None:
    """Khoa's agency samples the lot and decides on the lab's result."""
    clearance = build_clearance(settings)
    steps = [
        (Action.ACCEPT, None),
        (Action.TAKE_SAMPLE, None),
        (Action.RECORD_LAB_RESULT, passed),
        (Action.APPROVE if passed else Action.REJECT, None),
    ]
    for action, lab_passed in steps:
        service.act(
            session,
            actor=officer,
            application_id=application_id,
            action=action,
            lab_passed=lab_passed,
            clearance=clearance,
            at=TEST_NOW + timedelta(hours=1),
        )


def test_a_failed_lab_result_raises_the_rate(
    session: Session, users: Users, settings: Settings
) -> None:
    lan, khoa = users.actor("lan"), users.actor("khoa")
    first = _apply(session, settings, lan)
    assert first.sampling_rate == Decimal("30.00")  # no record: the entry's base
    _tested(session, settings, khoa, first.id, passed=False)
    assert _apply(session, settings, lan).sampling_rate == Decimal("65.00")


def test_a_clean_run_lowers_the_rate(session: Session, users: Users, settings: Settings) -> None:
    lan, khoa = users.actor("lan"), users.actor("khoa")
    for _ in range(5):
        _tested(session, settings, khoa, _apply(session, settings, lan).id, passed=True)
    assert _apply(session, settings, lan).sampling_rate == Decimal("15.00")


def test_a_priority_enterprise_is_exempt(
    session: Session, users: Users, settings: Settings
) -> None:
    view = _apply(session, settings, users.actor("binh"))  # the demo's priority enterprise
    assert view.sampled is False
    assert view.sampling_reason == "priority_exempt"
