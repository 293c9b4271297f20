"""camt.053 / camt.054 as the sandbox bank writes them and the platform's adapter reads them."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from smartcustoms import iso20022
from smartcustoms.adapters.camt import read_statement
from smartcustoms.bank_sandbox import camt
from smartcustoms.payments.gateway import BankFailure, StatementLine
from support import TEST_NOW

ACCOUNT = camt.AccountHeader("7111000000001", "Kho bạc Nhà nước - Tài khoản thu NSNN")
DAY = date(2026, 11, 20)


def entry(number: int, amount_vnd: int = 1_500_000) -> camt.Entry:
    return camt.Entry(
        bank_txn_id=f"SBX261120{number:012d}",
        reference=f"SC-PAY-{number:06d}",
        amount_vnd=amount_vnd,
        booked_at=TEST_NOW + timedelta(minutes=number),
        payer_tax_code="0101234565",
        payer_name="Công ty TNHH Thương mại Sông Hồng (demo)",
        payer_account="97040101234565",
    )


def statement(*entries: camt.Entry, opening: int = 7_000_000) -> camt.DayStatement:
    return camt.DayStatement(
        statement_id="S20261120-7111000000001",
        sequence=3,
        day=DAY,
        account=ACCOUNT,
        opening_vnd=opening,
        entries=entries,
        created_at=datetime(2026, 11, 20, 17, 0, tzinfo=UTC),  # 00:00 on the 21st in Hanoi
    )


def statement_xml(*entries: camt.Entry) -> bytes:
    return iso20022.to_xml(iso20022.CAMT053, camt.statement_document(statement(*entries)))


def test_the_statement_is_valid_against_the_official_camt_053_schema() -> None:
    xml = statement_xml(entry(1), entry(2, 250_000_000))
    # The text as sent, validated again (writing it validated the data it came from).
    iso20022.schema(iso20022.CAMT053).validate(xml.decode())
    assert iso20022.schema(iso20022.CAMT053).url.endswith("xsd/camt.053.001.08.xsd")
    assert b"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08" in xml
    assert "Kho bạc Nhà nước".encode() in xml


def test_the_adapter_reads_back_every_line_and_both_balances() -> None:
    read = read_statement(statement_xml(entry(1), entry(2, 250_000_000)), bank="sandbox")
    assert read.statement_id == "S20261120-7111000000001"
    assert read.on == DAY
    assert (read.opening_balance_vnd, read.closing_balance_vnd) == (7_000_000, 258_500_000)
    assert read.lines == [
        StatementLine(
            bank_txn_id="SBX261120000000000001",
            reference="SC-PAY-000001",
            amount_vnd=1_500_000,
            booked_at=TEST_NOW + timedelta(minutes=1),
            payer_tax_code="0101234565",
        ),
        StatementLine(
            bank_txn_id="SBX261120000000000002",
            reference="SC-PAY-000002",
            amount_vnd=250_000_000,
            booked_at=TEST_NOW + timedelta(minutes=2),
            payer_tax_code="0101234565",
        ),
    ]


def test_a_day_without_payments_is_a_valid_statement_with_equal_balances() -> None:
    read = read_statement(statement_xml(), bank="sandbox")
    assert read.lines == []
    assert read.opening_balance_vnd == read.closing_balance_vnd == 7_000_000


def test_a_notification_is_valid_against_the_official_camt_054_schema() -> None:
    document = camt.notification_document(entry(1), account=ACCOUNT, created_at=TEST_NOW)
    xml = iso20022.to_xml(iso20022.CAMT054, document)
    iso20022.schema(iso20022.CAMT054).validate(xml.decode())
    read = iso20022.from_xml(iso20022.CAMT054, xml)
    ntry = read["BkToCstmrDbtCdtNtfctn"]["Ntfctn"][0]["Ntry"][0]
    assert ntry["AcctSvcrRef"] == "SBX261120000000000001"


def test_writing_a_document_that_breaks_the_schema_fails_loudly() -> None:
    too_long = replace(entry(1), reference="R" * 36)  # EndToEndId is Max35Text
    with pytest.raises(ValueError, match="breaks its schema"):
        statement_xml(too_long)


def test_only_booked_credits_become_lines() -> None:
    xml = statement_xml(entry(1), entry(2), entry(3)).decode()
    first, second, _third = (f"SBX261120{n:012d}" for n in (1, 2, 3))
    # Turn the first into a debit and the second into a pending entry.
    xml = xml.replace(
        f'<NtryRef>{first}</NtryRef>\n                <Amt Ccy="VND">1500000</Amt>\n'
        "                <CdtDbtInd>CRDT</CdtDbtInd>",
        f'<NtryRef>{first}</NtryRef>\n                <Amt Ccy="VND">1500000</Amt>\n'
        "                <CdtDbtInd>DBIT</CdtDbtInd>",
    )
    xml = xml.replace(
        f'<NtryRef>{second}</NtryRef>\n                <Amt Ccy="VND">1500000</Amt>\n'
        "                <CdtDbtInd>CRDT</CdtDbtInd>\n                <Sts>\n"
        "                    <Cd>BOOK</Cd>",
        f'<NtryRef>{second}</NtryRef>\n                <Amt Ccy="VND">1500000</Amt>\n'
        "                <CdtDbtInd>CRDT</CdtDbtInd>\n                <Sts>\n"
        "                    <Cd>PDNG</Cd>",
    )
    # The closing balance: 7 000 000 opening, less the debit, plus the one booked credit.
    xml = xml.replace(">11500000<", ">7000000<")
    assert xml.count("DBIT") == 1
    assert xml.count("PDNG") == 1
    read = read_statement(xml.encode(), bank="sandbox")
    assert [line.bank_txn_id for line in read.lines] == ["SBX261120000000000003"]


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda x: x.replace('Ccy="VND">1500000<', 'Ccy="USD">1500000<', 1), "not in VND"),
        (lambda x: x.replace(">1500000<", ">1500000.5<"), "whole number"),
        (lambda x: x.replace(">8500000<", ">8600000<"), "do not make closing"),
        (lambda x: x.replace("camt.053.001.08", "camt.053.001.02"), "statement"),
        (
            lambda x: x.replace("<GrpHdr>", "<GrpHeader>").replace("</GrpHdr>", "</GrpHeader>"),
            "GrpHeader",
        ),
        (lambda x: x[: len(x) // 2], "syntax"),
        (
            lambda x: '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e "x">]>' + x.split("?>", 1)[1],
            "Entities",
        ),
        (lambda x: "PK\x03\x04 not XML at all", "not an XML document"),
    ],
    ids=[
        "other-currency",
        "fraction",
        "missing-entry",
        "other-version",
        "wrong-element",
        "cut",
        "entity",
        "zip",
    ],
)
def test_a_statement_the_adapter_cannot_trust_is_refused(change, complaint: str) -> None:
    xml = change(statement_xml(entry(1)).decode())
    with pytest.raises(BankFailure, match=complaint):
        read_statement(xml.encode(), bank="sandbox")
