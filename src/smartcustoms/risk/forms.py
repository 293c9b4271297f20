"""The officers' portal forms read into the API's schemas, so a form is checked exactly as the
API checks a body: a value too long or malformed is refused beside its field, never cut.

The forms only do what a browser form needs and a JSON body does not: split a list typed with
spaces, read numbers the way the user's language writes them (`web.numbers`), turn yes/no
selects into booleans and take blank fields as not given.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from smartcustoms.errors import FieldError, ValidationFailed
from smartcustoms.kit.dates import to_iso
from smartcustoms.problems import field_errors_from_pydantic
from smartcustoms.risk.inspections import InspectionInput
from smartcustoms.risk.messages import texts
from smartcustoms.risk.rules import RuleInput
from smartcustoms.risk.schemas import InspectionWrite, PriorityWrite, RuleWrite, rule_input
from smartcustoms.web.numbers import NumberReader

LIST_FIELDS = (
    "hs_prefixes",
    "origins",
    "importers",
    "declarants",
    "offices",
    "type_codes",
    "incoterms",
    "transport_modes",
)
_YES_NO = {"yes": True, "no": False}
# An error on one value of a typed list ("criteria.origins[3]") is shown beside the list.
_LIST_ITEM = re.compile(r"^(criteria\.\w+)\[\d+\]$")


def _text(form: FormData, name: str) -> str:
    return str(form.get(name, "")).strip()


def _given(form: FormData, name: str) -> str | None:
    """The field's text; None when left blank."""
    return _text(form, name) or None


def _day(form: FormData, name: str) -> str | None:
    """A day typed day/month/year, as the ISO text the schema reads; None when blank."""
    typed = _given(form, name)
    return None if typed is None else to_iso(typed)


def _refused(errors: list[FieldError]) -> ValidationFailed:
    message_en, message_vi = texts("fields_invalid")
    return ValidationFailed(message_en=message_en, message_vi=message_vi, errors=errors)


M = TypeVar("M", bound=BaseModel)


def _validated(schema: type[M], data: dict[str, Any], numbers: NumberReader | None = None) -> M:
    """The schema's model of the data, or every field's error (numbers' and schema's) at once."""
    refused_numbers = numbers.errors if numbers is not None else []
    try:
        body = schema.model_validate(data)
    except ValidationError as invalid:
        found = field_errors_from_pydantic(list(invalid.errors()))
        errors = [
            FieldError(_LIST_ITEM.sub(r"\1", e.path), e.code, e.message_en, e.message_vi)
            for e in found
        ]
        raise _refused(refused_numbers + errors) from invalid
    if refused_numbers:
        raise _refused(refused_numbers)
    return body


def _number(numbers: NumberReader, form: FormData, name: str) -> Decimal | None:
    """The number typed, read in the user's language; left out when blank or refused."""
    return numbers.number(_text(form, name), name)


def _without_blanks(data: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in data.items() if value is not None}


def rule_input_from(form: FormData, *, lang: str) -> RuleInput:
    """A rule as typed, checked as the API checks `RuleWrite`; the score and the values per
    unit are read in the user's language."""
    numbers = NumberReader(lang)
    score = _number(numbers, form, "score")
    criteria: dict[str, Any] = {
        name: _text(form, name).replace(",", " ").split() for name in LIST_FIELDS
    }
    criteria |= _without_blanks(
        {
            "unit_value_min": _number(numbers, form, "unit_value_min"),
            "unit_value_max": _number(numbers, form, "unit_value_max"),
            "unit_value_currency": (_given(form, "unit_value_currency") or "").upper() or None,
            "new_trader": _YES_NO.get(_text(form, "new_trader")),
        }
    )
    data = _without_blanks(
        {
            "code": _text(form, "code"),
            "description": _text(form, "description"),
            "criteria": criteria,
            "score": None if score is None else float(score),
            "forced_channel": _given(form, "forced_channel"),
            "valid_from": _day(form, "valid_from"),
            "valid_to": _day(form, "valid_to"),
        }
    )
    return rule_input(_validated(RuleWrite, data, numbers))


def inspection_input_from(form: FormData, *, lang: str) -> InspectionInput:
    """An inspection result as typed, checked as the API checks `InspectionWrite`."""
    numbers = NumberReader(lang)
    hs_code = _given(form, "corrected_hs_code")
    data = _without_blanks(
        {
            "kind": _given(form, "kind"),
            "findings": _text(form, "findings") == "yes",
            # Officers type HS codes with or without the dots of the printed nomenclature.
            "corrected_hs_code": None if hs_code is None else hs_code.replace(".", ""),
            "corrected_value": _number(numbers, form, "corrected_value"),
            "corrected_origin": (_given(form, "corrected_origin") or "").upper() or None,
            "revenue_adjustment_vnd": _number(numbers, form, "revenue_adjustment_vnd"),
            "violation": _given(form, "violation"),
            "note": _text(form, "note"),
        }
    )
    body = _validated(InspectionWrite, data, numbers)
    return InspectionInput(**body.model_dump())


def priority_from(form: FormData) -> PriorityWrite:
    """A priority (AEO) decision as typed, checked as the API checks `PriorityWrite`."""
    data = _without_blanks(
        {
            "priority": _text(form, "priority") == "yes",
            "valid_until": _day(form, "valid_until"),
            "note": _text(form, "note"),
        }
    )
    return _validated(PriorityWrite, data)
