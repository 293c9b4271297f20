"""Submission rules, in isolation: no database, no web framework."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from smartcustoms.declarations.content import DeclarationContent, ItemContent
from smartcustoms.declarations.rules import (
    check_digit,
    declaration_number,
    is_valid_number,
    validate_for_submission,
)
from smartcustoms.reference.rules import DeclarationTypeInfo, ReferenceCatalog

TODAY = date(2026, 11, 23)
CATALOG = ReferenceCatalog(
    hs6=frozenset({"851713", "610910"}),
    countries=frozenset({"CN", "VN", "JP"}),
    currencies=frozenset({"USD", "VND"}),
    units=frozenset({"C62", "KGM"}),
    locations=frozenset({"VNHPH", "CNSZX"}),
    offices=frozenset({"03CC"}),
    incoterms=frozenset({"FOB", "CIF"}),
    transport_modes=frozenset({"1", "4"}),
    declaration_types={
        "A11": DeclarationTypeInfo(
            "A11", "import", "Import", "Nhập", frozenset({"arrival_date", "transport_document"})
        ),
        "B11": DeclarationTypeInfo("B11", "export", "Export", "Xuất", frozenset()),
    },
)
PHONES = ItemContent(
    hs_code="85171300",
    description="Phones",
    origin_country="CN",
    quantity=Decimal(50),
    unit="C62",
    unit_price=Decimal(200),
    invoice_value=Decimal(10000),
)
VALID = DeclarationContent(
    type_code="A11",
    office_code="03CC",
    arrival_date=date(2026, 11, 20),
    transport_document="BL-1",
    invoice_date=date(2026, 11, 10),
    invoice_currency="USD",
    invoice_amount=Decimal(10000),
    incoterms="FOB",
    port_of_discharge="VNHPH",
    items=(PHONES,),
)


def errors_of(content: DeclarationContent, tolerance: str = "1") -> dict[str, str]:
    found = validate_for_submission(
        content, CATALOG, today=TODAY, value_tolerance_percent=Decimal(tolerance)
    )
    return {e.path: e.code for e in found}


def test_a_complete_declaration_has_no_errors() -> None:
    assert errors_of(VALID) == {}


def test_fields_required_by_the_type_are_reported_by_name() -> None:
    assert errors_of(replace(VALID, arrival_date=None, transport_document=None)) == {
        "arrival_date": "required_by_type",
        "transport_document": "required_by_type",
    }


def test_an_unknown_type_code_is_named() -> None:
    assert errors_of(replace(VALID, type_code="Z99"))["type_code"] == "unknown_declaration_type"


def test_unknown_codes_are_all_reported_together() -> None:
    content = replace(
        VALID,
        office_code="00XX",
        incoterms="ABC",
        port_of_discharge="ZZZZZ",
        invoice_currency="EUR",
        transport_mode="7",
    )
    assert errors_of(content) == {
        "office_code": "unknown_customs_office",
        "incoterms": "unknown_Incoterms_rule",
        "port_of_discharge": "unknown_port",
        "invoice_currency": "unknown_currency",
        "transport_mode": "unknown_transport_mode",
    }


def test_hs_code_must_be_a_national_line_under_a_known_hs6() -> None:
    six_digits = replace(PHONES, hs_code="851713")
    unknown = replace(PHONES, hs_code="01019999")
    result = errors_of(replace(VALID, items=(six_digits, unknown), invoice_amount=Decimal(20000)))
    assert result == {"items[0].hs_code": "hs_not_national", "items[1].hs_code": "unknown_hs_code"}


def test_once_national_lines_exist_only_those_are_accepted() -> None:
    national = replace(CATALOG, national_lines=frozenset({"85171300"}))
    other_line = replace(PHONES, hs_code="85171390")
    found = validate_for_submission(
        replace(VALID, items=(other_line,)),
        national,
        today=TODAY,
        value_tolerance_percent=Decimal(1),
    )
    assert [e.code for e in found] == ["unknown_hs_code"]


def test_items_must_add_up_to_the_invoice_within_the_tolerance() -> None:
    assert errors_of(replace(VALID, invoice_amount=Decimal("10099"))) == {}
    assert errors_of(replace(VALID, invoice_amount=Decimal("10102")))["invoice_amount"] == (
        "items_do_not_add_up"
    )


def test_an_item_value_that_is_not_quantity_times_price_is_flagged() -> None:
    wrong = replace(PHONES, invoice_value=Decimal(9000))
    result = errors_of(replace(VALID, items=(wrong,), invoice_amount=Decimal(9000)))
    assert result == {"items[0].invoice_value": "item_value_mismatch"}


def test_impossible_dates_are_refused() -> None:
    content = replace(
        VALID,
        invoice_date=date(2026, 12, 1),
        arrival_date=date(2027, 3, 1),
        departure_date=date(2027, 3, 5),
    )
    assert errors_of(content) == {
        "invoice_date": "date_in_future",
        "arrival_date": "arrival_before_departure",
        "departure_date": "date_too_far_ahead",
    }


def test_more_than_fifty_items_is_refused() -> None:
    many = replace(VALID, items=(PHONES,) * 51, invoice_amount=Decimal(510000))
    assert errors_of(many)["items"] == "too_many_items"


def test_a_declaration_with_no_items_is_refused() -> None:
    assert errors_of(replace(VALID, items=()))["items"] == "no_items"


def test_every_error_has_a_vietnamese_and_english_message() -> None:
    found = validate_for_submission(
        DeclarationContent(items=(ItemContent(),)),
        CATALOG,
        today=TODAY,
        value_tolerance_percent=Decimal(1),
    )
    assert found
    assert all(e.message_en and e.message_vi and e.message_en != e.message_vi for e in found)


def test_declaration_numbers_have_twelve_digits_and_a_check_digit() -> None:
    number = declaration_number(direction="import", sequence=42)
    assert number == "10000000042" + check_digit("10000000042")
    assert len(number) == 12
    assert is_valid_number(number)
    assert declaration_number(direction="export", sequence=1).startswith("3")
    mistyped = number[:5] + str((int(number[5]) + 1) % 10) + number[6:]
    assert not is_valid_number(mistyped)


codes = st.one_of(st.none(), st.text(max_size=6), st.sampled_from(["CN", "USD", "03CC", "A11"]))
decimals = st.one_of(
    st.none(),
    st.decimals(
        min_value=-(10**6), max_value=10**9, places=4, allow_nan=False, allow_infinity=False
    ),
)
dates = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)))
items = st.builds(
    ItemContent,
    hs_code=codes,
    description=st.one_of(st.none(), st.text()),
    origin_country=codes,
    quantity=decimals,
    unit=codes,
    unit_price=decimals,
    invoice_value=decimals,
    net_weight=decimals,
)
contents = st.builds(
    DeclarationContent,
    type_code=codes,
    office_code=codes,
    invoice_currency=codes,
    invoice_amount=decimals,
    freight=decimals,
    insurance=decimals,
    gross_weight=decimals,
    packages=st.one_of(st.none(), st.integers(-5, 10**6)),
    arrival_date=dates,
    departure_date=dates,
    invoice_date=dates,
    incoterms=codes,
    port_of_discharge=codes,
    items=st.lists(items, max_size=55).map(tuple),
)


@settings(max_examples=300, deadline=None)
@given(contents)
def test_random_declarations_never_crash_validation(content: DeclarationContent) -> None:
    found = validate_for_submission(
        content, CATALOG, today=TODAY, value_tolerance_percent=Decimal(1)
    )
    assert all(e.path and e.code for e in found)
