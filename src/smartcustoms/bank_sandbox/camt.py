"""What the bank's statements and notifications say, as ISO 20022 camt documents (plain data).

camt.053 is the day's statement of the treasury's collection account: its opening and closing
booked balances and one entry per credit. camt.054 notifies one credit as it is booked. Both
use the same entry, so a line reads the same wherever the platform meets it:

- `AcctSvcrRef` (entry and transaction): the bank's transaction id (`bank_txn_id`);
- `EndToEndId` and the unstructured remittance information: the platform's payment reference;
- the debtor: the payer's name, its MST as an organisation id of scheme `TXID` (tax
  identification number), and its account.

Pure: the service turns these into XML with `smartcustoms.iso20022.to_xml`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from smartcustoms.bank_sandbox.rules import BANK_BIC, CURRENCY
from smartcustoms.kit.clock import VIETNAM


@dataclass(frozen=True)
class Entry:
    """One credit to the collection account."""

    bank_txn_id: str
    reference: str
    amount_vnd: int
    booked_at: datetime
    payer_tax_code: str
    payer_name: str
    payer_account: str


@dataclass(frozen=True)
class AccountHeader:
    number: str
    name: str


@dataclass(frozen=True)
class DayStatement:
    statement_id: str
    sequence: int  # electronic sequence number: one per day since the account opened
    day: date
    account: AccountHeader
    opening_vnd: int
    entries: Sequence[Entry]
    created_at: datetime

    @property
    def closing_vnd(self) -> int:
        return self.opening_vnd + sum(entry.amount_vnd for entry in self.entries)


def _stamp(at: datetime) -> str:
    """An ISO date-time in Vietnam's offset, to the second, as the bank's clock shows it."""
    return at.astimezone(VIETNAM).replace(microsecond=0).isoformat()


def _amount(vnd: int) -> dict[str, Any]:
    return {"@Ccy": CURRENCY, "$": Decimal(vnd)}


def _account(account: AccountHeader) -> dict[str, Any]:
    return {
        "Id": {"Othr": {"Id": account.number}},
        "Ccy": CURRENCY,
        "Nm": account.name,
        "Svcr": {"FinInstnId": {"BICFI": BANK_BIC}},
    }


def _balance(code: str, vnd: int, day: date) -> dict[str, Any]:
    return {
        "Tp": {"CdOrPrtry": {"Cd": code}},
        "Amt": _amount(abs(vnd)),
        "CdtDbtInd": "CRDT" if vnd >= 0 else "DBIT",
        "Dt": {"Dt": day.isoformat()},
    }


def entry(item: Entry) -> dict[str, Any]:
    """One booked credit as a camt `Ntry` (ReportEntry10)."""
    return {
        "NtryRef": item.bank_txn_id,
        "Amt": _amount(item.amount_vnd),
        "CdtDbtInd": "CRDT",
        "Sts": {"Cd": "BOOK"},
        "BookgDt": {"DtTm": _stamp(item.booked_at)},
        "ValDt": {"Dt": item.booked_at.astimezone(VIETNAM).date().isoformat()},
        "AcctSvcrRef": item.bank_txn_id,
        # Payments, received credit transfer, domestic.
        "BkTxCd": {"Domn": {"Cd": "PMNT", "Fmly": {"Cd": "RCDT", "SubFmlyCd": "DMCT"}}},
        "NtryDtls": [
            {
                "TxDtls": [
                    {
                        "Refs": {"AcctSvcrRef": item.bank_txn_id, "EndToEndId": item.reference},
                        "Amt": _amount(item.amount_vnd),
                        "CdtDbtInd": "CRDT",
                        "RltdPties": {
                            "Dbtr": {
                                "Pty": {
                                    "Nm": item.payer_name[:140],
                                    "Id": {
                                        "OrgId": {
                                            "Othr": [
                                                {
                                                    "Id": item.payer_tax_code,
                                                    "SchmeNm": {"Cd": "TXID"},
                                                }
                                            ]
                                        }
                                    },
                                }
                            },
                            "DbtrAcct": {"Id": {"Othr": {"Id": item.payer_account}}},
                        },
                        "RmtInf": {"Ustrd": [item.reference]},
                    }
                ]
            }
        ],
    }


def statement_document(statement: DayStatement) -> dict[str, Any]:
    """The content of a camt.053.001.08 `Document` for one account and one day."""
    start = datetime.combine(statement.day, time(0), VIETNAM)
    credits = sum(item.amount_vnd for item in statement.entries)
    return {
        "BkToCstmrStmt": {
            "GrpHdr": {"MsgId": statement.statement_id, "CreDtTm": _stamp(statement.created_at)},
            "Stmt": [
                {
                    "Id": statement.statement_id,
                    "ElctrncSeqNb": Decimal(statement.sequence),
                    "LglSeqNb": Decimal(statement.sequence),
                    "CreDtTm": _stamp(statement.created_at),
                    "FrToDt": {
                        "FrDtTm": _stamp(start),
                        "ToDtTm": _stamp(start + timedelta(days=1) - timedelta(seconds=1)),
                    },
                    "Acct": _account(statement.account),
                    "Bal": [
                        _balance("OPBD", statement.opening_vnd, statement.day),
                        _balance("CLBD", statement.closing_vnd, statement.day),
                    ],
                    "TxsSummry": {
                        "TtlNtries": {
                            "NbOfNtries": str(len(statement.entries)),
                            "Sum": Decimal(credits),
                        },
                        "TtlCdtNtries": {
                            "NbOfNtries": str(len(statement.entries)),
                            "Sum": Decimal(credits),
                        },
                    },
                    # No entries: no Ntry at all (an empty one would break the schema).
                    **(
                        {"Ntry": [entry(item) for item in statement.entries]}
                        if statement.entries
                        else {}
                    ),
                }
            ],
        }
    }


def notification_document(
    item: Entry, *, account: AccountHeader, created_at: datetime
) -> dict[str, Any]:
    """The content of a camt.054.001.08 `Document` notifying one credit."""
    notification_id = f"NTF-{item.bank_txn_id}"[:35]
    return {
        "BkToCstmrDbtCdtNtfctn": {
            "GrpHdr": {"MsgId": notification_id, "CreDtTm": _stamp(created_at)},
            "Ntfctn": [
                {
                    "Id": notification_id,
                    "CreDtTm": _stamp(created_at),
                    "Acct": _account(account),
                    "Ntry": [entry(item)],
                }
            ],
        }
    }
