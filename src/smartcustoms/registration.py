"""Composition root of registration: which domains' steps run, in which order."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from smartcustoms.config import Settings
from smartcustoms.declarations.pipeline import RegistrationSetup, RegistrationStep
from smartcustoms.reference import service as reference
from smartcustoms.reference.rules import ReferenceCatalog


def catalog_for_declarations(session: Session) -> ReferenceCatalog:
    return reference.get_catalog(session)


def registration_steps(settings: Settings) -> list[RegistrationStep]:
    """Steps in order; tariff assessment, permits, risk selectivity and payment plug in here."""
    return []


def build_registration(settings: Settings) -> RegistrationSetup:
    return RegistrationSetup(
        catalog_provider=catalog_for_declarations,
        steps=registration_steps(settings),
        value_tolerance_percent=Decimal(settings.value_tolerance_percent),
    )
