"""JSON API for filing from what a broker has: the goods-items sheet's template, importing a
sheet into a draft, and copying an earlier declaration."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import Response

from smartcustoms.declarations import service
from smartcustoms.declarations.api import read_model, row_warnings, written_model
from smartcustoms.declarations.item_sheet import read_items
from smartcustoms.declarations.item_template import MEDIA_TYPES, SheetFormat, template_file
from smartcustoms.declarations.schemas import DeclarationRead
from smartcustoms.deps import ApiActor, IdInPath, Now, ServicesDep, SessionDep, requires
from smartcustoms.openapi import AUTHENTICATED, OWNER_CHECKED, STATE_CHANGING, problems
from smartcustoms.problems import request_language

router = APIRouter(prefix="/api/v1/declarations", tags=["declarations"], responses=AUTHENTICATED)


class Language(StrEnum):
    EN = "en"
    VI = "vi"


def template_response(kind: SheetFormat, lang: str) -> Response:
    """The template as a download named in the user's language."""
    body, media, name = template_file(kind, lang)
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get(
    "/items/template",
    response_class=Response,
    responses={
        200: {
            "description": "The goods-items sheet to fill in: headings and an example row.",
            "content": {m.split(";")[0]: {} for m in MEDIA_TYPES.values()},
        }
    },
    dependencies=[requires("declarations.file")],
)
def items_template(
    actor: ApiActor,
    format: Annotated[SheetFormat, Query()] = SheetFormat.XLSX,
    lang: Annotated[Language, Query()] = Language.EN,
) -> Response:
    """The template for `POST /{id}/items/import`, its headings in English or Vietnamese
    (either imports)."""
    return template_response(format, lang.value)


@router.post(
    "/{declaration_id:int}/items/import",
    response_model=DeclarationRead,
    responses={**STATE_CHANGING, **problems(413)},
    dependencies=[requires("declarations.file")],
)
def import_items(
    declaration_id: IdInPath,
    file: Annotated[UploadFile, File(description="An .xlsx or CSV sheet, as the template.")],
    request: Request,
    actor: ApiActor,
    session: SessionDep,
    services: ServicesDep,
    now: Now,
    lang: Annotated[Language | None, Query()] = None,
) -> Any:
    """The draft's goods items replaced by the sheet's. Any bad cell answers 422 with every
    cell's error (path `file.G4`, the message naming its row and column) and changes nothing.
    Numbers typed as text read the way `lang` (or the request's language) writes them."""
    limit = services.settings.max_upload_bytes
    # A plain function runs in a worker thread: the spooled file is read directly, and the
    # checks and the write do not hold up the event loop.
    data = file.file.read(limit + 1)
    items = read_items(
        data,
        filename=file.filename or "",
        lang=lang.value if lang else request_language(request),
        limit=limit,
        catalog=services.registration.catalog_provider(session),
    )
    declaration = service.import_items(
        session, actor=actor, declaration_id=declaration_id, items=items, at=now
    )
    return read_model(session, declaration)


@router.post(
    "/{declaration_id:int}/copy",
    status_code=201,
    response_model=DeclarationRead,
    responses=OWNER_CHECKED,
    dependencies=[requires("declarations.file")],
)
def copy_declaration(
    declaration_id: IdInPath, actor: ApiActor, session: SessionDep, now: Now
) -> Any:
    """A new draft with the header and goods items of a declaration you may see and declare
    for; not its number, status, dates or dossier."""
    written = service.copy_declaration(session, actor=actor, declaration_id=declaration_id, at=now)
    return written_model(written, warnings=row_warnings(session, written.declaration))
