"""A platform declaration as the fraud model's input: one DeclarationRecord per goods item.

The KCS records the model learns from are goods items too (one HS6 code per row), so a
declaration is scored item by item and takes its riskiest item's score.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from smartcustoms.risk.ml.records import DeclarationRecord
from smartcustoms.risk.rules import DeclarationFacts, ItemFacts

# Platform ids are prefixed so they never collide with KCS declaration ids.
ID_PREFIX = "SC"


def _item_value(facts: DeclarationFacts, item: ItemFacts) -> float:
    if item.unit_price is None or item.quantity is None:
        return 0.0
    value = item.unit_price * item.quantity
    # VND when the exchange rate is known, so values compare across invoice currencies.
    if facts.vnd_rate is not None:
        value *= facts.vnd_rate
    return float(value)


def records_of(
    facts: DeclarationFacts, *, on: date, fraud: int | None = None
) -> list[DeclarationRecord]:
    """The model's view of each goods item; `fraud` labels them when the outcome is known."""
    return [
        DeclarationRecord(
            declaration_id=f"{ID_PREFIX}{facts.declaration_id}-{item.line_no}",
            date=on,
            office_id=facts.office_code,
            process_type=facts.direction,
            import_type=facts.type_code,
            import_use="",
            payment_type="",
            transport_mode=facts.transport_mode or "",
            declarant_id=facts.declarant or "",
            importer_id=facts.importer_tax_code or str(facts.enterprise_id),
            seller_id=None,
            courier_id=None,
            hs6=item.hs_code[:6],
            departure_country=facts.country_of_export or "",
            origin_country=item.origin_country or "",
            tax_rate=0.0,
            tax_type="",
            origin_indicator="",
            net_mass=float(item.net_weight or Decimal(0)),
            item_price=_item_value(facts, item),
            fraud=fraud,
            critical_fraud=None if fraud is None else fraud,
        )
        for item in facts.items
        if item.hs_code
    ]
