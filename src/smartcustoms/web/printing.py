"""The declaration printed as a PDF like the official form, and the public page its QR code
opens (no sign-in: a bank, a carrier or a partner checks a printed declaration there).

A composition of the declarations (the declaration, its verification code), identity (the
enterprise, the declarant), tariff (the taxes) and risk (the channel) services; the layout
is `declarations.print_pdf`'s."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from smartcustoms import i18n
from smartcustoms.declarations import service as declarations
from smartcustoms.declarations.print_pdf import (
    PrintedDeclaration,
    PrintedItem,
    PrintedTax,
    render_declaration,
)
from smartcustoms.deps import IdInPath
from smartcustoms.identity import service as identity
from smartcustoms.kit.clock import customs_date
from smartcustoms.risk import service as risk
from smartcustoms.tariff import service as tariff
from smartcustoms.web.pages import Page, PageDep, page_for

router = APIRouter(include_in_schema=False)


def _words(page: Page) -> Any:
    return i18n.translator(page.renderer.catalog, page.lang)


def _joined(*parts: object) -> str:
    return " ".join(str(p) for p in parts if p not in (None, ""))


def printed(page: Page, declaration_id: int, *, verify_url: str) -> PrintedDeclaration:
    """The declaration's facts as printed in the page's language (numbers its way too)."""
    actor = page.require_actor()
    d = declarations.get_declaration(page.session, actor=actor, declaration_id=declaration_id)
    t, lang = _words(page), page.lang
    enterprise = identity.get_organisation(page.session, d.enterprise_id)
    declarant = identity.user_names(page.session, [d.created_by_id]).get(d.created_by_id, "")
    assessment = tariff.assessment_for(page.session, declaration_id=d.id)
    decision = risk.find_decision(page.session, actor=actor, declaration_id=d.id)
    # The assessment keeps each item's quote as stored: {"taxes": [{"tax", "base_vnd", …}]}.
    taxes = [
        PrintedTax(
            n,
            t(f"tax_{line['tax']}"),
            i18n.number(line["base_vnd"], lang),
            str(line["rate"]),
            i18n.number(line["amount_vnd"], lang),
        )
        for n, item in enumerate(assessment.items if assessment else [], start=1)
        for line in item.get("taxes", [])
    ]
    code = (
        declarations.declaration_code(page.services.signing_secret, d.number) if d.number else None
    )
    return PrintedDeclaration(
        direction=d.direction if d.direction in ("import", "export") else "import",
        number=d.number,
        version=d.version,
        status=t(f"status_{d.status}"),
        type_code=d.type_code or "",
        office=d.office_code or "",
        registered_at=i18n.moment(d.registered_at, lang) or "—",
        enterprise_name=enterprise.name,
        enterprise_tax_code=enterprise.tax_code or "",
        declarant=declarant,
        foreign_party=_joined(d.foreign_party_name, d.foreign_party_country),
        transport=_joined(d.transport_document, d.port_of_loading, "→", d.port_of_discharge),
        invoice=_joined(
            d.invoice_number,
            i18n.number(d.invoice_amount, lang),
            d.invoice_currency,
            d.incoterms,
        ),
        items=[
            PrintedItem(
                i.line_no,
                i.hs_code or "",
                i.description or "",
                i.origin_country or "",
                i18n.number(i.quantity, lang),
                i.unit or "",
                i18n.number(i.invoice_value, lang),
            )
            for i in d.items
        ],
        taxes=taxes,
        customs_value_vnd=i18n.number(assessment.customs_value_vnd, lang) if assessment else "",
        total_tax_vnd=i18n.number(assessment.total_vnd, lang) if assessment else "",
        channel=t(f"channel_{decision.channel}") if decision else "—",
        verification_url=verify_url.format(number=d.number, code=code) if code else None,
        verification_code=code,
    )


@router.get(
    "/declarations/{declaration_id}/print.pdf", dependencies=[page_for("declarations.read")]
)
def print_declaration(declaration_id: IdInPath, page: PageDep, request: Request) -> Response:
    """The declaration as a PDF in the page's language, for whoever sees it."""
    verify_url = str(request.url_for("verify_declaration", number="{number}", code="{code}"))
    facts = printed(page, declaration_id, verify_url=verify_url)
    name = f"to-khai-{facts.number or declaration_id}.pdf"
    return Response(
        render_declaration(facts, language=page.lang),
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )


@router.get("/verify/declarations/{number}/{code}", name="verify_declaration")
def verify_page(number: str, code: str, page: PageDep) -> Response:
    """A printed declaration's number, status and registration day if its code is genuine."""
    number, code = number.strip()[:20], code.strip()[:40]
    found = declarations.verify_declaration(
        page.session, number=number, code=code, secret=page.services.signing_secret
    )
    registered_on = customs_date(found.registered_at) if found and found.registered_at else None
    return page.render(
        "desk/verify.html",
        status=200 if found else 404,
        number=number,
        found=found,
        registered_on=registered_on,
    )
