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

MAX_KEY_LENGTH = 200


class IdempotencyKeyReused(DomainError):
    code = "idempotency_key_reused"
    status = 422
    title = "Idempotency key reused for another request"


class IdempotencyKeyInvalid(DomainError):
    code = "idempotency_key_invalid"
    status = 400
    title = "Invalid Idempotency-Key"


@dataclass(frozen=True)
class StoredAnswer:
    status_code: int
    body: dict[str, Any]


def check_key(key: str) -> str:
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise IdempotencyKeyInvalid(
            message_en=f"The Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable characters.",
            message_vi=f"Idempotency-Key phải có từ 1 đến {MAX_KEY_LENGTH} ký tự in được.",
        )
    return key


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
