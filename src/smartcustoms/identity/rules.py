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
    GATE_SYSTEM = "gate_system"  # a machine: a gate's cameras and RFID readers
    # A single-window agency's own system (a machine client): it calls the API with a token
    # from its own credentials, as any user does, and opens no portal page of a person.
    AGENCY_SYSTEM = "agency_system"
    ADMIN = "admin"


class OrganisationKind(StrEnum):
    ENTERPRISE = "enterprise"
    CUSTOMS_OFFICE = "customs_office"
    AGENCY = "agency"


CUSTOMS_ROLES = frozenset({Role.OFFICER, Role.SUPERVISOR})
TRADE_ROLES = frozenset({Role.TRADER, Role.BROKER})


class Scope(StrEnum):
    """What a delegation or an API key lets its holder do for an enterprise."""

    VIEW = "view"  # see its declarations, documents and money
    DECLARE = "declare"  # file, amend and cancel its declarations, upload its documents
    PAY = "pay"  # pay its duties


ALL_SCOPES = frozenset(Scope)


def parse_scopes(raw: str) -> frozenset[Scope]:
    """Scopes from their space-separated form (unknown words left out); seeing comes with
    any of them, since declaring or paying for an enterprise shows its rows."""
    scopes = {Scope(word) for word in raw.split() if word in ALL_SCOPES}
    return frozenset(scopes | {Scope.VIEW}) if scopes else frozenset()


def format_scopes(scopes: frozenset[Scope]) -> str:
    return " ".join(sorted(scopes))


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
    # What the user may do for each of those enterprises: all for a trader's own; for a
    # broker, the scopes of the enterprise's delegations in force; for an API key, no more
    # than the key's scopes. None: every scope for every enterprise in enterprise_ids.
    grants: frozenset[tuple[int, Scope]] | None = None
    # Set when a machine signed in with an API key (its key id).
    api_key_id: str | None = None

    @property
    def is_customs(self) -> bool:
        return self.role in CUSTOMS_ROLES

    @property
    def is_trade(self) -> bool:
        return self.role in TRADE_ROLES

    def may_act_for(self, enterprise_id: int, scope: Scope) -> bool:
        """Whether this trade user may do `scope` for the enterprise."""
        if not self.is_trade or enterprise_id not in self.enterprise_ids:
            return False
        return self.grants is None or (enterprise_id, scope) in self.grants

    def may_declare_for(self, enterprise_id: int) -> bool:
        return self.may_act_for(enterprise_id, Scope.DECLARE)

    def may_view_for(self, enterprise_id: int) -> bool:
        return self.may_act_for(enterprise_id, Scope.VIEW)

    def may_pay_for(self, enterprise_id: int) -> bool:
        return self.may_act_for(enterprise_id, Scope.PAY)

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


# ---------------------------------------------------------------- delegations


@dataclass(frozen=True)
class DelegationTerms:
    """A delegation as its rules see it."""

    scopes: frozenset[Scope]
    valid_from: datetime
    valid_until: datetime | None
    revoked_at: datetime | None


def in_force(terms: DelegationTerms, at: datetime) -> bool:
    """Granted, not revoked, and `at` within its validity (the end excluded)."""
    if terms.revoked_at is not None and terms.revoked_at <= at:
        return False
    if at < terms.valid_from:
        return False
    return terms.valid_until is None or at < terms.valid_until


def delegation_problem(
    scopes: frozenset[Scope], valid_from: datetime, valid_until: datetime | None
) -> str | None:
    """Why these terms cannot be granted (a message key), or None."""
    if not scopes:
        return "delegation_no_scope"
    if valid_until is not None and valid_until <= valid_from:
        return "delegation_ends_before_start"
    return None
