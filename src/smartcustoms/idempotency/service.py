"""Look up and record idempotent answers, in the same transaction as the effect."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from smartcustoms.db.inserts import InsertBatch
from smartcustoms.errors import DomainError
from smartcustoms.idempotency.models import IdempotentRequest

_REQUESTS = cast(Table, IdempotentRequest.__table__)

# Visible ASCII, as a UUID or a client's own reference is written; the API's header
# parameter declares it, so an invalid key is refused (422) with the rest of the request.
KEY_PATTERN = r"^[!-~]{1,200}$"


class IdempotencyKeyReused(DomainError):
    code = "idempotency_key_reused"
    status = 422
    title = "Idempotency key reused for another request"


@dataclass(frozen=True)
class StoredAnswer:
    status_code: int
    body: dict[str, Any]


def previous_answer(
    session: Session, *, user_id: int, key: str, fingerprint: str
) -> StoredAnswer | None:
    query = select(IdempotentRequest).where(
        IdempotentRequest.user_id == user_id, IdempotentRequest.key == key
    )
    row = session.scalars(query).first()
    if row is None:
        return None
    if row.fingerprint != fingerprint:
        raise IdempotencyKeyReused(
            message_en="This Idempotency-Key was already used for a different request.",
            message_vi="Idempotency-Key này đã được dùng cho một yêu cầu khác.",
        )
    return StoredAnswer(row.status_code, row.body)


@dataclass(frozen=True)
class KeptAnswer:
    """An answer to keep under a user's key, so that a retry gets the same one."""

    user_id: int
    key: str
    fingerprint: str
    status_code: int
    body: dict[str, Any]
    created_at: datetime

    def row(self) -> dict[str, Any]:
        """The idempotent_requests columns: the fields have the columns' names."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def add_answer(batch: InsertBatch, answer: KeptAnswer) -> None:
    """Keep the answer with the rows of the effect, written by the same statement. A
    concurrent request that kept one under the same key first makes that write fail."""
    batch.add(_REQUESTS, [answer.row()])


def remember_answer(session: Session, answer: KeptAnswer) -> None:
    session.add(IdempotentRequest(**answer.row()))
    session.flush()
