"""Payments: obligations, accounts and guarantees, bank payments, reconciliation, e-receipts."""
