"""Composition root of clearance: the conditions a declaration's goods are released on.

Each condition is another domain's (`declarations.clearance` says what one is): the risk
domain's channel checks, the single window's "licences and inspection results in hand" and
the payments domain's "taxes paid or guaranteed".
"""

from __future__ import annotations

from smartcustoms.config import Settings
from smartcustoms.declarations.clearance import ClearanceCondition, ClearanceSetup
from smartcustoms.payments import service as payments
from smartcustoms.permits import service as permits
from smartcustoms.risk import service as risk


def clearance_conditions(_settings: Settings) -> list[ClearanceCondition]:
    """In the order the declaration's page shows them."""
    return [risk.ChannelChecksDone(), permits.LicencesInHand(), payments.TaxesPaidOrGuaranteed()]


def build_clearance(settings: Settings) -> ClearanceSetup:
    return ClearanceSetup(conditions=clearance_conditions(settings))
