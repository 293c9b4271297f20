"""The exchange formats without a database: round trips, safe parsing, placed errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from messages_support import assert_bilingual
from smartcustoms.declarations.schemas import DeclarationFiling
from smartcustoms.exchange import cusdec, wco
from smartcustoms.exchange.cusres import cusres
from smartcustoms.exchange.messages import ERRORS
from smartcustoms.exchange.rules import MessageRefused, RegistrationAnswer
from smartcustoms.reference.rules import ReferenceCatalog
from support import TEST_NOW, import_payload

FIXTURES = Path(__file__).parents[2] / "fixtures" / "exchange"
pytestmark = pytest.mark.filterwarnings("ignore::pydifact.exceptions.MissingImplementationWarning")


@pytest.mark.parametrize("code", sorted(ERRORS))
def test_every_text_of_the_exchange_is_written_in_both_languages(code: str) -> None:
    assert_bilingual(ERRORS[code])


def _content(data: dict[str, object]) -> object:
    return DeclarationFiling.model_validate(data).to_content()


code = st.text("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", min_size=1, max_size=2)
text = (
    st.text(
        st.characters(categories=("L", "N", "Zs", "P"), exclude_characters="\x85\xa0"),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)
amount = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)
item = st.fixed_dictionaries(
    {
        "hs_code": st.text("0123456789", min_size=8, max_size=8),
        "description": text,
        "origin_country": code,
        "quantity": amount,
        "unit": st.sampled_from(["H87", "KGM", "SET"]),
        "unit_price": amount,
    },
    optional={"invoice_value": amount, "net_weight": amount, "origin_proof": st.just("D")},
)
declaration = st.fixed_dictionaries(
    {
        "type_code": st.sampled_from(["A11", "B11"]),
        "office_code": st.sampled_from(["03CC", "02CI"]),
        "invoice_currency": st.sampled_from(["USD", "VND", "EUR"]),
        "invoice_amount": amount,
        "items": st.lists(item, min_size=1, max_size=4),
    },
    optional={
        "foreign_party_name": text,
        "foreign_party_address": text,
        "foreign_party_country": code,
        "transport_means": text,
        "arrival_date": st.dates(date(2020, 1, 1), date(2030, 1, 1)).map(str),
        "invoice_number": text,
        "freight": amount,
        "packages": st.integers(0, 10**6),
        "gross_weight": amount,
        "contract_number": text,
    },
)


@settings(max_examples=60, deadline=None)
@given(declaration, st.sampled_from(["import", "export"]))
def test_json_to_xml_to_json_gives_the_same_declaration(
    data: dict[str, object], direction: str
) -> None:
    filing = DeclarationFiling.model_validate(data).model_dump(mode="json")

    xml = wco.write(filing, direction=direction, declarant_tax_code="0101234565")
    back = wco.read(xml)

    assert _content(back.data) == _content(data)
    assert back.declarant_tax_code == "0101234565"


def test_a_schema_error_names_the_element_and_its_line() -> None:
    filing = DeclarationFiling.model_validate(import_payload()).model_dump(mode="json")
    xml = wco.write(filing).replace(b"<TypeCode>A11</TypeCode>", b"<TypeCode>A-11</TypeCode>")

    with pytest.raises(MessageRefused) as refused:
        wco.read(xml)

    (error,) = refused.value.errors
    assert error.path == "/Declaration/TypeCode"
    assert error.message_en.endswith("(line 3)")
    assert error.message_vi.endswith("(dòng 3)")


@pytest.mark.parametrize(
    "attack",
    [
        b'<!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><Declaration>&b;</Declaration>',
        b'<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Declaration>&x;</Declaration>',
        b'<!DOCTYPE d SYSTEM "http://127.0.0.1:9/d.dtd"><Declaration/>',
    ],
    ids=["entity_expansion", "external_entity", "external_dtd"],
)
def test_dtds_and_entities_are_refused_before_anything_is_read(attack: bytes) -> None:
    with pytest.raises(MessageRefused) as refused:
        wco.read(attack)

    assert [e.code for e in refused.value.errors] == ["xml_forbidden"]


def test_the_good_cusdec_reads_as_the_json_filing_of_the_same_import() -> None:
    message = cusdec.read((FIXTURES / "cusdec_import_2_items.edi").read_text(), ReferenceCatalog())

    assert message.declarant_tax_code == "0101234565"
    assert message.reference == "LRN-2026-0001"
    assert message.sender == "BROKERSOFT"
    expected = import_payload(foreign_party_address="Bao An District, Shenzhen")
    assert _content(message.data) == _content(expected)
    assert message.place_of("items[1].unit_price").path == "PRI[32]"


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_any_text_is_read_or_refused_with_a_place_never_an_exception(text: str) -> None:
    errors = []
    try:
        cusdec.read("UNB+UNOC:3+A+B+261120:0900+1'" + text, ReferenceCatalog())
    except MessageRefused as refused:
        errors = refused.errors
    assert all("[" in e.path and e.message_vi for e in errors)


def test_a_cusres_carries_the_number_the_channel_and_the_errors_in_both_languages() -> None:
    answer = RegistrationAnswer(7, "100123456789", "registered", "yellow")

    text = cusres(answer, recipient="BROKERSOFT", reference="LRN-1", control="C1", at=TEST_NOW)

    assert "BGM+962+100123456789+29'" in text
    assert "GIS+2:VNCH'" in text
    assert "UNB+UNOW:4+VNCUSTOMS:ZZZ+BROKERSOFT:ZZZ+20261120:0200+C1'" in text
    assert text.rstrip().endswith("UNZ+1+C1'")
