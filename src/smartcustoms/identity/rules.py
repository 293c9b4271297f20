"""Roles, who may act for whom, and tax-code checks: plain Python."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.vn import mst

from smartcustoms.errors import ValidationFailed
from smartcustoms.identity.messages import field_error, texts


class Role(StrEnum):
    TRADER = "trader"
    BROKER = "broker"
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    AGENCY_OFFICER = "agency_officer"
    ADMIN = "admin"


class OrganisationKind(StrEnum):
    ENTERPRISE = "enterprise"
    CUSTOMS_OFFICE = "customs_office"
    AGENCY = "agency"


CUSTOMS_ROLES = frozenset({Role.OFFICER, Role.SUPERVISOR})
TRADE_ROLES = frozenset({Role.TRADER, Role.BROKER})


@dataclass(frozen=True)
class Actor:
    """The signed-in user as the services see it."""

    user_id: int
    username: str
    role: Role
    organisation_id: int | None
    office_code: str | None = None
    # Enterprises this user may declare for: their own, plus a broker's mandates.
    enterprise_ids: frozenset[int] = frozenset()
    # Their tax codes (MST), read with the user: registration passes the declaring
    # enterprise's on to the other domains' steps, so none of them reads identity's tables.
    enterprise_tax_codes: tuple[tuple[int, str], ...] = ()

    @property
    def is_customs(self) -> bool:
        return self.role in CUSTOMS_ROLES

    @property
    def is_trade(self) -> bool:
        return self.role in TRADE_ROLES

    def may_declare_for(self, enterprise_id: int) -> bool:
        return self.is_trade and enterprise_id in self.enterprise_ids

    def tax_code_of(self, enterprise_id: int) -> str | None:
        """The tax code of an enterprise this user may declare for (None: not read)."""
        for known, tax_code in self.enterprise_tax_codes:
            if known == enterprise_id:
                return tax_code
        return None

    def may_see_office(self, office_code: str) -> bool:
        return self.role == Role.ADMIN or (self.is_customs and self.office_code == office_code)


def normalise_tax_code(raw: str) -> str:
    """Return the compact MST (10 digits, or 13 with a branch suffix) or raise."""
    try:
        return str(mst.validate(raw))
    except StdnumValidationError as exc:
        en, vi = texts("invalid_tax_code.summary", raw=raw)
        wrong = field_error("tax_code", "invalid_tax_code", raw=raw, reason=exc)
        raise ValidationFailed(message_en=en, message_vi=vi, errors=[wrong]) from exc


@dataclass(frozen=True)
class SignInLimits:
    """How many failed sign-ins, within `window`, lock an account or a client address out:
    each stays refused until its oldest counted failure leaves the window."""

    window: timedelta = timedelta(minutes=15)
    per_account: int = 5
    per_address: int = 20


def locked_until(nth_latest_failure: datetime | None, window: timedelta) -> datetime | None:
    """The end of a lockout, given the failure that reached the limit (the limit-th latest
    one, if there are that many): the moment it leaves the window."""
    return None if nth_latest_failure is None else nth_latest_failure + window


def seconds_until(end: datetime, at: datetime) -> int:
    """Whole seconds to wait, rounded up (a Retry-After is never 0 while still refused)."""
    return max(1, math.ceil((end - at).total_seconds()))
