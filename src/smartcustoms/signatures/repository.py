"""Every query of the signatures domain."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from smartcustoms.db.inserts import InsertBatch
from smartcustoms.signatures.models import DeclarationSignature, SigningCertificate


def certificate_by_fingerprint(session: Session, fingerprint: str) -> SigningCertificate | None:
    query = select(SigningCertificate).where(SigningCertificate.fingerprint == fingerprint)
    return session.scalars(query).one_or_none()


def certificate(session: Session, certificate_id: int) -> SigningCertificate | None:
    return session.get(SigningCertificate, certificate_id)


def certificates_of(session: Session, organisation_id: int) -> list[SigningCertificate]:
    query = (
        select(SigningCertificate)
        .where(SigningCertificate.organisation_id == organisation_id)
        .order_by(SigningCertificate.id)
    )
    return list(session.scalars(query))


def signatures_of(session: Session, declaration_id: int) -> list[DeclarationSignature]:
    query = (
        select(DeclarationSignature)
        .where(DeclarationSignature.declaration_id == declaration_id)
        .order_by(DeclarationSignature.id)
    )
    return list(session.scalars(query))


def certificates_by_id(session: Session, ids: list[int]) -> dict[int, SigningCertificate]:
    if not ids:
        return {}
    query = select(SigningCertificate).where(SigningCertificate.id.in_(ids))
    return {c.id: c for c in session.scalars(query)}


def add_signature(batch: InsertBatch, values: dict[str, Any]) -> None:
    """A signature written with the filing it came with (one statement)."""
    table = DeclarationSignature.__table__
    batch.add(table, [{**values, "id": batch.new_id(table)}])  # type: ignore[arg-type]
