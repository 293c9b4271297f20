"""Composition root of registration: which domains' steps run, in which order."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from smartcustoms.border import service as border
from smartcustoms.clearance import build_clearance
from smartcustoms.config import Settings
from smartcustoms.db import carried
from smartcustoms.declarations.clearance import ClearanceSetup
from smartcustoms.declarations.pipeline import RegistrationSetup, RegistrationStep
from smartcustoms.errors import DomainError
from smartcustoms.partners import service as partners
from smartcustoms.payments import service as payments
from smartcustoms.permits import service as permits
from smartcustoms.reference import service as reference
from smartcustoms.reference.rules import ReferenceCatalog
from smartcustoms.risk import service as risk
from smartcustoms.risk.training import models_dir
from smartcustoms.signatures import service as signatures
from smartcustoms.tariff import service as tariff


@dataclass(frozen=True)
class _Combined:
    catalog: ReferenceCatalog
    national_lines: frozenset[str]
    combined: ReferenceCatalog


class DeclarationCatalogs:
    """The catalogue declarations are checked against, as last combined in one app (made by
    `caches.AppCaches`, carried by its sessions).

    Reference code lists plus the national tariff lines in force: both parts are kept
    snapshots (`reference.catalogs`, `tariff.books`); their combination is kept (one) while
    both stay the same objects, so a registration does not copy the catalogue each time. It
    changes when either part is dropped and read again.
    """

    def __init__(self) -> None:
        self.last: _Combined | None = None

    def clear(self) -> None:
        self.last = None


def catalog_for_declarations(session: Session) -> ReferenceCatalog:
    """Reference code lists plus the national tariff lines in force."""
    kept = carried(session, DeclarationCatalogs)
    catalog, lines = reference.get_catalog(session), tariff.national_lines(session)
    last = kept.last
    if last is None or last.catalog is not catalog or last.national_lines is not lines:
        last = _Combined(catalog, lines, replace(catalog, national_lines=lines))
        kept.last = last
    return last.combined


def vnd_rate(session: Session, currency: str, on: date) -> Decimal | None:
    """The tariff's exchange rate of the day, for risk rules on value per unit in VND."""
    try:
        return tariff.get_book(session).exchange_rate(currency, on).rate_vnd
    except DomainError:
        return None


def registration_steps(settings: Settings) -> list[RegistrationStep]:
    """Steps in order; payments turns the tariff's taxes into obligations (it reads the
    tariff step's outcome), permits (licences and specialised inspections: the single
    window) and risk selectivity plug in after the tariff."""
    return [
        # First: a declaration of a type that must be signed goes no further unsigned.
        signatures.SignatureRequiredStep(required=signatures.required_types(settings)),
        tariff.TaxAssessmentStep(non_mfn_origins=frozenset(settings.non_mfn_origins.split())),
        payments.ObligationStep(),
        # Before risk: the discrepancies with the cargo report are facts for selectivity.
        border.ManifestLinkStep(),
        # Before risk: an ACDD received before the import, its discrepancies facts too.
        partners.AcddMatchStep(),
        permits.PermitCheckStep(),
        risk.ChannelSelectionStep(models_dir=models_dir(settings.var_dir), vnd_rate=vnd_rate),
    ]


def _close_inspection(session: Session, declaration_id: int, _at: datetime) -> None:
    risk.close_inspection_of_cancelled(session, declaration_id)


def build_registration(
    settings: Settings, *, clearance: ClearanceSetup | None = None
) -> RegistrationSetup:
    """The registration setup; a declaration is cleared as it registers when the clearance
    conditions (`clearance.py`'s, unless others are given) are met then."""
    return RegistrationSetup(
        catalog_provider=catalog_for_declarations,
        steps=registration_steps(settings),
        value_tolerance_percent=Decimal(settings.value_tolerance_percent),
        on_cancel=(_close_inspection, payments.cancel_obligations, permits.give_back_licences),
        clearance=clearance if clearance is not None else build_clearance(settings),
    )
