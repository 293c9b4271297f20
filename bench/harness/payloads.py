"""What the benchmarks file: a 10-item import as the API's JSON, and as the services' content."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from typing import Any

from smartcustoms.declarations.content import DeclarationContent
from smartcustoms.demo import demo_import
from smartcustoms.kit.clock import utcnow

# Ten goods lines of an A11 import from China: HS code, description, unit, unit price.
# All are lines of the sample national tariff (smartcustoms/tariff/sample/nomenclature.csv).
GOODS = (
    ("85171300", "Smartphones, 6.1 inch, 128 GB", "H87", Decimal("200.00")),
    ("61091010", "Cotton T-shirts for men, knitted", "H87", Decimal("2.50")),
    ("84713020", "Laptop computers, 14 inch", "H87", Decimal("450.00")),
    ("85287292", "Colour television receivers, 43 inch", "H87", Decimal("180.00")),
    ("85076090", "Lithium-ion power banks", "H87", Decimal("15.00")),
    ("64041190", "Sports shoes, textile uppers", "PR", Decimal("9.50")),
    ("62034290", "Cotton trousers for men, woven", "H87", Decimal("6.00")),
    ("39232990", "Plastic shopping bags", "KGM", Decimal("1.80")),
    ("85176221", "Wi-Fi routers", "H87", Decimal("22.00")),
    ("84733010", "Assembled circuit boards for computers", "H87", Decimal("35.00")),
)


def payload(index: int, today: dt.date) -> dict[str, Any]:
    """A valid A11 import with 10 items; quantities vary so rows are not all identical."""
    items = []
    for line, (hs_code, description, unit, price) in enumerate(GOODS):
        quantity = Decimal(10 + (index * 7 + line * 13) % 90)
        items.append(
            {
                "hs_code": hs_code,
                "description": description,
                "origin_country": "CN",
                "quantity": str(quantity),
                "unit": unit,
                "unit_price": str(price),
                "invoice_value": str(quantity * price),
                "net_weight": str(quantity / 2),
            }
        )
    return {
        "type_code": "A11",
        "office_code": "03CC",
        "foreign_party_name": "Shenzhen Bright Electronics Co., Ltd",
        "foreign_party_country": "CN",
        "country_of_export": "CN",
        "transport_mode": "1",
        "transport_means": "MV HAIAN PARK",
        "transport_document": f"HASLC{index:011d}",
        "port_of_loading": "CNSZX",
        "port_of_discharge": "VNHPH",
        "arrival_date": str(today + dt.timedelta(days=3)),
        "invoice_number": f"INV-BENCH-{index:07d}",
        "invoice_date": str(today - dt.timedelta(days=5)),
        "invoice_currency": "USD",
        "invoice_amount": str(sum(Decimal(i["invoice_value"]) for i in items)),
        "incoterms": "FOB",
        "freight": "350.00",
        "insurance": "25.00",
        "packages": 40,
        "gross_weight": "820.5",
        "items": items,
    }


def ten_items() -> DeclarationContent:
    """The demo import with its first item ten times (the figures are for ten items)."""
    content = demo_import(today=utcnow().date())
    item_value = content.items[0].invoice_value
    assert item_value is not None  # the demo import's items carry their invoice value
    return replace(content, items=content.items[:1] * 10, invoice_amount=item_value * 10)
