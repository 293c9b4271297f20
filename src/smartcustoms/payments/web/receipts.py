"""Receipts: the trade user's list and PDF downloads, and the public page that checks a
receipt by its verification code (no sign-in: a bank or a partner reads the QR code)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from smartcustoms.deps import IdInPath
from smartcustoms.payments import service
from smartcustoms.payments.web.common import enterprise_of, render
from smartcustoms.web.pages import PageDep, page_for

router = APIRouter(include_in_schema=False)


@router.get("/payments/receipts", dependencies=[page_for("payments.read")])
def receipts_page(page: PageDep, enterprise_id: str | None = None) -> Response:
    actor = page.require_actor()
    chosen, choices = enterprise_of(page, actor, enterprise_id)
    listed = service.receipts(page.session, actor=actor, enterprise_id=chosen)
    return render(
        page, "payments/receipts.html", enterprise_id=chosen, choices=choices, receipts=listed
    )


@router.get("/payments/receipts/{booking_id:int}.pdf", dependencies=[page_for("payments.read")])
def receipt_pdf(booking_id: IdInPath, page: PageDep, request: Request) -> Response:
    """The receipt as a PDF in the page's language (issued at the first download)."""
    actor = page.require_actor()
    name, pdf = service.receipt_pdf(
        page.session,
        actor=actor,
        booking_id=booking_id,
        secret=page.services.signing_secret,
        verification_url=str(
            request.url_for("verify_receipt_code", number="{number}", code="{code}")
        ),
        language=page.lang,
    )
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/receipts/verify")
def verify_form(page: PageDep, number: str | None = None, code: str | None = None) -> Response:
    return _verified(page, number, code)


@router.get("/receipts/verify/{number}/{code}", name="verify_receipt_code")
def verify_code(number: str, code: str, page: PageDep) -> Response:
    return _verified(page, number, code)


def _verified(page: PageDep, number: str | None, code: str | None) -> Response:
    """The receipt's facts if its number and code are genuine (404 otherwise)."""
    number, code = (number or "").strip()[:20], (code or "").strip()[:60]
    asked = bool(number and code)
    found = (
        service.verify_receipt(
            page.session, number=number, code=code, secret=page.services.signing_secret
        )
        if asked
        else None
    )
    status = 404 if asked and found is None else 200
    return render(
        page, "payments/verify.html", status=status, number=number, code=code, found=found
    )
