"""What selectivity sees of a declaration, and its plain JSON form. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class ItemFacts:
    line_no: int
    hs_code: str
    origin_country: str | None = None
    quantity: Decimal | None = None
    unit: str | None = None
    unit_price: Decimal | None = None  # in the invoice currency
    net_weight: Decimal | None = None


@dataclass(frozen=True)
class DeclarationFacts:
    """What selectivity sees of a declaration at registration, with the trader's standing."""

    declaration_id: int
    type_code: str
    direction: str
    office_code: str
    enterprise_id: int
    importer_tax_code: str | None
    declarant: str | None  # username of the person who filed it (trader or broker)
    invoice_currency: str | None
    incoterms: str | None
    transport_mode: str | None
    country_of_export: str | None
    items: tuple[ItemFacts, ...]
    new_trader: bool = False
    priority: bool = False  # priority enterprise (AEO)
    vnd_rate: Decimal | None = None  # VND per unit of the invoice currency, when known
    # What the declaration states differently from its cargo report (manifest): "weight",
    # "packages", "consignee"; given by an earlier registration step (the border's).
    discrepancies: tuple[str, ...] = ()

    def unit_value(self, item: ItemFacts, currency: str) -> Decimal | None:
        """Value per unit in `currency` (the invoice currency, or VND when a rate is known)."""
        if item.unit_price is None or not self.invoice_currency:
            return None
        if currency == self.invoice_currency:
            return item.unit_price
        if currency == "VND" and self.vnd_rate is not None:
            return item.unit_price * self.vnd_rate
        return None


# The summary key under which a registration step before risk's passes the discrepancies it
# found between the declaration and its cargo report (a tuple of codes).
DISCREPANCIES_KEY = "risk_discrepancies"


def discrepancies_in(summaries: Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
    """The discrepancies earlier steps reported, each once, in order."""
    found: list[str] = []
    for summary in summaries:
        for code in summary.get(DISCREPANCIES_KEY) or ():
            if code not in found:
                found.append(str(code))
    return tuple(found)


def _text(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def facts_to_json(facts: DeclarationFacts) -> dict[str, Any]:
    """Plain JSON form, stored with each decision so rules can be tested on history.

    Written out field by field (as `dataclasses.asdict` would give, decimals as text):
    it runs at every registration, and `asdict` deep-copies, which is slow.
    """
    return {
        "declaration_id": facts.declaration_id,
        "type_code": facts.type_code,
        "direction": facts.direction,
        "office_code": facts.office_code,
        "enterprise_id": facts.enterprise_id,
        "importer_tax_code": facts.importer_tax_code,
        "declarant": facts.declarant,
        "invoice_currency": facts.invoice_currency,
        "incoterms": facts.incoterms,
        "transport_mode": facts.transport_mode,
        "country_of_export": facts.country_of_export,
        "items": [
            {
                "line_no": item.line_no,
                "hs_code": item.hs_code,
                "origin_country": item.origin_country,
                "quantity": _text(item.quantity),
                "unit": item.unit,
                "unit_price": _text(item.unit_price),
                "net_weight": _text(item.net_weight),
            }
            for item in facts.items
        ],
        "new_trader": facts.new_trader,
        "priority": facts.priority,
        "vnd_rate": None if facts.vnd_rate is None else str(facts.vnd_rate),
        "discrepancies": list(facts.discrepancies),
    }


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def facts_from_json(data: Mapping[str, Any]) -> DeclarationFacts:
    items = tuple(
        ItemFacts(
            line_no=int(item["line_no"]),
            hs_code=str(item["hs_code"]),
            origin_country=item.get("origin_country"),
            quantity=_decimal(item.get("quantity")),
            unit=item.get("unit"),
            unit_price=_decimal(item.get("unit_price")),
            net_weight=_decimal(item.get("net_weight")),
        )
        for item in data.get("items", [])
    )
    return DeclarationFacts(
        declaration_id=int(data["declaration_id"]),
        type_code=str(data.get("type_code") or ""),
        direction=str(data.get("direction") or ""),
        office_code=str(data.get("office_code") or ""),
        enterprise_id=int(data["enterprise_id"]),
        importer_tax_code=data.get("importer_tax_code"),
        declarant=data.get("declarant"),
        invoice_currency=data.get("invoice_currency"),
        incoterms=data.get("incoterms"),
        transport_mode=data.get("transport_mode"),
        country_of_export=data.get("country_of_export"),
        items=items,
        new_trader=bool(data.get("new_trader")),
        priority=bool(data.get("priority")),
        vnd_rate=_decimal(data.get("vnd_rate")),
        discrepancies=tuple(str(d) for d in data.get("discrepancies") or ()),
    )
