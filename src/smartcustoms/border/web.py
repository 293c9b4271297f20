"""The border's portal pages: carriers file manifests and book slots, officers see what to
hold before arrival and the Time Release Study, anyone sees a gate's queue and free slots
(updating live) and checks a gate pass."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from markupsafe import Markup

from smartcustoms.border import service
from smartcustoms.border.messages import texts
from smartcustoms.border.rules import ContainerInput, LineInput, ManifestInput
from smartcustoms.errors import DomainError
from smartcustoms.kit.clock import VIETNAM
from smartcustoms.permits import service as permits
from smartcustoms.web.pages import Page, PageDep, PostedForm, page_for

router = APIRouter(include_in_schema=False)


def _message(page: Page, error: DomainError) -> str:
    lines = [error.message(page.lang)]
    for field in getattr(error, "errors", []) or []:
        lines.append(f"{field.path}: {field.message(page.lang)}")
    return " — ".join(lines)


def _instant(text: str) -> datetime | None:
    """A datetime-local field, read as Vietnam time."""
    try:
        return datetime.fromisoformat(text).replace(tzinfo=VIETNAM) if text else None
    except ValueError:
        return None


def _whole(text: str) -> int:
    return int(text) if text.strip().lstrip("-").isdigit() else 0


def _amount(text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", ".")) if text.strip() else Decimal(0)
    except InvalidOperation:
        return Decimal(0)


def _containers(text: str) -> tuple[ContainerInput, ...]:
    """One container a line, its seal after a slash: "CSQU3054383/SL123"."""
    found = []
    for row in text.splitlines():
        number, _, seal = row.partition("/")
        if number.strip():
            found.append(ContainerInput(number.strip(), seal.strip() or None))
    return tuple(found)


# ---------------------------------------------------------------------------- manifests


@router.get("/border/manifests", dependencies=[page_for("border.manifests.read")])
def manifests_page(page: PageDep) -> Response:
    return _manifests(page, error=None, form={})


def _manifests(page: Page, *, error: str | None, form: dict[str, Any]) -> Response:
    actor = page.require_actor()
    views = [
        service.get_manifest(page.session, actor=actor, manifest_id=m.id)
        for m in service.list_manifests(page.session, actor=actor, limit=50)
    ]
    return page.render(
        "border/manifests.html",
        status=422 if error else 200,
        views=views,
        error=error,
        form=form,
        named=lambda code: texts(f"discrepancy.{code}")[1 if page.lang == "vi" else 0],
    )


@router.post("/border/manifests", dependencies=[page_for("border.manifests.file")])
def file_manifest(page: PageDep, posted: PostedForm) -> Response:
    actor = page.require_actor()
    form = {k: str(v) for k, v in posted.items() if k != "csrf_token"}
    containers = _containers(form.get("containers", ""))
    arrival = _instant(form.get("arrival_at", ""))
    manifest = ManifestInput(
        mode=form.get("mode", ""),
        transport_id=form.get("transport_id", ""),
        voyage=form.get("voyage", ""),
        office_code=form.get("office_code", ""),
        arrival_at=arrival or page.now(),
        departure_at=_instant(form.get("departure_at", "")),
        lines=(
            LineInput(
                document_number=form.get("document_number", ""),
                consignee_name=form.get("consignee_name", ""),
                consignee_tax_code=form.get("consignee_tax_code") or None,
                packages=_whole(form.get("packages", "")),
                gross_weight=_amount(form.get("gross_weight", "")),
                description=form.get("description", ""),
                hs_code=form.get("hs_code") or None,
                origin_country=form.get("origin_country") or None,
                containers=containers,
            ),
        ),
    )
    try:
        service.file_manifest(
            page.session,
            actor=actor,
            manifest=manifest,
            source="json",
            models_dir=service.models_dir(page.services.settings.var_dir),
            at=page.now(),
        )
    except DomainError as error:
        page.session.rollback()
        return _manifests(page, error=_message(page, error), form=form)
    return page.redirect("/border/manifests?msg=bd_filed_ok")


@router.get("/border/holds", dependencies=[page_for("border.holds")])
def holds_page(page: PageDep) -> Response:
    actor = page.require_actor()
    return page.render(
        "border/holds.html", held=service.hold_list(page.session, actor=actor, at=page.now())
    )


# ---------------------------------------------------------------------------- gates and slots


@router.get("/border/gates")
def gates_page(page: PageDep) -> Response:
    return page.render("border/gates.html", gates=service.list_gates(page.session))


def _board(page: Page, code: str) -> dict[str, Any]:
    found = service.board(page.session, gate_code=code, at=page.now())
    return {"board": found, "waiting": found.waiting_minutes(page.now())}


@router.get("/border/gates/{code}/board")
def board_page(code: str, page: PageDep) -> Response:
    return page.render("border/board.html", **_board(page, code))


@router.get("/border/gates/{code}/board/live")
def board_live(code: str, page: PageDep) -> Response:
    """The board's live part, which the page polls (HTMX, every 10 seconds)."""
    return page.render("border/board_live.html", **_board(page, code))


