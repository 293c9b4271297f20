"""What the routes of other domains use to answer a request sent with an Idempotency-Key:
the header, the kept answer sent again, and the answer kept with the request's effect.

A route calls `keyed` first, answers `replay` if there is one, does its work, and returns
`answer(...)` (or, when its effect is one InsertBatch statement, adds `keep_in` to the batch
and turns a failed write into `replay_of_the_winner`). The request's unit of work commits the
effect and the kept answer together.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Annotated, Any

from fastapi import Header
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from smartcustoms.db.inserts import InsertBatch
from smartcustoms.idempotency import service
from smartcustoms.idempotency.service import KeyedRequest, StoredAnswer

__all__ = [
    "IdempotencyKey",
    "KeyedRequest",
    "answer",
    "keep_in",
    "keep_text_in",
    "keyed",
    "replay",
    "replay_of_the_winner",
]

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        pattern=service.KEY_PATTERN,
        description="Send one to make a retry safe: it gets the first answer again.",
    ),
]


def keyed(
    user_id: int,
    key: str | None,
    operation: str,
    *,
    body: BaseModel | None = None,
    raw: bytes | None = None,
) -> KeyedRequest | None:
    """The request under its key (None without one): the key may be sent again only with the
    same operation and, when `body` (or a `raw` body: XML, EDIFACT) is given, the very same
    body."""
    if key is None:
        return None
    content: dict[str, Any] | None = None
    if body is not None:
        content = body.model_dump(mode="json")
    elif raw is not None:
        content = {"sha256": hashlib.sha256(raw).hexdigest()}
    return KeyedRequest(user_id, key, service.fingerprint(operation, content))


def replay(session: Session, request: KeyedRequest | None) -> Response | None:
    """The answer kept for this request, sent again; None when there is none to send."""
    if request is None:
        return None
    stored = service.previous_answer(session, request)
    return _replayed(stored) if stored is not None else None


def answer(
    session: Session,
    request: KeyedRequest | None,
    *,
    status_code: int,
    body: BaseModel,
    at: datetime,
) -> Response:
    """The route's answer, kept under the key (if any) in the transaction of its effect; the
    answer of a concurrent request with the same key that kept its own first, otherwise."""
    if request is not None:
        kept = StoredAnswer(status_code, jsonable_encoder(body))
        winner = service.keep_answer(session, request, kept, at=at)
        if winner is not None:
            return _replayed(winner)
    return _serialized(body, status_code=status_code)


def keep_in(
    batch: InsertBatch,
    request: KeyedRequest | None,
    *,
    status_code: int,
    body: BaseModel,
    at: datetime,
) -> None:
    """Keep the answer (if the request has a key) in the batch that writes its effect."""
    if request is not None:
        service.add_answer(batch, request, StoredAnswer(status_code, jsonable_encoder(body)), at=at)


# A kept answer that is not JSON (a CUSRES) is kept as its text and media type under this.
_TEXT = "smartcustoms:text"


def keep_text_in(
    batch: InsertBatch,
    request: KeyedRequest | None,
    *,
    status_code: int,
    text: str,
    media_type: str,
    at: datetime,
) -> None:
    """As keep_in, for an answer that is text of another format (EDIFACT)."""
    if request is not None:
        kept = StoredAnswer(status_code, {_TEXT: text, "media_type": media_type})
        service.add_answer(batch, request, kept, at=at)


def replay_of_the_winner(
    session: Session, request: KeyedRequest | None, error: IntegrityError
) -> Response:
    """The batch's write failed on a constraint: the answer of a concurrent request with the
    same key that wrote first, or the error again if it was about something else."""
    return _replayed(service.answer_of_the_winner(session, request, error))


def _serialized(body: BaseModel, *, status_code: int) -> Response:
    # Serialized here, once: FastAPI would validate the finished model again first.
    return Response(body.model_dump_json(), status_code=status_code, media_type="application/json")


def _replayed(stored: StoredAnswer) -> Response:
    headers = {"Idempotent-Replayed": "true"}
    text = stored.body.get(_TEXT)
    if isinstance(text, str):
        media_type = str(stored.body.get("media_type") or "text/plain")
        return Response(
            text, status_code=stored.status_code, media_type=media_type, headers=headers
        )
    return JSONResponse(stored.body, status_code=stored.status_code, headers=headers)
