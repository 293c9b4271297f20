"""Declaration rules: validation and numbering. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from decimal import Decimal

from smartcustoms.declarations.content import MAX_ITEMS, DeclarationContent, ItemContent
from smartcustoms.declarations.messages import amount, field_error, labelled
from smartcustoms.errors import FieldError
from smartcustoms.reference.rules import ReferenceCatalog

MAX_DAYS_AHEAD = 30  # an arrival or departure further ahead cannot be declared yet
ITEM_VALUE_TOLERANCE = Decimal("0.01")  # rounding of quantity × unit price, in currency units


def _required(path: str) -> FieldError:
    return field_error(path, "required")


CodeCheck = tuple[str, Callable[[ReferenceCatalog], frozenset[str]]]

# field → (the error code of a value not in the catalogue, the catalogue's set); checked only
# when filled in.
HEADER_CODES: dict[str, CodeCheck] = {
    "office_code": ("unknown_customs_office", lambda c: c.offices),
    "foreign_party_country": ("unknown_country", lambda c: c.countries),
    "country_of_export": ("unknown_country", lambda c: c.countries),
    "country_of_origin": ("unknown_country", lambda c: c.countries),
    "country_of_destination": ("unknown_country", lambda c: c.countries),
    "transport_mode": ("unknown_transport_mode", lambda c: c.transport_modes),
    "port_of_loading": ("unknown_port", lambda c: c.locations),
    "port_of_discharge": ("unknown_port", lambda c: c.locations),
    "invoice_currency": ("unknown_currency", lambda c: c.currencies),
    "incoterms": ("unknown_Incoterms_rule", lambda c: c.incoterms),
}


def validate_for_submission(
    content: DeclarationContent,
    catalog: ReferenceCatalog,
    *,
    today: date,
    value_tolerance_percent: Decimal,
) -> list[FieldError]:
    """Every reason the declaration cannot be submitted, all at once."""
    errors: list[FieldError] = []
    errors.extend(_check_type(content, catalog))
    errors.extend(_check_header_codes(content, catalog))
    errors.extend(_check_dates(content, today=today))
    errors.extend(_check_amounts(content))
    errors.extend(_check_items(content, catalog))
    errors.extend(_check_invoice_total(content, value_tolerance_percent))
    return labelled(errors)


def _check_type(content: DeclarationContent, catalog: ReferenceCatalog) -> Iterator[FieldError]:
    if not content.type_code:
        yield _required("type_code")
        return
    info = catalog.declaration_types.get(content.type_code)
    if info is None:
        yield field_error("type_code", "unknown_declaration_type", value=content.type_code)
        return
    for name in sorted(info.required_fields):
        if getattr(content, name, None) in (None, ""):
            yield field_error(name, "required_by_type", type_code=info.code)
    for name in ("office_code", "invoice_currency"):
        if not getattr(content, name):
            yield _required(name)


def _check_header_codes(
    content: DeclarationContent, catalog: ReferenceCatalog
) -> Iterator[FieldError]:
    for name, (code, allowed) in HEADER_CODES.items():
        value = getattr(content, name)
        if value and value not in allowed(catalog):
            yield field_error(name, code, value=value)


def _check_dates(content: DeclarationContent, *, today: date) -> Iterator[FieldError]:
    if content.invoice_date and content.invoice_date > today:
        yield field_error("invoice_date", "date_in_future")
    horizon = today + timedelta(days=MAX_DAYS_AHEAD)
    for name in ("arrival_date", "departure_date"):
        value: date | None = getattr(content, name)
        if value and value > horizon:
            yield field_error(name, "date_too_far_ahead", days=MAX_DAYS_AHEAD)
    if (
        content.arrival_date
        and content.departure_date
        and (content.arrival_date < content.departure_date)
    ):
        yield field_error("arrival_date", "arrival_before_departure")


def _check_amounts(content: DeclarationContent) -> Iterator[FieldError]:
    for name in ("invoice_amount", "gross_weight"):
        value = getattr(content, name)
        if value is not None and value <= 0:
            yield _not_positive(name)
    for name in ("freight", "insurance"):
        value = getattr(content, name)
        if value is not None and value < 0:
            yield field_error(name, "negative")
    if content.packages is not None and content.packages <= 0:
        yield _not_positive("packages")
    if content.invoice_amount is None:
        yield _required("invoice_amount")


def _not_positive(path: str) -> FieldError:
    return field_error(path, "not_positive")


def _check_items(content: DeclarationContent, catalog: ReferenceCatalog) -> Iterator[FieldError]:
    if not content.items:
        yield field_error("items", "no_items")
    if len(content.items) > MAX_ITEMS:
        yield field_error("items", "too_many_items", maximum=MAX_ITEMS)
    for index, item in enumerate(content.items):
        yield from _check_item(f"items[{index}]", item, catalog)


def item_errors(items: tuple[ItemContent, ...], catalog: ReferenceCatalog) -> list[FieldError]:
    """Each goods item checked as submission checks it (paths `items[i].field`): an imported
    sheet's rows are refused cell by cell before they reach a draft."""
    return [
        e for index, item in enumerate(items) for e in _check_item(f"items[{index}]", item, catalog)
    ]


