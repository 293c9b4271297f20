"""API schemas: <Noun><Purpose>. Shapes and lengths here; business rules in rules.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PlainSerializer,
    StringConstraints,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from smartcustoms.declarations.content import MAX_ITEMS, DeclarationContent, ItemContent
from smartcustoms.declarations.release_rules import ConditionKind, ReleaseDecision
from smartcustoms.kit.ids import RowId
from smartcustoms.kit.text import CONTROL_CHARS, CleanCode, CleanText, RequiredCode, RequiredText
from smartcustoms.kit.wire import DecimalInput, IsoDate, WholeNumber

# Lengths count the text as sent; CleanText then trims it (kit/text.py).
Code2 = Annotated[str, StringConstraints(max_length=2), CleanCode]
Code3 = Annotated[str, StringConstraints(max_length=3), CleanCode]
Code5 = Annotated[str, StringConstraints(max_length=5), CleanCode]
Code8 = Annotated[str, StringConstraints(max_length=8), CleanCode]


@dataclass(frozen=True)
class HsCodeText:
    """An HS code as people write it (8517.13.00, 8517 13 00): at most 8 characters besides
    the dots and spaces that to_content removes, so it fits its column."""

    required: bool = False

    @cached_property
    def pattern(self) -> str:
        other = f"[^ .\t\n\r{CONTROL_CHARS}]"
        return f"^[ .]*(?:{other}[ .]*){{{1 if self.required else 0},8}}$"

    @cached_property
    def matcher(self) -> re.Pattern[str]:
        return re.compile(self.pattern)

    def clean(self, value: str) -> str:
        if not self.matcher.fullmatch(value):
            raise PydanticCustomError(
                "hs_code_format", "an HS code has at most 8 digits, with dots or spaces if you like"
            )
        return value.strip(" ")

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_after_validator_function(self.clean, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {**handler(schema), "pattern": self.pattern}


Hs8 = Annotated[str, StringConstraints(max_length=12), HsCodeText()]
ProofCode = Annotated[str, StringConstraints(max_length=30), CleanCode]
Text50 = Annotated[str, StringConstraints(max_length=50), CleanText]
Text100 = Annotated[str, StringConstraints(max_length=100), CleanText]
Text300 = Annotated[str, StringConstraints(max_length=300), CleanText]
Text500 = Annotated[str, StringConstraints(max_length=500), CleanText]


def _plain_decimal(value: Decimal) -> str:
    """Decimals as plain text without storage padding: 350.0000 -> "350", 2.50 -> "2.5"."""
    return format(value.normalize(), "f")


DecimalOut = Annotated[Decimal, PlainSerializer(_plain_decimal, return_type=str)]

# Whole part below 10**13, four decimals: 18 digits fit the NUMERIC(18, 4) columns.
AmountIn = Annotated[Decimal, DecimalInput(digits=13, places=4, signed=True)]
Packages = Annotated[int, WholeNumber(digits=9, minimum=-(10**9 - 1), maximum=10**9 - 1)]


class ItemWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    hs_code: Hs8 | None = None
    description: Text500 | None = None
    origin_country: Code2 | None = None
    quantity: AmountIn | None = None
    unit: Code3 | None = None
    unit_price: AmountIn | None = None
    invoice_value: AmountIn | None = None
    net_weight: AmountIn | None = None
    origin_proof: ProofCode | None = Field(
        default=None, description="Proof-of-origin form claimed (D, E, AK, EUR.1 …)."
    )

    def to_content(self) -> ItemContent:
        data = self.model_dump()
        if data["hs_code"]:
            data["hs_code"] = data["hs_code"].replace(".", "").replace(" ", "")
        return ItemContent(**data)


class DeclarationWrite(BaseModel):
    """A draft's content; every field may be left empty until submission."""

    model_config = ConfigDict(extra="forbid")

    enterprise_id: RowId | None = Field(
        default=None, description="Importer/exporter; defaults to the trader's own enterprise."
    )
    type_code: Code3 | None = None
    office_code: Code8 | None = None
    foreign_party_name: Text300 | None = None
    foreign_party_address: Text500 | None = None
    foreign_party_country: Code2 | None = None
    country_of_export: Code2 | None = None
    country_of_origin: Code2 | None = None
    country_of_destination: Code2 | None = None
    transport_mode: Code2 | None = None
    transport_means: Text100 | None = None
    transport_document: Text50 | None = None
    port_of_loading: Code5 | None = None
    port_of_discharge: Code5 | None = None
    arrival_date: IsoDate | None = None
    departure_date: IsoDate | None = None
    invoice_number: Text50 | None = None
    invoice_date: IsoDate | None = None
    invoice_currency: Code3 | None = None
    invoice_amount: AmountIn | None = None
    incoterms: Code3 | None = None
    freight: AmountIn | None = None
    insurance: AmountIn | None = None
    packages: Packages | None = None
    gross_weight: AmountIn | None = None
    contract_number: Text50 | None = None
    items: list[ItemWrite] = Field(default_factory=list, max_length=200)
    document_ids: list[RowId] | None = Field(default=None, max_length=100)

    def to_content(self) -> DeclarationContent:
        header = self.model_dump(exclude={"items", "document_ids", "enterprise_id"})
        header = {k: (v or None) if isinstance(v, str) else v for k, v in header.items()}
        return DeclarationContent(**header, items=tuple(i.to_content() for i in self.items))


