"""Risk use cases: the domain's public face. Routes, the CLI and other domains call
`service.X`; each use case lives in its own module, re-exported here:

- `access`: who may do what;
- `rule_admin`: officers' risk rules, their history and back-testing;
- `policy`: the selectivity policy;
- `standing`: trader profiles, priority (AEO) status, tax debts;
- `selection` (with `selection_cache`): the registration step that selects the channel;
- `decisions`: decisions as each actor may see them, and officers' worklists;
- `inspections`: recording an inspection's result;
- `clearance_checks`: the clearance condition "the channel's checks are done";
- `pre_arrival`: cargo reports scored before arrival (the border domain's);
- `late_facts`: facts after the decision (a manifest, an ACDD): channel raised or flagged.
"""

from __future__ import annotations

from smartcustoms.risk.access import may_see_enterprise, require_customs, require_supervisor
from smartcustoms.risk.clearance_checks import ChannelChecksDone
from smartcustoms.risk.decisions import (
    DecisionView,
    WorklistEntry,
    channels_of,
    decision_for,
    explained,
    find_decision,
    inspection_times_of,
    worklist,
)
from smartcustoms.risk.inspections import InspectionInput, record_inspection
from smartcustoms.risk.late_facts import (
    ACDD_TOPIC,
    LATE_FACT_TOPICS,
    MANIFEST_TOPIC,
    LateFacts,
    Outcome,
    Source,
    late_facts_handler,
    post_clearance_flags,
    reassess,
    reassessments_of,
)
from smartcustoms.risk.model_files import LoadedModels
from smartcustoms.risk.policy import current_policy, policy_for, set_policy
from smartcustoms.risk.pre_arrival import score_before_arrival
from smartcustoms.risk.rule_admin import (
    HISTORY_LIMIT,
    backtest_rule,
    create_rule,
    get_rule,
    list_rules,
    rule_history,
    rule_of,
    set_rule_active,
    update_rule,
)
from smartcustoms.risk.rules import (
    DISCREPANCIES_KEY,
    ChannelDecision,
    DeclarationFacts,
    ItemFacts,
    RuleInput,
    facts_from_json,
)
from smartcustoms.risk.selection import (
    ChannelSelectionStep,
    VndRate,
    build_facts,
    close_inspection_of_cancelled,
    decide,
    history_cap,
    store_decision,
)
from smartcustoms.risk.selection_cache import RiskCaches, SelectionInputs, forget_selection_inputs
from smartcustoms.risk.standing import (
    TraderStanding,
    add_owed_tax,
    priority_on,
    record_tax_debt,
    set_owed_tax,
    set_priority,
    settle_tax_debt,
    settlers,
    tax_debts,
    trader_profile,
)
from smartcustoms.risk.training import models_dir

__all__ = [
    "ACDD_TOPIC",
    "DISCREPANCIES_KEY",
    "HISTORY_LIMIT",
    "LATE_FACT_TOPICS",
    "MANIFEST_TOPIC",
    "ChannelChecksDone",
    "ChannelDecision",
    "ChannelSelectionStep",
    "DecisionView",
    "DeclarationFacts",
    "InspectionInput",
    "ItemFacts",
    "LateFacts",
    "LoadedModels",
    "Outcome",
    "RiskCaches",
    "RuleInput",
    "SelectionInputs",
    "Source",
    "TraderStanding",
    "VndRate",
    "WorklistEntry",
    "add_owed_tax",
    "backtest_rule",
    "build_facts",
    "channels_of",
    "close_inspection_of_cancelled",
    "create_rule",
    "current_policy",
    "decide",
    "decision_for",
    "explained",
    "facts_from_json",
    "find_decision",
    "forget_selection_inputs",
    "get_rule",
    "history_cap",
    "inspection_times_of",
    "late_facts_handler",
    "list_rules",
    "may_see_enterprise",
    "models_dir",
    "policy_for",
    "post_clearance_flags",
    "priority_on",
    "reassess",
    "reassessments_of",
    "record_inspection",
    "record_tax_debt",
    "require_customs",
    "require_supervisor",
    "rule_history",
    "rule_of",
    "score_before_arrival",
    "set_owed_tax",
    "set_policy",
    "set_priority",
    "set_rule_active",
    "settle_tax_debt",
    "settlers",
    "store_decision",
    "tax_debts",
    "trader_profile",
    "update_rule",
    "worklist",
]
