"""Reference look-ups for forms and clients: HS search and code lists."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from smartcustoms.deps import SessionDep
from smartcustoms.kit.text import NO_CONTROL_PATTERN
from smartcustoms.reference import service

router = APIRouter(prefix="/api/v1/reference", tags=["reference"])


class HsCodeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    level: int
    parent: str | None
    section: str
    description: str
    description_vi: str  # a SAMPLE translation, empty for most codes


class HsPage(BaseModel):
    items: list[HsCodeRead]
    total: int
    limit: int
    offset: int


@router.get("/hs", response_model=HsPage)
def search_hs(
    session: SessionDep,
    q: Annotated[str, Query(min_length=1, max_length=100, pattern=NO_CONTROL_PATTERN)],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Any:
    return service.search_hs(session, q=q, limit=limit, offset=offset)
