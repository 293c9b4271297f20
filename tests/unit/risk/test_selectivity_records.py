"""A platform declaration becomes the fraud model's input: one record per goods item."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from smartcustoms.risk.records_adapter import records_of
from smartcustoms.risk.rules import DeclarationFacts, ItemFacts

FACTS = DeclarationFacts(
    declaration_id=42,
    type_code="A11",
    direction="import",
    office_code="03CC",
    enterprise_id=1,
    importer_tax_code="0101234565",
    declarant="minh",
    invoice_currency="USD",
    incoterms="FOB",
    transport_mode="1",
    country_of_export="HK",
    items=(
        ItemFacts(1, "85171300", "CN", Decimal(50), "H87", Decimal(200), Decimal("12.5")),
        ItemFacts(2, "61091010", "VN", Decimal(1000), "H87", Decimal("2.5"), None),
    ),
    vnd_rate=Decimal(25_000),
)


def test_each_goods_item_becomes_a_record_keyed_by_importer_declarant_hs6_and_origin() -> None:
    phones, shirts = records_of(FACTS, on=date(2026, 11, 23))
    assert phones.declaration_id == "SC42-1"
    assert (phones.importer_id, phones.declarant_id, phones.office_id) == (
        "0101234565",
        "minh",
        "03CC",
    )
    assert (phones.hs6, phones.origin_country, phones.departure_country) == ("851713", "CN", "HK")
    assert phones.date == date(2026, 11, 23)
    assert shirts.hs6 == "610910"
    assert shirts.net_mass == 0.0


def test_item_values_are_in_vnd_when_the_rate_is_known() -> None:
    phones, _ = records_of(FACTS, on=date(2026, 11, 23))
    assert phones.item_price == 50 * 200 * 25_000


def test_an_inspection_outcome_labels_every_item() -> None:
    labelled = records_of(FACTS, on=date(2026, 11, 23), fraud=1)
    assert [r.fraud for r in labelled] == [1, 1]
    assert all(r.fraud is None for r in records_of(FACTS, on=date(2026, 11, 23)))
