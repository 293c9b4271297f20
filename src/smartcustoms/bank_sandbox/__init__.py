"""The sandbox bank: a small bank of its own, so payments can be tried end to end.

It runs as its own service (`smartcustoms bank-sandbox`, its own port and database) and
behaves as a bank integration does: the platform initiates a payment through a signed
merchant API, the payer confirms it on the bank's page, the bank debits the payer, books a
credit to the State Treasury's collection account and tells the platform in an asynchronous
signed callback, retried until the platform answers; each day ends with an ISO 20022
camt.053 statement. Started with `--test-controls`, it can drop, duplicate, delay or reorder
its next callbacks, so the platform's tests can show it recovers from the statement.

It imports nothing from the platform's domains (import-linter holds that): only `kit`, `db`
and `iso20022`, the wire formats both sides share.
"""