@router.get("/border/slots", dependencies=[page_for("border.slots")])
def slots_page(page: PageDep) -> Response:
    return _slots(page, error=None)


def _slots(page: Page, *, error: str | None) -> Response:
    actor = page.require_actor()
    return page.render(
        "border/slots.html",
        status=409 if error else 200,
        gates=[g for g in service.list_gates(page.session) if g.kind == "land"],
        state_name=lambda state: texts(f"booking.{state}")[1 if page.lang == "vi" else 0],
        bookings=service.my_bookings(page.session, actor=actor, at=page.now()),
        error=error,
        tomorrow=(page.now().astimezone(VIETNAM) + timedelta(days=1)).strftime("%Y-%m-%dT08:00"),
    )


@router.post("/border/slots", dependencies=[page_for("border.slots")])
def book_slot(page: PageDep, posted: PostedForm) -> Response:
    actor = page.require_actor()
    start = _instant(str(posted.get("slot_start") or ""))
    try:
        service.book_slot(
            page.session,
            actor=actor,
            gate_code=str(posted.get("gate") or ""),
            lane=_whole(str(posted.get("lane") or "")),
            start=start or page.now() - timedelta(days=1),
            plate=str(posted.get("plate") or ""),
            at=page.now(),
        )
    except DomainError as error:
        page.session.rollback()
        return _slots(page, error=_message(page, error))
    return page.redirect("/border/slots?msg=bd_booked")


@router.post("/border/slots/{booking_id:int}/cancel", dependencies=[page_for("border.slots")])
def cancel_booking(booking_id: int, page: PageDep, posted: PostedForm) -> Response:
    actor = page.require_actor()
    try:
        service.cancel_booking(page.session, actor=actor, booking_id=booking_id, at=page.now())
    except DomainError as error:
        page.session.rollback()
        return _slots(page, error=_message(page, error))
    return page.redirect("/border/slots?msg=bd_cancelled")


@router.get("/border/passes/{code}")
def pass_page(code: str, page: PageDep) -> Response:
    outcome = service.gate_pass(page.session, code=code)
    url = str(page.request.base_url).rstrip("/") + f"/border/passes/{code}"
    return page.render("border/pass.html", outcome=outcome, qr=Markup(service.qr_svg(url)))


# ---------------------------------------------------------------------------- the study


@router.get("/border/release-study", dependencies=[page_for("border.release_study")])
def study_page(page: PageDep) -> Response:
    actor = page.require_actor()
    now = page.now()
    study = service.release_study(
        page.session, actor=actor, start=now - timedelta(days=31), end=now + timedelta(days=1)
    )
    agencies = {
        a.code: a.name_vi if page.lang == "vi" else a.name_en
        for a in permits.agencies(page.session)
    }
    return page.render(
        "border/study.html", study=study, agency_names=agencies, office_name=page.office_name
    )
