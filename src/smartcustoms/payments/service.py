"""Payments use cases, the domain's public face: routes and other domains call only these.

- `step`: the registration step (obligations from the tariff's taxes), amendments, and the
  cancellation hook;
- `debts`: what a declaration or an enterprise owes, overdue debt, `obligations_met`
  (clearance's condition);
- `accounts`: cash and deferment accounts and paying from them; `guarantees`; `authorities`
  (standing authorities);
- `online`: bank orders, the bank's notices, booking money once;
- `reconciliation`: the daily statement and the exceptions officers resolve;
- `receipts`: e-receipts (PDF) and their public verification;
- `figures`: the KPI dashboard's figures;
- `notifications`: "balance too low" and "duty due" notifications, their job and worker;
- `clearance_taxes`: clearance's condition "taxes paid or guaranteed".
"""

from __future__ import annotations

from smartcustoms.payments.accounts import (
    AccountsView,
    AccountView,
    account_entries,
    accounts,
    pay_from_account,
    set_deferment_limit,
    set_low_balance_warning,
)
from smartcustoms.payments.authorities import (
    enterprises_for,
    grant_authority,
    organisation_by_tax_code,
    organisation_names,
    revoke_authority,
)
from smartcustoms.payments.clearance_taxes import TaxesPaidOrGuaranteed
from smartcustoms.payments.debts import (
    BankPayment,
    DeclarationDues,
    ObligationView,
    OverdueDebt,
    declaration_dues,
    obligations_met,
    overdue_debts,
    paid_at,
    payments_of_declaration,
    what_is_owed,
)
from smartcustoms.payments.figures import PaymentFigures, payment_figures
from smartcustoms.payments.guarantees import cover_with_guarantee, record_guarantee
from smartcustoms.payments.ledger import TaxesMetHook
from smartcustoms.payments.notifications import (
    NotificationView,
    ReminderRun,
    Reminders,
    deliver,
    notifications_of,
    remind,
    run_reminders,
    store_notices,
)
from smartcustoms.payments.online import (
    CallbackRefused,
    NoticeOutcome,
    PaymentsSetup,
    Started,
    order_of,
    receive_notice,
    start_payment,
)
from smartcustoms.payments.receipts import (
    ReceiptEntry,
    VerifiedReceipt,
    receipt_pdf,
    receipts,
    verify_receipt,
)
from smartcustoms.payments.reconciliation import (
    Reconciled,
    exceptions,
    reconcile_statement,
    resolve_exception,
)
from smartcustoms.payments.rules.notices import TOPICS as _NOTICE_TOPICS
from smartcustoms.payments.step import ObligationStep, cancel_obligations

__all__ = [
    "NOTICE_TOPICS",
    "AccountView",
    "AccountsView",
    "BankPayment",
    "CallbackRefused",
    "DeclarationDues",
    "NoticeOutcome",
    "NotificationView",
    "ObligationStep",
    "ObligationView",
    "OverdueDebt",
    "PaymentFigures",
    "PaymentsSetup",
    "ReceiptEntry",
    "Reconciled",
    "ReminderRun",
    "Reminders",
    "Started",
    "TaxesMetHook",
    "TaxesPaidOrGuaranteed",
    "VerifiedReceipt",
    "account_entries",
    "accounts",
    "cancel_obligations",
    "cover_with_guarantee",
    "declaration_dues",
    "deliver",
    "enterprises_for",
    "exceptions",
    "grant_authority",
    "notifications_of",
    "obligations_met",
    "order_of",
    "organisation_by_tax_code",
    "organisation_names",
    "overdue_debts",
    "paid_at",
    "pay_from_account",
    "payment_figures",
    "payments_of_declaration",
    "receipt_pdf",
    "receipts",
    "receive_notice",
    "reconcile_statement",
    "record_guarantee",
    "remind",
    "resolve_exception",
    "revoke_authority",
    "run_reminders",
    "set_deferment_limit",
    "set_low_balance_warning",
    "start_payment",
    "store_notices",
    "verify_receipt",
    "what_is_owed",
]

# The outbox topics `store_notices` handles.
NOTICE_TOPICS = frozenset(_NOTICE_TOPICS.values())