# What submission requires, required in the document too: a client filing in one request
# learns from the schema which fields it must send (the rules in rules.py still check
# codes against the reference data, dates and totals).
Required2 = Annotated[str, StringConstraints(min_length=1, max_length=2), RequiredCode]
Required3 = Annotated[str, StringConstraints(min_length=1, max_length=3), RequiredCode]
Required8 = Annotated[str, StringConstraints(min_length=1, max_length=8), RequiredCode]
RequiredHs = Annotated[str, StringConstraints(min_length=1, max_length=12), HsCodeText(True)]
Required500 = Annotated[str, StringConstraints(min_length=1, max_length=500), RequiredText]
UnsignedAmount = Annotated[Decimal, DecimalInput(digits=13, places=4)]


class ItemFiling(ItemWrite):
    """A goods item as filed: what submission requires cannot be left out."""

    hs_code: RequiredHs
    description: Required500
    origin_country: Required2
    quantity: UnsignedAmount
    unit: Required3
    unit_price: UnsignedAmount
    invoice_value: UnsignedAmount | None = None
    net_weight: UnsignedAmount | None = None


class DeclarationFiling(DeclarationWrite):
    """A complete declaration, filed and submitted in one request."""

    type_code: Required3
    office_code: Required8
    invoice_currency: Required3
    invoice_amount: UnsignedAmount
    freight: UnsignedAmount | None = None
    insurance: UnsignedAmount | None = None
    gross_weight: UnsignedAmount | None = None
    packages: Annotated[int, WholeNumber(digits=9, minimum=0, maximum=10**9 - 1)] | None = None
    # A narrower list than DeclarationWrite's; pydantic validates it as declared here.
    items: list[ItemFiling] = Field(min_length=1, max_length=MAX_ITEMS)  # type: ignore[assignment]


class ItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    line_no: int
    hs_code: str | None
    description: str | None
    origin_country: str | None
    quantity: DecimalOut | None
    unit: str | None
    unit_price: DecimalOut | None
    invoice_value: DecimalOut | None
    net_weight: DecimalOut | None
    origin_proof: str | None


class StatusReason(BaseModel):
    path: str
    code: str
    message_en: str
    message_vi: str


class FilingWarningRead(BaseModel):
    """Something to check that does not stop the filing (the same bill of lading on another
    declaration of the enterprise)."""

    model_config = ConfigDict(from_attributes=True)

    code: str
    path: str
    message_en: str
    message_vi: str
    declaration_ids: list[int] = []


class DeclarationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    number: str | None
    version: int
    supersedes_id: int | None
    status: str
    status_reasons: list[StatusReason] = []
    cancel_reason: str | None
    direction: str | None
    enterprise_id: int
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    registered_at: datetime | None
    type_code: str | None
    office_code: str | None
    foreign_party_name: str | None
    foreign_party_address: str | None
    foreign_party_country: str | None
    country_of_export: str | None
    country_of_origin: str | None
    country_of_destination: str | None
    transport_mode: str | None
    transport_means: str | None
    transport_document: str | None
    port_of_loading: str | None
    port_of_discharge: str | None
    arrival_date: date | None
    departure_date: date | None
    invoice_number: str | None
    invoice_date: date | None
    invoice_currency: str | None
    invoice_amount: DecimalOut | None
    incoterms: str | None
    freight: DecimalOut | None
    insurance: DecimalOut | None
    packages: int | None
    gross_weight: DecimalOut | None
    contract_number: str | None
    items: list[ItemRead]
    document_ids: list[int] = []
    warnings: list[FilingWarningRead] = Field(
        default=[], description="What to check before submitting; none of it blocks the filing."
    )


class DeclarationSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    number: str | None
    version: int
    status: str
    type_code: str | None
    office_code: str | None
    enterprise_id: int
    invoice_currency: str | None
    invoice_amount: DecimalOut | None
    updated_at: datetime


class DeclarationPage(BaseModel):
    items: list[DeclarationSummary]
    total: int
    page: int
    size: int


class CancelRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[str, StringConstraints(min_length=1, max_length=1000), RequiredText]


class StatusChangeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    declaration_id: int
    from_status: str | None
    to_status: str
    at: datetime
    note: str | None
    actor_id: int | None = Field(
        default=None, description="Who made the step (an officer's decision); null: the system."
    )
    actor_name: str | None = Field(default=None, description="The full name of who made the step.")
    actor_role: str | None = Field(
        default=None, description="Their role: trader, broker, officer, supervisor, admin …"
    )


class HistoryRead(BaseModel):
    versions: list[DeclarationRead]
    changes: list[StatusChangeRead]


class SubmissionRead(BaseModel):
    declaration: DeclarationRead
    steps: list[dict[str, Any]] = []


class ReleaseDecisionWrite(BaseModel):
    """An officer's decision on a declaration's goods."""

    model_config = ConfigDict(extra="forbid")

    decision: ReleaseDecision = Field(
        description="`release` after the channel's check; `storage`: release for storage; "
        "`pending_tax`: release pending tax determination (these two need a `note`)."
    )
    note: Annotated[str, StringConstraints(max_length=1000), CleanText] = ""


class Texts(BaseModel):
    message_en: str
    message_vi: str


class ConditionRead(BaseModel):
    name: str
    kind: ConditionKind
    met: bool
    code: str
    message_en: str
    message_vi: str
    officer_decides: bool


class TimeReleaseRead(BaseModel):
    """The Time Release Study's milestones of a declaration (over its versions), and the
    intervals between them in seconds."""

    submitted_at: datetime | None
    registered_at: datetime | None
    decided_at: datetime | None
    decided_by: int | None = Field(description="The deciding officer's user id.")
    decided_by_name: str | None = Field(
        default=None, description="The deciding officer's name, as the portal shows it."
    )
    released_at: datetime | None
    cleared_at: datetime | None
    registration_to_release_seconds: float | None
    registration_to_decision_seconds: float | None
    decision_to_release_seconds: float | None
    registration_to_clearance_seconds: float | None


class ClearanceRead(BaseModel):
    """Where a declaration's clearance stands."""

    declaration_id: int
    status: str
    conditions: list[ConditionRead] = Field(
        description="Evaluated while clearance may still move (empty once cleared)."
    )
    officer_decision_awaited: bool
    waiting_for: list[Texts] = Field(
        description="What the goods wait for, in order (checks, the officer's decision, taxes)."
    )
    decisions: list[ReleaseDecision] = Field(
        description="The release decisions the caller may make now (an officer of the office)."
    )
    time_release: TimeReleaseRead


class ReleaseTimesRead(BaseModel):
    """Registration-to-release times of the declarations first released in [start, end)."""

    start: datetime
    end: datetime
    count: int
    median_seconds: float | None
    p95_seconds: float | None
