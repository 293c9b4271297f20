"""e-C/O (ATIGA e-Form D): received signed from the exporting country, checked (its fields,
its status), and used by an import declaration as proof of origin: it goes into the
declaration's dossier as a certificate of origin (documents and declarations' services),
where the tariff's FTA check finds it, once the exporter, the importer and the quantities
left are checked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from sqlalchemy.orm import Session

from smartcustoms.adapters.storage import BlobStorage
from smartcustoms.declarations import service as declarations
from smartcustoms.documents import service as documents
from smartcustoms.documents.rules import DocumentType
from smartcustoms.errors import NotFound, RuleViolated
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor
from smartcustoms.partners import repository
from smartcustoms.partners.messages import error
from smartcustoms.partners.models import PartnerMessage
from smartcustoms.partners.rules import (
    MessageRefused,
    certified,
    eco_problem,
    overuse,
    plain,
    same_party,
    totals_by_hs,
)
from smartcustoms.reference import service as reference_data


class CertificateRefused(RuleViolated):
    """An e-C/O that may not be used by this declaration."""

    code = "certificate_refused"
    title = "Certificate of origin refused"


def check_received(session: Session, message: PartnerMessage, at: datetime) -> None:
    """An e-C/O received: refused (nothing stored) unless complete and issued or cancelled;
    kept under its reference number; a cancellation makes the certificate unusable."""
    body = message.envelope["body"]
    problem = eco_problem(body)
    if problem is not None:
        refused = error(MessageRefused, problem)
        refused.details["reason"] = problem
        raise refused
    message.reference = str(body["reference_number"])[:50]
    if body["status"] == "cancelled":
        message.state = "cancelled"


@dataclass(frozen=True)
class CertificateUsed:
    certificate: PartnerMessage
    document_id: int
    quantities: dict[str, Decimal]


def use_certificate(
    session: Session,
    *,
    actor: Actor,
    storage: BlobStorage,
    declaration_id: int,
    country: str,
    reference: str,
    size_limit: int,
    at: datetime,
) -> CertificateUsed:
    """Claim a received e-C/O for a draft import declaration: the certificate must be issued
    and not cancelled, name the declaration's exporter (and importer, if it names one), and
    have the declared quantities left; it is then put in the declaration's dossier."""
    declaration = declarations.get_declaration(session, actor=actor, declaration_id=declaration_id)
    kind = reference_data.get_catalog(session).declaration_types.get(declaration.type_code or "")
    if (declaration.direction or (kind.direction if kind else None)) != "import":
        raise error(CertificateRefused, "eco_not_an_import", declaration=declaration_id)
    country = country.strip().upper()
    found = repository.certificates(session, country=country, reference=reference)
    issued = [m for m in found if m.state != "cancelled"]
    if not issued:
        raise error(NotFound, "eco_not_found", reference=reference, country=country)
    if len(issued) != len(found):
        raise error(CertificateRefused, "eco_cancelled", reference=reference)
    certificate = repository.lock(session, issued[0].id)
    assert certificate is not None
    body = certificate.envelope["body"]
    if not same_party(body["exporter_name"], declaration.foreign_party_name):
        raise error(
            CertificateRefused, "eco_other_exporter", reference=reference,
            exporter=body["exporter_name"],
        )  # fmt: skip
    importer = body.get("importer_tax_code")
    ours = identity.get_organisation(session, declaration.enterprise_id).tax_code
    if importer and importer != ours:
        raise error(CertificateRefused, "eco_other_importer", reference=reference)
    on_certificate = certified(body)
    declared = totals_by_hs(
        [{"hs_code": i.hs_code, "quantity": i.quantity} for i in declaration.items], "quantity"
    )
    wanted = {hs: q for hs, q in declared.items() if hs in on_certificate}
    if not wanted:
        raise error(CertificateRefused, "eco_goods_not_covered", reference=reference)
    used = repository.used_by_others(
        session, certificate_id=certificate.id, declaration_id=declaration.id
    )
    beyond = overuse(on_certificate, used, wanted)
    if beyond is not None:
        raise error(
            CertificateRefused,
            "eco_quantity_exceeded",
            reference=reference,
            hs_code=beyond.hs_code,
            certified=plain(beyond.certified),
            left=beyond.left,
            wanted=plain(beyond.wanted),
        )
    repository.replace_uses(
        session, certificate_id=certificate.id, declaration_id=declaration.id, wanted=wanted, at=at
    )
    uploaded = documents.upload_document(
        session,
        storage,
        actor=actor,
        enterprise_id=declaration.enterprise_id,
        filename=f"e-CO-{reference}.xml",
        data=as_xml(certificate),
        doc_type=DocumentType.CERTIFICATE_OF_ORIGIN,
        reference=reference,
        issued_on=_date(body["issued_on"]),
        size_limit=size_limit,
        at=at,
    )
    declarations.attach_documents(
        session,
        actor=actor,
        declaration_id=declaration.id,
        document_ids=(uploaded.document.id,),
        at=at,
    )
    return CertificateUsed(certificate, uploaded.document.id, wanted)


def as_xml(certificate: PartnerMessage) -> bytes:
    """The certificate as the dossier keeps it: the signed envelope, as received."""
    envelope = json.dumps(certificate.envelope, ensure_ascii=False, sort_keys=True)
    form = quoteattr(str(certificate.envelope["body"]["form"]))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<ElectronicCertificateOfOrigin form={form}"
        f" sender={quoteattr(certificate.country)} messageId={quoteattr(certificate.message_id)}>"
        f"<Envelope>{escape(envelope)}</Envelope>"
        f"<Signature>{escape(certificate.signature)}</Signature>"
        "</ElectronicCertificateOfOrigin>\n"
    ).encode()


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
