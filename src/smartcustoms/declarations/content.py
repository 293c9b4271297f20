"""The declaration as plain data (WCO Data Model / VNACCS header and goods items)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

MAX_ITEMS = 50  # VNACCS caps a declaration at 50 goods items; split beyond that.


@dataclass(frozen=True)
class ItemContent:
    hs_code: str | None = None
    description: str | None = None
    origin_country: str | None = None
    quantity: Decimal | None = None
    unit: str | None = None
    unit_price: Decimal | None = None
    invoice_value: Decimal | None = None
    net_weight: Decimal | None = None
    # The proof-of-origin form claimed for a preferential rate (D, E, AK, EUR.1 …); the C/O
    # itself must be in the dossier.
    origin_proof: str | None = None


@dataclass(frozen=True)
class DeclarationContent:
    """Everything the declarant states; drafts may be incomplete, submissions may not."""

    type_code: str | None = None
    office_code: str | None = None
    foreign_party_name: str | None = None
    foreign_party_address: str | None = None
    foreign_party_country: str | None = None
    country_of_export: str | None = None
    country_of_origin: str | None = None
    country_of_destination: str | None = None
    transport_mode: str | None = None
    transport_means: str | None = None
    transport_document: str | None = None
    port_of_loading: str | None = None
    port_of_discharge: str | None = None
    arrival_date: date | None = None
    departure_date: date | None = None
    invoice_number: str | None = None
    invoice_date: date | None = None
    invoice_currency: str | None = None
    invoice_amount: Decimal | None = None
    incoterms: str | None = None
    freight: Decimal | None = None
    insurance: Decimal | None = None
    packages: int | None = None
    gross_weight: Decimal | None = None
    contract_number: str | None = None
    items: tuple[ItemContent, ...] = field(default_factory=tuple)


HEADER_FIELDS: tuple[str, ...] = tuple(
    name for name in DeclarationContent.__dataclass_fields__ if name != "items"
)
ITEM_FIELDS: tuple[str, ...] = tuple(ItemContent.__dataclass_fields__)
