"""The registration paths' one typed shape of a declaration (repository.DeclarationRow):
what they write is what the repository reads back, column for column."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from smartcustoms.config import Settings
from smartcustoms.declarations import repository, service
from smartcustoms.declarations.schemas import DeclarationWrite
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor
from smartcustoms.registration import build_registration
from support import TEST_NOW, clearance_held, import_payload


def _lan(session: Session) -> Actor:
    user = identity.find_user(session, username="lan")
    assert user is not None
    return identity.actor_for(session, user_id=user.id)


def test_a_draft_reads_back_as_the_row_that_was_written(session: Session) -> None:
    lan = _lan(session)
    content = DeclarationWrite.model_validate(import_payload()).to_content()
    written = service.create_draft(
        session,
        actor=lan,
        enterprise_id=next(iter(lan.enterprise_ids)),
        content=content,
        at=TEST_NOW,
    )

    row, amended = repository.header_and_superseded_for_update(session, written.id)

    assert amended is None
    assert row is not None
    assert row.content.items == ()  # the header only: items are read on purpose
    assert repository.with_items(session, row) == written.declaration
    assert (written.status, written.number, written.content) == ("draft", None, content)


def test_a_submitted_draft_is_written_as_the_row_the_submit_answers(
    session: Session, settings: Settings
) -> None:
    lan = _lan(session)
    content = DeclarationWrite.model_validate(import_payload()).to_content()
    draft = service.create_draft(
        session,
        actor=lan,
        enterprise_id=next(iter(lan.enterprise_ids)),
        content=content,
        at=TEST_NOW,
    )

    submitted = service.submit(
        session,
        actor=lan,
        declaration_id=draft.id,
        # Held (as unpaid taxes do): the row is the registered one, not cleared at once.
        setup=build_registration(settings, clearance=clearance_held(settings)),
        at=TEST_NOW,
    )
    row, _ = repository.header_and_superseded_for_update(session, draft.id)

    assert submitted.status == "registered", submitted.declaration.status_reasons
    assert row is not None
    assert repository.with_items(session, row) == submitted.declaration
    assert submitted.declaration == replace(
        draft.declaration,
        status="registered",
        number=submitted.number,
        direction="import",
        submitted_at=TEST_NOW,
        registered_at=TEST_NOW,
    )
