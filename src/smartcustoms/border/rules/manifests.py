"""A cargo report (e-manifest) as filed, its checks, and its discrepancies with a
declaration. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from smartcustoms.border.messages import field_error
from smartcustoms.border.rules.containers import (
    container_problem,
    is_plate,
    normalise_container,
    normalise_plate,
)
from smartcustoms.border.rules.deadlines import Mode
from smartcustoms.errors import FieldError

MAX_LINES = 999
# Instants a cargo report may name: the platform's records start after 2000; past 2999 is a typo.
FIRST_YEAR, LAST_YEAR = 2000, 2999
# A declared gross weight within 2 % of the manifest's is the same weight (scales differ).
WEIGHT_TOLERANCE = Decimal("0.02")


@dataclass(frozen=True)
class ContainerInput:
    number: str
    seal: str | None = None


@dataclass(frozen=True)
class LineInput:
    """One bill of lading (sea, road) or air waybill and what it carries."""

    document_number: str
    consignee_name: str
    packages: int
    gross_weight: Decimal
    consignee_tax_code: str | None = None
    description: str = ""
    hs_code: str | None = None
    origin_country: str | None = None
    containers: tuple[ContainerInput, ...] = ()


@dataclass(frozen=True)
class ManifestInput:
    mode: str
    transport_id: str  # the vessel (IMO or name), the flight, or the truck's plate
    voyage: str
    office_code: str
    arrival_at: datetime
    lines: tuple[LineInput, ...]
    departure_at: datetime | None = None
    port_of_loading: str | None = None
    port_of_discharge: str | None = None


def document_key(number: str) -> str:
    """A bill's number as compared: upper case, no spaces."""
    return "".join(number.split()).upper()


def _text(errors: list[FieldError], path: str, value: str | None, limit: int) -> None:
    if value is None or not value.strip():
        errors.append(field_error(path, "required"))
    elif len(value) > limit:
        errors.append(field_error(path, "text_too_long", limit=limit))


def _line_errors(mode: str, index: int, line: LineInput) -> list[FieldError]:
    path = f"lines[{index}]"
    errors: list[FieldError] = []
    _text(errors, f"{path}.document_number", line.document_number, 35)
    _text(errors, f"{path}.consignee_name", line.consignee_name, 200)
    if len(line.description) > 500:
        errors.append(field_error(f"{path}.description", "text_too_long", limit=500))
    if line.packages <= 0:
        errors.append(field_error(f"{path}.packages", "not_positive"))
    if line.gross_weight <= 0:
        errors.append(field_error(f"{path}.gross_weight", "not_positive"))
    if line.hs_code is not None and not (line.hs_code.isdigit() and 4 <= len(line.hs_code) <= 8):
        errors.append(field_error(f"{path}.hs_code", "hs_invalid"))
    country = line.origin_country
    if country is not None and not (len(country) == 2 and country.isalpha()):
        errors.append(field_error(f"{path}.origin_country", "country_invalid"))
    if mode == Mode.AIR and line.containers:
        errors.append(field_error(f"{path}.containers", "containers_on_air"))
    seen: set[str] = set()
    for number, container in enumerate(line.containers):
        where = f"{path}.containers[{number}].number"
        problem = container_problem(container.number)
        if problem is not None and problem.expected is None:
            errors.append(field_error(where, "container_invalid", number=problem.number))
        elif problem is not None:
            errors.append(
                field_error(
                    where,
                    "check_digit_wrong",
                    number=problem.number,
                    expected=problem.expected,
                    given=problem.given,
                )
            )
        key = normalise_container(container.number)
        if key in seen:
            errors.append(field_error(where, "container_repeated", number=key))
        seen.add(key)
        if container.seal is not None and len(container.seal) > 35:
            errors.append(
                field_error(f"{path}.containers[{number}].seal", "text_too_long", limit=35)
            )
    return errors


def manifest_errors(manifest: ManifestInput) -> list[FieldError]:
    """Every reason the manifest cannot be filed, at once."""
    errors: list[FieldError] = []
    if manifest.mode not in set(Mode):
        errors.append(field_error("mode", "mode_unknown", given=manifest.mode))
    _text(errors, "transport_id", manifest.transport_id, 50)
    _text(errors, "voyage", manifest.voyage, 35)
    _text(errors, "office_code", manifest.office_code, 8)
    if manifest.mode == Mode.ROAD and manifest.transport_id and not is_plate(manifest.transport_id):
        errors.append(field_error("transport_id", "plate_invalid", plate=manifest.transport_id))
    for name, instant in (
        ("arrival_at", manifest.arrival_at),
        ("departure_at", manifest.departure_at),
    ):
        if instant is not None and not FIRST_YEAR <= instant.year <= LAST_YEAR:
            errors.append(field_error(name, "year_out_of_range", first=FIRST_YEAR, last=LAST_YEAR))
    if manifest.departure_at is not None and manifest.departure_at >= manifest.arrival_at:
        errors.append(field_error("arrival_at", "arrival_before_departure"))
    if not manifest.lines:
        errors.append(field_error("lines", "no_lines"))
    if len(manifest.lines) > MAX_LINES:
        errors.append(field_error("lines", "too_many_lines", limit=MAX_LINES))
    documents: set[str] = set()
    containers: set[str] = set()
    for index, line in enumerate(manifest.lines):
        errors += _line_errors(manifest.mode, index, line)
        key = document_key(line.document_number)
        if key and key in documents:
            errors.append(
                field_error(f"lines[{index}].document_number", "document_repeated", document=key)
            )
        documents.add(key)
        for number, container in enumerate(line.containers):
            cn = normalise_container(container.number)
            if cn in containers and not any(
                normalise_container(c.number) == cn for c in line.containers[:number]
            ):
                errors.append(
                    field_error(
                        f"lines[{index}].containers[{number}].number",
                        "container_repeated",
                        number=cn,
                    )
                )
            containers.add(cn)
    return errors


def transport_key(mode: str, transport_id: str) -> str:
    """The vehicle as the gate reads it (a road manifest's plate), else the id as given."""
    return normalise_plate(transport_id) if mode == Mode.ROAD else transport_id.strip().upper()


# ---------------------------------------------------------------------------- discrepancies


class Discrepancy:
    WEIGHT = "weight"
    PACKAGES = "packages"
    CONSIGNEE = "consignee"


def discrepancies(
    *,
    manifest_packages: int,
    manifest_weight: Decimal,
    manifest_consignee_tax_code: str | None,
    declared_packages: int | None,
    declared_weight: Decimal | None,
    declarant_tax_code: str | None,
) -> tuple[str, ...]:
    """What a declaration states differently from its manifest line (codes, in a fixed
    order). Only what both sides state is compared: a line without the consignee's tax code
    names the consignee by name only, which is not compared (spellings differ too much)."""
    found: list[str] = []
    if (
        declared_weight is not None
        and manifest_weight > 0
        and abs(declared_weight - manifest_weight) > manifest_weight * WEIGHT_TOLERANCE
    ):
        found.append(Discrepancy.WEIGHT)
    if declared_packages is not None and declared_packages != manifest_packages:
        found.append(Discrepancy.PACKAGES)
    if (
        manifest_consignee_tax_code
        and declarant_tax_code
        and manifest_consignee_tax_code.strip() != declarant_tax_code.strip()
    ):
        found.append(Discrepancy.CONSIGNEE)
    return tuple(found)
