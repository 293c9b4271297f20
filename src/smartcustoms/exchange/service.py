"""Exchange use cases: file a declaration sent as WCO XML or as a CUSDEC, export one as XML.

The formats are read by the pure `wco` and `edifact` modules; the declaration is filed
through the declarations service only (`file_and_submit`: registered, or rejected by a
registration step, in one write; invalid content writes nothing). Every error of the
declaration's own rules is placed back where the sender wrote the field: the XML element
and line, or the EDIFACT segment, position and line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from smartcustoms.db.inserts import InsertBatch
from smartcustoms.declarations import service as declarations
from smartcustoms.declarations.pipeline import RegistrationSetup
from smartcustoms.declarations.schemas import DeclarationFiling, DeclarationRead
from smartcustoms.errors import FieldError, ValidationFailed
from smartcustoms.exchange import cusdec, cusres, edifact, wco
from smartcustoms.exchange.messages import field_error
from smartcustoms.exchange.rules import MessageRefused, Place, RegistrationAnswer, placed, refused
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor, normalise_tax_code
from smartcustoms.problems import field_errors_from_pydantic
from smartcustoms.signatures import service as signatures

Placer = Callable[[str], Place]
Positioner = Callable[[FieldError, Place], FieldError]
# Adds the caller's rows (the answer kept under an Idempotency-Key) to the filing's one write,
# knowing the answer.
KeepAnswer = Callable[[RegistrationAnswer, InsertBatch], None]


def _enterprise(
    actor: Actor, tax_code: str | None, place: Place, kind: str, at_: Positioner
) -> int:
    if tax_code is not None:
        try:
            wanted = normalise_tax_code(tax_code)
        except ValidationFailed:
            wanted = None
        for enterprise_id, known in actor.enterprise_tax_codes:
            if wanted is not None and known == wanted:
                return enterprise_id
        problem = field_error(place.path, "enterprise_unknown", tax_code=tax_code)
    elif len(actor.enterprise_ids) == 1:
        return next(iter(actor.enterprise_ids))
    else:
        problem = field_error(place.path, "enterprise_not_named")
    raise refused(kind, [at_(problem, place)], [place])


def _replaced(
    errors: Sequence[FieldError], place_of: Placer, kind: str, at_: Positioner
) -> MessageRefused:
    places = [place_of(e.path) for e in errors]
    return refused(kind, [at_(e, p) for e, p in zip(errors, places, strict=True)], places)


def _file(
    session: Session,
    *,
    actor: Actor,
    data: dict[str, Any],
    enterprise_id: int,
    place_of: Placer,
    kind: str,
    at_: Positioner,
    setup: RegistrationSetup,
    at: datetime,
    before_write: KeepAnswer | None = None,
    signed: signatures.SignedFiling | None = None,
) -> RegistrationAnswer:
    try:
        filing = DeclarationFiling.model_validate(data)
    except ValidationError as error:
        raise _replaced(field_errors_from_pydantic(error.errors()), place_of, kind, at_) from error

    def keep(written: declarations.WrittenDeclaration, batch: InsertBatch) -> None:
        if signed is not None:
            row = written.declaration
            form = signatures.form_of_written(row.id, row.version, row.enterprise_id, row.content)
            signed.keep(batch, declaration_id=row.id, payload=form, actor=actor, at=at)
        if before_write is not None:
            before_write(_answer(written, place_of, at_), batch)

    try:
        written = declarations.file_and_submit(
            session,
            actor=actor,
            enterprise_id=enterprise_id,
            content=filing.to_content(),
            setup=setup,
            at=at,
            before_write=keep,
            signed=signed is not None,
        )
    except ValidationFailed as error:
        raise _replaced(error.errors, place_of, kind, at_) from error
    return _answer(written, place_of, at_)


def _answer(
    written: declarations.WrittenDeclaration, place_of: Placer, at_: Positioner
) -> RegistrationAnswer:
    row = written.declaration
    channel = next((o.summary.get("channel") for o in written.outcomes if o.step == "risk"), None)
    reasons = [
        at_(FieldError(r["path"], r["code"], r["message_en"], r["message_vi"]), place_of(r["path"]))
        for r in row.status_reasons
    ]
    return RegistrationAnswer(
        declaration_id=row.id,
        number=row.number,
        status=row.status,
        channel=str(channel) if channel else None,
        errors=tuple(reasons),
    )


def file_xml(
    session: Session,
    *,
    actor: Actor,
    xml: bytes,
    setup: RegistrationSetup,
    at: datetime,
    before_write: KeepAnswer | None = None,
    trusted: signatures.Trust | None = None,
) -> RegistrationAnswer:
    """File and submit the declaration a WCO XML document holds; MessageRefused (422) with
    every fault placed by element path and line if it cannot be filed.

    A document with an enveloped XAdES signature is filed as signed: the signature is
    checked first (`signatures.verify_signed_xml`, SignatureRefused 422 with its reason) and
    what it covers (the document without it) is what is read and filed."""
    signed = None
    if signatures.has_signature(xml):
        signed = signatures.verify_signed_xml(
            session,
            actor=actor,
            xml=xml,
            enterprise_of=lambda signed_xml: _declared_enterprise(
                actor, wco.read(signed_xml).declarant_tax_code
            ),
            trusted=trusted or signatures.Trust(()),
            at=at,
        )
        xml = signed.document
    document = wco.read(xml)
    declarant = (
        document.place_of("")
        if document.declarant_tax_code is None
        else Place("/Declaration/Declarant/ID", document.lines.get("/Declaration/Declarant/ID", 0))
    )
    enterprise_id = _enterprise(actor, document.declarant_tax_code, declarant, "xml", placed)
    return _file(
        session,
        actor=actor,
        data=document.data,
        enterprise_id=enterprise_id,
        place_of=document.place_of,
        kind="xml",
        at_=placed,
        setup=setup,
        at=at,
        before_write=before_write,
        signed=signed,
    )


def _declared_enterprise(actor: Actor, tax_code: str | None) -> int | None:
    """The enterprise a signed document names (or the trader's only one), if the actor may
    declare for it; the tax code check of the signature is against it."""
    if tax_code is None:
        return next(iter(actor.enterprise_ids)) if len(actor.enterprise_ids) == 1 else None
    try:
        wanted = normalise_tax_code(tax_code)
    except ValidationFailed:
        return None
    return next((e for e, known in actor.enterprise_tax_codes if known == wanted), None)


def export_xml(session: Session, *, actor: Actor, declaration_id: int) -> bytes:
    """A declaration the actor may see, as WCO XML (404 for one they may not)."""
    found = declarations.get_declaration(session, actor=actor, declaration_id=declaration_id)
    data = DeclarationRead.model_validate(found).model_dump(mode="json")
    enterprise = identity.get_organisation(session, found.enterprise_id)
    return wco.write(
        data,
        number=found.number,
        declarant_tax_code=enterprise.tax_code,
        direction=found.direction,
    )


def file_cusdec(
    session: Session,
    *,
    actor: Actor,
    text: str,
    setup: RegistrationSetup,
    at: datetime,
    control: str,
    before_write: Callable[[str, InsertBatch], None] | None = None,
) -> tuple[RegistrationAnswer, str]:
    """File and submit the declaration a CUSDEC holds; its CUSRES answer, with the errors
    when the declaration is refused by its rules (nothing stored) or rejected at
    registration. An interchange that cannot be read raises MessageRefused (no CUSRES: its
    sender is not known for sure); one that can be read is answered, refused or not."""
    segments, envelope = edifact.parse(text)  # unreadable: MessageRefused, no CUSRES
    reference = ""

    def answered(answer: RegistrationAnswer) -> str:
        recipient = edifact.sender_of(segments)
        return cusres.cusres(
            answer, recipient=recipient, reference=reference, control=control, at=at
        )

    def keep(answer: RegistrationAnswer, batch: InsertBatch) -> None:
        if before_write is not None:
            before_write(answered(answer), batch)

    try:
        message = cusdec.read_parsed(segments, envelope, setup.catalog_provider(session))
        reference = message.reference
        enterprise_id = _enterprise(
            actor, message.declarant_tax_code, message.place_of(""), "edifact", edifact.at
        )
        answer = _file(
            session,
            actor=actor,
            data=message.data,
            enterprise_id=enterprise_id,
            place_of=message.place_of,
            kind="edifact",
            at_=edifact.at,
            setup=setup,
            at=at,
            before_write=keep,
        )
    except MessageRefused as error:
        answer = RegistrationAnswer(None, None, "refused", None, tuple(error.errors))
    return answer, answered(answer)
