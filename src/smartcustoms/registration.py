"""Composition root of registration: which domains' steps run, in which order."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from sqlalchemy.orm import Session

from smartcustoms.config import Settings
from smartcustoms.declarations.pipeline import RegistrationSetup, RegistrationStep
from smartcustoms.reference import service as reference
from smartcustoms.reference.rules import ReferenceCatalog
from smartcustoms.tariff import service as tariff


def catalog_for_declarations(session: Session) -> ReferenceCatalog:
    """Reference code lists plus the national tariff lines in force."""
    return replace(reference.get_catalog(session), national_lines=tariff.national_lines(session))


def registration_steps(settings: Settings) -> list[RegistrationStep]:
    """Steps in order; permits, risk selectivity and payment plug in after the tariff."""
    return [
        tariff.TaxAssessmentStep(non_mfn_origins=frozenset(settings.non_mfn_origins.split())),
    ]


def build_registration(settings: Settings) -> RegistrationSetup:
    return RegistrationSetup(
        catalog_provider=catalog_for_declarations,
        steps=registration_steps(settings),
        value_tolerance_percent=Decimal(settings.value_tolerance_percent),
    )
