"""Selectivity rules: risk criteria, trader facts and the channel decision. Pure: no I/O.

One module per concern; everything is importable from here as well:
`channels` (channels, kinds of check), `facts` (what selectivity sees of a declaration),
`criteria` (officers' rules: matching, checking, back-testing), `standing` (tax debt, new
trader, priority, compliance), `policy` (target shares and thresholds) and `selection`
(`select_channel`, the decision and its reasons). Messages are in `risk.messages`.
"""

from smartcustoms.risk.rules.channels import (
    CHANNEL_VI,
    MAX_POINTS,
    Channel,
    InspectionKind,
    strictest,
)
from smartcustoms.risk.rules.criteria import (
    RiskRule,
    RuleCriteria,
    RuleInput,
    RuleTestResult,
    backtest,
    matches,
    validate_rule,
)
from smartcustoms.risk.rules.facts import (
    DISCREPANCIES_KEY,
    DeclarationFacts,
    ItemFacts,
    discrepancies_in,
    facts_from_json,
    facts_to_json,
)
from smartcustoms.risk.rules.policy import (
    SelectivityPolicy,
    Thresholds,
    quantile,
    random_draw,
    thresholds_for,
)
from smartcustoms.risk.rules.selection import (
    ChannelDecision,
    ModelScore,
    Reason,
    TopFeatures,
    select_channel,
)
from smartcustoms.risk.rules.standing import (
    OVERDUE_BLOCK_DAYS,
    ComplianceRecord,
    TaxDebtFacts,
    blocking_debts,
    is_new_trader,
    overdue_days,
    priority_in_force,
)

__all__ = [
    "CHANNEL_VI",
    "DISCREPANCIES_KEY",
    "MAX_POINTS",
    "OVERDUE_BLOCK_DAYS",
    "Channel",
    "ChannelDecision",
    "ComplianceRecord",
    "DeclarationFacts",
    "InspectionKind",
    "ItemFacts",
    "ModelScore",
    "Reason",
    "RiskRule",
    "RuleCriteria",
    "RuleInput",
    "RuleTestResult",
    "SelectivityPolicy",
    "TaxDebtFacts",
    "Thresholds",
    "TopFeatures",
    "backtest",
    "blocking_debts",
    "discrepancies_in",
    "facts_from_json",
    "facts_to_json",
    "is_new_trader",
    "matches",
    "overdue_days",
    "priority_in_force",
    "quantile",
    "random_draw",
    "select_channel",
    "strictest",
    "thresholds_for",
    "validate_rule",
]
