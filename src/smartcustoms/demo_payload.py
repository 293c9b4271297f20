"""The demo import as the API's JSON: SAMPLE data (not a real shipment), one declaration
for Lan's enterprise (Song Hong Trading, A). The tests file it (tests/support.py) and the
screenshots show it (scripts/screenshots.py); `demo.demo_import` is the same goods as the
services' content, dated from the day it is made."""

from __future__ import annotations

import copy
from typing import Any

# A complete, valid A11 import into Hai Phong (03CC): phones and T-shirts from Shenzhen.
IMPORT_PAYLOAD: dict[str, Any] = {
    "type_code": "A11",
    "office_code": "03CC",
    "foreign_party_name": "Shenzhen Bright Electronics Co., Ltd",
    "foreign_party_country": "CN",
    "country_of_export": "CN",
    "transport_mode": "1",
    "transport_means": "MV HAIAN PARK",
    "transport_document": "HASLC01240012345",
    "port_of_loading": "CNSZX",
    "port_of_discharge": "VNHPH",
    "arrival_date": "2026-11-20",
    "invoice_number": "INV-2026-0042",
    "invoice_date": "2026-11-10",
    "invoice_currency": "USD",
    "invoice_amount": "12500.00",
    "incoterms": "FOB",
    "freight": "350.00",
    "insurance": "25.00",
    "packages": 40,
    "gross_weight": "820.5",
    "items": [
        {
            "hs_code": "85171300",
            "description": "Smartphones, 6.1 inch, 128 GB",
            "origin_country": "CN",
            "quantity": "50",
            "unit": "H87",
            "unit_price": "200.00",
            "invoice_value": "10000.00",
            "net_weight": "12.5",
        },
        {
            "hs_code": "61091010",
            "description": "Cotton T-shirts, knitted",
            "origin_country": "CN",
            "quantity": "1000",
            "unit": "H87",
            "unit_price": "2.50",
            "invoice_value": "2500.00",
            "net_weight": "180",
        },
    ],
}


def import_payload(**overrides: Any) -> dict[str, Any]:
    """A fresh copy of the demo import, with these fields replaced."""
    payload = copy.deepcopy(IMPORT_PAYLOAD)
    payload.update(overrides)
    return payload
