"""JSON API: tariff look-ups, what-if quotes, a line's roadmap, a declaration's taxes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from smartcustoms.declarations import service as declarations
from smartcustoms.deps import ApiActor, IdInPath, SessionDep, requires
from smartcustoms.errors import NotFound
from smartcustoms.kit.text import NO_CONTROL_PATTERN
from smartcustoms.openapi import OWNER_CHECKED, problems
from smartcustoms.tariff import messages, rules, service
from smartcustoms.tariff.schemas import (
    AssessmentRead,
    QuoteCreate,
    QuoteRead,
    RoadmapRead,
    TariffLineRead,
)

router = APIRouter(prefix="/api/v1/tariff", tags=["tariff"])


@router.get("/lines", response_model=list[TariffLineRead])
def search_lines(
    session: SessionDep,
    q: Annotated[str, Query(min_length=1, max_length=100, pattern=NO_CONTROL_PATTERN)],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Any:
    return service.search_lines(session, q=q, limit=limit, offset=offset)


@router.post("/quote", response_model=QuoteRead, responses=problems(404))
def quote(body: QuoteCreate, session: SessionDep) -> Any:
    result = service.quote(session, body.to_request())
    return QuoteRead(**result.summary(), explanation=result.as_dict())


@router.get("/lines/{hs8}/roadmap", response_model=RoadmapRead, responses=problems(404))
def line_roadmap(hs8: Annotated[str, Path(pattern=r"^[0-9]{8}$")], session: SessionDep) -> Any:
    found = service.roadmap(session, hs8=hs8)
    return RoadmapRead(
        line=TariffLineRead.model_validate(found.line),
        rates=[_rate(r) for r in found.rates],
        fta={
            code: [{"year": y, "rate": rules.format_decimal(r)} for y, r in series]
            for code, series in found.fta.items()
        },
    )


def _rate(rate: rules.TaxRate) -> dict[str, Any]:
    return {
        "tax": rate.tax.value,
        "kind": rate.kind.value,
        "rate": rate.label,
        "valid_from": rate.valid_from,
        "valid_to": rate.valid_to,
        "source": rate.source,
    }


@router.get(
    "/assessments/{declaration_id:int}",
    response_model=AssessmentRead,
    responses=OWNER_CHECKED,
    dependencies=[requires("declarations.read")],
)
def declaration_taxes(declaration_id: IdInPath, actor: ApiActor, session: SessionDep) -> Any:
    declaration = declarations.get_declaration(session, actor=actor, declaration_id=declaration_id)
    assessment = service.assessment_for(session, declaration_id=declaration.id)
    if assessment is None:
        en, vi = messages.texts("no_assessment")
        raise NotFound(message_en=en, message_vi=vi)
    return assessment
