"""Reading a bank's ISO 20022 camt.053 statement into the gateway's `Statement`.

Any bank adapter that receives camt.053.001.08 can use it. What the platform needs of each
entry, and where camt keeps it (the usual places, as CBPR+ and the sandbox bank fill them):

- the bank's transaction id: the entry's `AcctSvcrRef`, else its transaction's;
- the platform's payment reference: the transaction's `EndToEndId`, else the first line of
  unstructured remittance information;
- the payer's MST: the debtor's organisation id of scheme `TXID`, else its first one.

Only booked credits become lines: a debit or a pending entry is no payment of duties. The
collection account is in dong, so an amount in another currency, or with a fraction of a
dong, makes the file unusable, as do balances that the booked entries do not add up to. The
document is checked against the schema before anything is read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from smartcustoms import iso20022
from smartcustoms.kit.clock import VIETNAM
from smartcustoms.payments.gateway import BankFailure, Statement, StatementLine


def _get(node: Any, *path: str | int) -> Any:
    """node[path[0]][path[1]]…, or None where a step is missing."""
    for step in path:
        if isinstance(step, int):
            if not isinstance(node, Sequence) or isinstance(node, str) or len(node) <= step:
                return None
        elif not isinstance(node, Mapping) or step not in node:
            return None
        node = node[step]
    return node


def _vnd(amount: Any, where: str) -> int:
    if _get(amount, "@Ccy") != "VND":
        raise BankFailure(f"statement: {where} is not in VND")
    value = _get(amount, "$")
    if not isinstance(value, Decimal) or value != value.to_integral_value():
        raise BankFailure(f"statement: {where} is not a whole number of dong")
    return int(value)


def _signed(balance_or_entry: Mapping[str, Any]) -> int:
    amount = _vnd(balance_or_entry.get("Amt"), "an amount")
    return -amount if balance_or_entry.get("CdtDbtInd") == "DBIT" else amount


def _instant(date_and_time: Any, where: str) -> datetime:
    """A camt DateAndDateTime2Choice: DtTm (with or without offset) or Dt (its start)."""
    text = _get(date_and_time, "DtTm")
    try:
        if isinstance(text, str):
            moment = datetime.fromisoformat(text)
            # camt allows a local time without offset: the bank's, in Vietnam.
            return moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM)
        day = _get(date_and_time, "Dt")
        if isinstance(day, str):
            return datetime.combine(date.fromisoformat(day), time(0), VIETNAM)
    except ValueError as error:
        raise BankFailure(f"statement: {where} has no valid date: {error}") from error
    raise BankFailure(f"statement: {where} has no date")


def _tax_code(transaction: Any) -> str:
    others = _get(transaction, "RltdPties", "Dbtr", "Pty", "Id", "OrgId", "Othr") or []
    for other in others:
        if _get(other, "SchmeNm", "Cd") == "TXID" and isinstance(other.get("Id"), str):
            return str(other["Id"])
    first = _get(others, 0, "Id")
    return first if isinstance(first, str) else ""


def _line(entry: Mapping[str, Any], number: int) -> StatementLine | None:
    if entry.get("CdtDbtInd") != "CRDT" or _get(entry, "Sts", "Cd") != "BOOK":
        return None
    transaction = _get(entry, "NtryDtls", 0, "TxDtls", 0)
    bank_txn_id = entry.get("AcctSvcrRef") or _get(transaction, "Refs", "AcctSvcrRef")
    reference = _get(transaction, "Refs", "EndToEndId") or _get(transaction, "RmtInf", "Ustrd", 0)
    if not isinstance(bank_txn_id, str) or not isinstance(reference, str):
        raise BankFailure(f"statement: entry {number} has no transaction id or reference")
    return StatementLine(
        bank_txn_id=bank_txn_id,
        reference=reference,
        amount_vnd=_vnd(entry.get("Amt"), f"entry {number}"),
        booked_at=_instant(entry.get("BookgDt"), f"entry {number}"),
        payer_tax_code=_tax_code(transaction),
    )


def read_statement(xml: bytes, *, bank: str, account: str | None = None) -> Statement:
    """The camt.053's statement (of `account`, when the file holds several); BankFailure
    if the file is not a valid camt.053.001.08 or lacks what a payment line needs."""
    try:
        document = iso20022.from_xml(iso20022.CAMT053, xml)
    except iso20022.MessageInvalid as invalid:
        raise BankFailure(f"statement: {invalid.detail}") from invalid
    statements = _get(document, "BkToCstmrStmt", "Stmt") or []
    chosen = [
        stmt
        for stmt in statements
        if account is None or _get(stmt, "Acct", "Id", "Othr", "Id") == account
    ]
    if len(chosen) != 1:
        raise BankFailure(f"statement: {len(chosen)} statements of the account, not one")
    stmt = chosen[0]
    balances = {_get(balance, "Tp", "CdOrPrtry", "Cd"): balance for balance in stmt["Bal"]}
    if "OPBD" not in balances or "CLBD" not in balances:
        raise BankFailure("statement: no opening or closing booked balance")
    day = _get(balances["CLBD"], "Dt", "Dt") or _get(stmt, "FrToDt", "FrDtTm")
    entries = stmt.get("Ntry") or []
    opening, closing = _signed(balances["OPBD"]), _signed(balances["CLBD"])
    # Every booked entry, credit or debit, moves the balance: if they do not add up, some
    # entry is missing from the file and matching it line by line would miss a payment.
    moved = sum(_signed(entry) for entry in entries if _get(entry, "Sts", "Cd") == "BOOK")
    if opening + moved != closing:
        raise BankFailure(
            f"statement: opening {opening} and booked entries {moved} do not make closing {closing}"
        )
    lines = [
        line
        for number, entry in enumerate(entries, start=1)
        if (line := _line(entry, number)) is not None
    ]
    return Statement(
        bank=bank,
        statement_id=str(stmt["Id"]),
        on=date.fromisoformat(str(day)[:10]),
        opening_balance_vnd=opening,
        closing_balance_vnd=closing,
        lines=lines,
    )
