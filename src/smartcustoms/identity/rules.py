"""Roles, who may act for whom, and tax-code checks: plain Python."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.vn import mst

from smartcustoms.errors import PermissionDenied, ValidationFailed
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


class PaymentAccount(StrEnum):
    """Where a broker may pay an enterprise's duties from, under a delegation narrowed by
    account (the payments domain's sources: an enterprise has one account of each kind)."""

    BANK = "bank"  # online, through the bank
    CASH = "cash"  # the enterprise's cash (prepayment) account with customs
    DEFERMENT = "deferment"  # its deferment account
    GUARANTEE = "guarantee"  # its bank guarantees


# A declaration type (procedure) code as the declarations domain has them: A11, B11, E31 ...
PROCEDURE_CODE = re.compile(r"^[A-Z][A-Z0-9]{2}$")
MAX_PROCEDURES = 30


def parse_codes(raw: str) -> frozenset[str]:
    """Procedure codes or account names from their space-separated form (empty: all)."""
    return frozenset(word for word in raw.split() if word)


def format_codes(codes: frozenset[str]) -> str:
    return " ".join(sorted(codes))


def narrowing_problem(procedures: frozenset[str], accounts: frozenset[str]) -> str | None:
    """Why these procedure codes or accounts cannot narrow a delegation (a message key)."""
    if len(procedures) > MAX_PROCEDURES or any(not PROCEDURE_CODE.match(p) for p in procedures):
        return "delegation_procedure_invalid"
    if any(a not in set(PaymentAccount) for a in accounts):
        return "delegation_account_invalid"
    return None


# Per enterprise, the procedures (or accounts) a broker's delegations cover; an enterprise
# left out is not narrowed (all of them).
Narrowing = tuple[tuple[int, frozenset[str]], ...]


def _covered(narrowing: Narrowing, enterprise_id: int) -> frozenset[str] | None:
    for known, codes in narrowing:
        if known == enterprise_id:
            return codes
    return None


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
    # A broker's delegations narrowed to some procedures (declaration types) or payment
    # accounts, per enterprise: those left out are not narrowed.
    procedures: Narrowing = ()
    accounts: Narrowing = ()

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

    def procedures_for(self, enterprise_id: int) -> frozenset[str] | None:
        """The procedures this user may declare under for the enterprise (None: all)."""
        return _covered(self.procedures, enterprise_id)

    def accounts_for(self, enterprise_id: int) -> frozenset[str] | None:
        """The payment accounts this user may pay the enterprise's duties from (None: all)."""
        return _covered(self.accounts, enterprise_id)

    def tax_code_of(self, enterprise_id: int) -> str | None:
        """The tax code of an enterprise this user may declare for (None: not read)."""
        for known, tax_code in self.enterprise_tax_codes:
            if known == enterprise_id:
                return tax_code
        return None

    def may_see_office(self, office_code: str) -> bool:
        return self.role == Role.ADMIN or (self.is_customs and self.office_code == office_code)


class DelegationScopeMissing(PermissionDenied):
    """A broker's delegation does not cover this procedure or payment account."""

    code = "delegation_scope_missing"


def require_procedure(actor: Actor, enterprise_id: int, type_code: str | None) -> None:
    """Refuse a broker whose delegations from the enterprise do not cover this procedure
    (declaration type); a declaration without a type yet is checked when it gets one."""
    covered = actor.procedures_for(enterprise_id)
    if covered is None or type_code is None or type_code in covered:
        return
    en, vi = texts(
        "delegation_procedure_not_covered", procedure=type_code, covered=", ".join(sorted(covered))
    )
    raise DelegationScopeMissing(message_en=en, message_vi=vi)


def require_payment_account(actor: Actor, enterprise_id: int, account: str) -> None:
    """Refuse a broker whose delegations from the enterprise do not cover paying from this
    account (bank, cash, deferment or guarantee)."""
    covered = actor.accounts_for(enterprise_id)
    if covered is None or account in covered:
        return
    names = [texts(f"account_{a}") for a in sorted(covered)]
    asked = texts(f"account_{account}") if account in set(PaymentAccount) else (account, account)
    en = texts(
        "delegation_account_not_covered", account=asked[0], covered=", ".join(n[0] for n in names)
    )[0]
    vi = texts(
        "delegation_account_not_covered", account=asked[1], covered=", ".join(n[1] for n in names)
    )[1]
    raise DelegationScopeMissing(message_en=en, message_vi=vi)


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
