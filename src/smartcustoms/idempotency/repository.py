"""Every query of the idempotency domain: the answers kept under a user's keys."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from smartcustoms.db.inserts import InsertBatch
from smartcustoms.idempotency.models import IdempotentRequest

_REQUESTS = cast(Table, IdempotentRequest.__table__)


@dataclass(frozen=True)
class KeptAnswer:
    """An answer kept under a user's key: an idempotent_requests row (same names)."""

    user_id: int
    key: str
    fingerprint: str
    status_code: int
    body: dict[str, Any]
    created_at: datetime

    def row(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


_COLUMNS = tuple(_REQUESTS.c[f.name] for f in fields(KeptAnswer))


def kept_answer(session: Session, *, user_id: int, key: str) -> KeptAnswer | None:
    query = select(*_COLUMNS).where(_REQUESTS.c.user_id == user_id, _REQUESTS.c.key == key)
    row = session.execute(query).first()
    return None if row is None else KeptAnswer(*row)


def insert_answer(session: Session, answer: KeptAnswer) -> None:
    """Written now (a unique key taken meanwhile fails here, not at the commit)."""
    session.execute(insert(_REQUESTS).values(answer.row()))


def add_answer(batch: InsertBatch, answer: KeptAnswer) -> None:
    """Written by the batch's statement, with the rows of the effect."""
    batch.add(_REQUESTS, [answer.row()])
