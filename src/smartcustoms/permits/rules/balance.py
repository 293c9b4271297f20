"""A licence's quantity balance, drawn down by the declarations it clears; a licence for
the wrong line, party or date clears nothing. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from smartcustoms.errors import RuleViolated
from smartcustoms.permits.messages import error


class BalanceExceeded(RuleViolated):
    code = "balance_exceeded"


class LicenceNotApplicable(RuleViolated):
    code = "licence_not_applicable"


E4 = Decimal("0.0001")


def to_e4(quantity: Decimal) -> int:
    """A quantity in ten-thousandths of its unit (how a balance is kept and drawn)."""
    return int((quantity / E4).to_integral_value(rounding=ROUND_HALF_UP))


def from_e4(amount: int) -> Decimal:
    """Back to a quantity, without trailing zeros (10, 2.5), never in exponent form."""
    quantity = Decimal(amount).scaleb(-4)
    if quantity == quantity.to_integral_value():
        return quantity.quantize(Decimal(1))
    return quantity.normalize()


@dataclass(frozen=True)
class Licence:
    """A granted application as a declaration's item is matched against it."""

    id: int
    number: str
    enterprise_id: int
    procedure: str
    hs_code: str
    unit: str
    valid_from: date
    valid_until: date
    balance: Decimal


@dataclass(frozen=True)
class Need:
    """What one goods line asks of a licence."""

    enterprise_id: int
    procedure: str
    hs_code: str
    unit: str
    quantity: Decimal


def why_not(licence: Licence, need: Need, *, on: date) -> str | None:
    """The reason code this licence cannot clear the line, or None if it can."""
    if licence.enterprise_id != need.enterprise_id:
        return "licence_other_party"
    if licence.procedure != need.procedure:
        return "licence_other_procedure"
    if licence.hs_code != need.hs_code:
        return "licence_other_line"
    if not licence.valid_from <= on <= licence.valid_until:
        return "licence_not_valid_on"
    if licence.unit != need.unit:
        return "licence_other_unit"
    if licence.balance < need.quantity:
        return "balance_exceeded"
    return None


def check_draw(licence: Licence, need: Need, *, on: date) -> Decimal:
    """The balance left after the line draws its quantity, or a typed error."""
    reason = why_not(licence, need, on=on)
    if reason == "balance_exceeded":
        raise error(
            BalanceExceeded,
            reason,
            number=licence.number,
            balance=licence.balance,
            quantity=need.quantity,
        )
    if reason is not None:
        raise error(LicenceNotApplicable, reason, number=licence.number)
    return licence.balance - need.quantity


def best_licence(licences: list[Licence], need: Need, *, on: date) -> Licence | None:
    """The licence a line attaches to by itself: of those that can clear it, the one that
    expires first (its balance would be lost first), then the lowest id."""
    usable = [lic for lic in licences if why_not(lic, need, on=on) is None]
    return min(usable, key=lambda lic: (lic.valid_until, lic.id), default=None)
