"""Changing a registered declaration: amending it (a new version) or cancelling it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from smartcustoms.db.inserts import InsertBatch
from smartcustoms.declarations import repository
from smartcustoms.declarations.access import own
from smartcustoms.declarations.drafts import content_of, write_content
from smartcustoms.declarations.lifecycle import Action, next_status
from smartcustoms.declarations.messages import error
from smartcustoms.declarations.models import Declaration
from smartcustoms.declarations.pipeline import RegistrationSetup
from smartcustoms.declarations.repository import StatusChangeRow
from smartcustoms.declarations.transitions import add_history, record_steps, transition
from smartcustoms.errors import Conflict, ValidationFailed
from smartcustoms.identity.rules import Actor
from smartcustoms.outbox.service import emit


def amend(session: Session, *, actor: Actor, declaration_id: int, at: datetime) -> Declaration:
    """Open a new draft version of a registered declaration; the registered one stays in force."""
    original = own(session, actor, declaration_id)
    next_status(original.status, Action.AMEND)  # refuses unless the version is in force
    if repository.has_open_amendment(session, original.id):
        raise error(Conflict, "amendment_already_open")
    draft = Declaration(
        status=next_status(None, Action.CREATE),
        number=original.number,
        version=original.version + 1,
        supersedes_id=original.id,
        enterprise_id=original.enterprise_id,
        direction=original.direction,
        created_by_id=actor.user_id,
        created_at=at,
        updated_at=at,
        status_reasons=[],
    )
    write_content(session, draft, content_of(original))
    session.add(draft)
    session.flush()
    repository.add_documents(session, draft.id, repository.document_ids(session, original.id))
    batch = InsertBatch(session)
    opened = StatusChangeRow(
        id=repository.new_status_change_id(batch),
        declaration_id=draft.id,
        from_status=None,
        to_status=draft.status,
        actor_id=actor.user_id,
        at=at,
        note=f"amends version {original.version}",
    )
    add_history(batch, [opened], enterprises={draft.id: draft.enterprise_id})
    batch.write()
    emit(
        session,
        topic="declaration.amendment_opened",
        aggregate_type="declaration",
        aggregate_id=draft.id,
        payload={"number": original.number, "version": draft.version},
        at=at,
    )
    session.flush()
    return draft


def cancel(
    session: Session,
    *,
    actor: Actor,
    declaration_id: int,
    reason: str,
    setup: RegistrationSetup,
    at: datetime,
) -> Declaration:
    """Cancel a registered declaration; an amendment of it still open is withdrawn with it.

    A cancelled declaration has no effect any more, so an amendment has nothing left to
    amend; the cancellation is not held up by the trader's unfinished draft (docs/
    architecture.md, "Cancelling a declaration with an open amendment").
    """
    declaration = own(session, actor, declaration_id)  # locked first: see submission.submit
    cancelled = transition(declaration, Action.CANCEL, actor_id=actor.user_id, note=reason)
    if not reason.strip():
        raise error(ValidationFailed, "cancel_reason_missing")
    steps = [(declaration, cancelled)]
    for amendment in repository.open_amendments_for_update(session, declaration.id):
        note = f"withdrawn: version {declaration.version} was cancelled ({reason.strip()})"
        steps.append(
            (amendment, transition(amendment, Action.WITHDRAW, actor_id=actor.user_id, note=note))
        )
    declaration.cancel_reason = reason.strip()
    record_steps(session, steps, at=at)
    for close in setup.on_cancel:
        close(session, declaration.id, at)
    session.flush()
    return declaration
