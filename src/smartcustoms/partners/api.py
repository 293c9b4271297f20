"""Partner registry API: administrators register partners; customs read the list."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from smartcustoms.deps import ApiActor, Now, SessionDep
from smartcustoms.openapi import AUTHENTICATED, STATE_CHANGING
from smartcustoms.partners import service
from smartcustoms.partners.schemas import PartnerCreate, PartnerRead

router = APIRouter(prefix="/api/v1/partners", tags=["partners"])

Country = Annotated[str, Path(pattern="^[A-Za-z]{2}$")]


def _read(found: Any) -> PartnerRead:
    return PartnerRead.model_validate(found, from_attributes=True)


def _details(country: str, body: PartnerCreate) -> service.PartnerDetails:
    return service.PartnerDetails(country, body.name, body.endpoint, body.public_key, body.active)


@router.get("", response_model=list[PartnerRead], responses=AUTHENTICATED)
def partners(actor: ApiActor, session: SessionDep) -> Any:
    """Partner customs administrations, by country (customs and administrators)."""
    return [_read(p) for p in service.partners(session, actor=actor)]


@router.post(
    "/{country}", status_code=201, response_model=PartnerRead, responses=STATE_CHANGING | {422: {}}
)
def register(
    country: Country, body: PartnerCreate, actor: ApiActor, session: SessionDep, now: Now
) -> Any:
    """Register the partner of a country (administrators): its endpoint and Ed25519 key."""
    found = service.register_partner(session, actor=actor, details=_details(country, body), at=now)
    return _read(found)


@router.put("/{country}", response_model=PartnerRead, responses=STATE_CHANGING | {422: {}})
def update(
    country: Country, body: PartnerCreate, actor: ApiActor, session: SessionDep, now: Now
) -> Any:
    """Change a partner's endpoint or key (a rotation), or switch it off."""
    found = service.update_partner(session, actor=actor, details=_details(country, body), at=now)
    return _read(found)