def _check_item(prefix: str, item: ItemContent, catalog: ReferenceCatalog) -> Iterator[FieldError]:
    yield from _check_hs(f"{prefix}.hs_code", item.hs_code, catalog)
    for name in ("description", "origin_country", "quantity", "unit", "unit_price"):
        if getattr(item, name) in (None, ""):
            yield _required(f"{prefix}.{name}")
    if item.origin_country and item.origin_country not in catalog.countries:
        yield field_error(f"{prefix}.origin_country", "unknown_country", value=item.origin_country)
    if item.unit and item.unit not in catalog.units:
        yield field_error(f"{prefix}.unit", "unknown_unit", value=item.unit)
    for name in ("quantity", "unit_price", "net_weight"):
        value = getattr(item, name)
        if value is not None and value <= 0:
            yield _not_positive(f"{prefix}.{name}")
    if item.quantity and item.unit_price and item.invoice_value is not None:
        expected = item.quantity * item.unit_price
        if abs(expected - item.invoice_value) > ITEM_VALUE_TOLERANCE:
            yield field_error(
                f"{prefix}.invoice_value",
                "item_value_mismatch",
                expected=amount(expected),
                stated=amount(item.invoice_value),
            )


def _check_hs(path: str, code: str | None, catalog: ReferenceCatalog) -> Iterator[FieldError]:
    if not code:
        yield _required(path)
    elif len(code) != 8 or not code.isdigit():
        yield field_error(path, "hs_not_national")
    elif not catalog.is_known_hs8(code):
        yield field_error(path, "unknown_hs_code", code=code)


def item_value(item: ItemContent) -> Decimal | None:
    """The stated invoice value, or quantity × unit price when it was left out."""
    if item.invoice_value is not None:
        return item.invoice_value
    if item.quantity is not None and item.unit_price is not None:
        return item.quantity * item.unit_price
    return None


def _check_invoice_total(
    content: DeclarationContent, tolerance_percent: Decimal
) -> Iterator[FieldError]:
    values = [item_value(item) for item in content.items]
    if content.invoice_amount is None or not values or any(v is None for v in values):
        return
    total = sum((v for v in values if v is not None), Decimal(0))
    allowed = content.invoice_amount * tolerance_percent / 100
    if abs(total - content.invoice_amount) > allowed:
        yield field_error(
            "invoice_amount",
            "items_do_not_add_up",
            total=amount(total),
            invoice_total=amount(content.invoice_amount),
            tolerance=amount(tolerance_percent),
        )


def check_digit(digits: str) -> str:
    """Luhn check digit, so a mistyped declaration number is caught at once."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def declaration_number(*, direction: str, sequence: int) -> str:
    """A 12-digit number: 1 import / 3 export (as VNACCS), 10-digit sequence, check digit."""
    if not 0 < sequence < 10**10:
        raise ValueError("declaration sequence out of range")
    body = ("1" if direction == "import" else "3") + f"{sequence:010d}"
    return body + check_digit(body)


def is_valid_number(number: str) -> bool:
    return len(number) == 12 and number.isdigit() and check_digit(number[:11]) == number[11]
