"""Idempotency-Key use cases: the answer kept for a request, the refusal of a key reused for
another request, and keeping an answer in the same transaction as its effect."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from smartcustoms.db.inserts import InsertBatch
from smartcustoms.idempotency import repository
from smartcustoms.idempotency.messages import error
from smartcustoms.idempotency.rules import KEY_PATTERN, IdempotencyKeyReused, fingerprint

__all__ = [
    "KEY_PATTERN",
    "IdempotencyKeyReused",
    "KeyedRequest",
    "StoredAnswer",
    "add_answer",
    "answer_of_the_winner",
    "fingerprint",
    "keep_answer",
    "previous_answer",
]


@dataclass(frozen=True)
class KeyedRequest:
    """A request sent with an Idempotency-Key: whose key, and what it asked (fingerprint)."""

    user_id: int
    key: str
    fingerprint: str


@dataclass(frozen=True)
class StoredAnswer:
    status_code: int
    body: dict[str, Any]


def previous_answer(session: Session, request: KeyedRequest) -> StoredAnswer | None:
    """The answer kept for this request, if any; a key kept for another request is refused."""
    kept = repository.kept_answer(session, user_id=request.user_id, key=request.key)
    if kept is None:
        return None
    if kept.fingerprint != request.fingerprint:
        raise error(IdempotencyKeyReused, "idempotency_key_reused")
    return StoredAnswer(kept.status_code, kept.body)


def _kept(request: KeyedRequest, answer: StoredAnswer, at: datetime) -> repository.KeptAnswer:
    return repository.KeptAnswer(
        request.user_id, request.key, request.fingerprint, answer.status_code, answer.body, at
    )


def keep_answer(
    session: Session, request: KeyedRequest, answer: StoredAnswer, *, at: datetime
) -> StoredAnswer | None:
    """Keep the answer in the transaction of its effect, so a retry gets it again.

    None once kept. When a concurrent request with the same key kept its answer first, this
    one's transaction (its effect too) is rolled back and that answer is returned instead.
    """
    try:
        repository.insert_answer(session, _kept(request, answer, at))
    except IntegrityError as error:
        return answer_of_the_winner(session, request, error)
    return None


def add_answer(
    batch: InsertBatch, request: KeyedRequest, answer: StoredAnswer, *, at: datetime
) -> None:
    """Keep the answer with the rows of its effect, written by the same statement. A
    concurrent request that kept one under the same key first makes that write fail (then
    `answer_of_the_winner`)."""
    repository.add_answer(batch, _kept(request, answer, at))


def answer_of_the_winner(
    session: Session, request: KeyedRequest | None, error: IntegrityError
) -> StoredAnswer:
    """After the write failed on a constraint: roll the transaction back and return the answer
    a concurrent request with the same key kept first; with no such answer, the error was
    about something else and is raised again."""
    session.rollback()
    stored = previous_answer(session, request) if request is not None else None
    if stored is None:
        raise error
    return stored
