"""Look up and record idempotent answers, in the same transaction as the effect."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from smartcustoms.errors import DomainError
from smartcustoms.idempotency.models import IdempotentRequest

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


def remember_answer(
    session: Session,
    *,
    user_id: int,
    key: str,
    fingerprint: str,
    status_code: int,
    body: dict[str, Any],
    at: datetime,
) -> None:
    session.add(
        IdempotentRequest(
            user_id=user_id,
            key=key,
            fingerprint=fingerprint,
            status_code=status_code,
            body=body,
            created_at=at,
        )
    )
    session.flush()
