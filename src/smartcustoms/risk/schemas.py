"""Risk API schemas: <Noun><Purpose>. Shapes and lengths here; business rules in rules.py."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, StringConstraints

from smartcustoms.kit.text import CleanStr, CleanText, RequiredText
from smartcustoms.kit.wire import DecimalInput, IsoDate, JsonInteger, StrictBool, StrictFloat
from smartcustoms.risk.rules import Channel, InspectionKind, RuleCriteria
from smartcustoms.risk.rules.criteria import RuleInput

Code = Annotated[str, StringConstraints(max_length=20), CleanText]
RuleCode = Annotated[str, StringConstraints(min_length=1, max_length=40), RequiredText]
Text1000 = Annotated[str, StringConstraints(max_length=1000), CleanText]
Text2000 = Annotated[str, StringConstraints(max_length=2000), CleanText]
Codes = Annotated[list[Code], Field(max_length=200)]
Points = Annotated[StrictFloat, Field(ge=-100, le=100)]
Share = Annotated[StrictFloat, Field(ge=0, le=1)]
Amount = Annotated[Decimal, DecimalInput(digits=13, places=4)]
# Below 10**15 dong (about 40 billion USD); the bound stays exact as a JSON double.
Vnd = Annotated[Decimal, DecimalInput(digits=15, signed=True)]


def _plain_decimal(value: Decimal) -> str:
    return format(value.normalize(), "f")


DecimalOut = Annotated[Decimal, PlainSerializer(_plain_decimal, return_type=str)]


class CriteriaWrite(BaseModel):
    """Criteria combine with AND; each list matches any of its values."""

    model_config = ConfigDict(extra="forbid")

    hs_prefixes: Codes = Field(default_factory=list, description="HS code prefixes, 2–8 digits.")
    origins: Codes = Field(default_factory=list, description="Countries of origin (ISO alpha-2).")
    importers: Codes = Field(default_factory=list, description="Importer tax codes (MST).")
    declarants: Codes = Field(default_factory=list, description="Declarants' usernames.")
    offices: Codes = Field(default_factory=list)
    type_codes: Codes = Field(default_factory=list)
    incoterms: Codes = Field(default_factory=list)
    transport_modes: Codes = Field(default_factory=list)
    unit_value_min: Amount | None = None
    unit_value_max: Amount | None = None
    unit_value_currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = Field(
        default=None, description="Currency of the value per unit range; VND by default."
    )
    new_trader: StrictBool | None = None
    discrepancies: list[
        Literal["weight", "packages", "consignee", "acdd_value", "acdd_quantity"]
    ] = Field(
        default_factory=list,
        max_length=5,
        description=(
            "Any of these differences between the declaration and its cargo report (weight,"
            " packages, consignee) or the exporting customs' ACDD (acdd_value: a lower"
            " value, acdd_quantity: another quantity)."
        ),
    )

    def to_criteria(self) -> RuleCriteria:
        data = self.model_dump()
        upper = ("origins", "offices", "type_codes", "incoterms", "transport_modes")
        for name in upper:
            data[name] = [v.upper() for v in data[name]]
        return RuleCriteria.from_json(data)


class RuleWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: RuleCode
    description: Text1000 = ""
    criteria: CriteriaWrite
    score: Points = 0.0
    forced_channel: Channel | None = None
    valid_from: IsoDate | None = None
    valid_to: IsoDate | None = None


class RuleRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    description: str
    criteria: dict[str, Any]
    score: float
    forced_channel: str | None
    valid_from: date | None
    valid_to: date | None
    active: bool
    version: int
    created_by_id: int
    created_at: datetime
    updated_by_id: int
    updated_at: datetime


class RuleVersionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    version: int
    action: str
    snapshot: dict[str, Any]
    author_id: int
    at: datetime


class RuleTestRead(BaseModel):
    examined: int
    flagged: int
    flagged_inspected: int
    flagged_with_findings: int
    hit_rate: float | None


class PolicyRead(BaseModel):
    red_share: float
    yellow_share: float
    random_rate: float
    random_channel: str
    aeo_benefit: bool
    aeo_random_rate: float
    new_trader_points: float
    new_trader_history: int
    rules_only_yellow: float
    rules_only_red: float
    salt: str


class PolicyWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    red_share: Share | None = None
    yellow_share: Share | None = None
    random_rate: Share | None = None
    random_channel: Channel | None = None
    aeo_benefit: StrictBool | None = None
    aeo_random_rate: Share | None = None
    new_trader_points: Points | None = None
    new_trader_history: Annotated[int, Field(ge=0, le=10_000), JsonInteger] | None = None
    rules_only_yellow: Annotated[StrictFloat, Field(ge=0, le=1000)] | None = None
    rules_only_red: Annotated[StrictFloat, Field(ge=0, le=1000)] | None = None
    salt: Annotated[CleanStr, StringConstraints(min_length=1, max_length=100)] | None = None


class DecisionRead(BaseModel):
    """Traders see the channel; officers also see the score and the reasons."""

    declaration_id: int
    channel: str
    state: str
    decided_at: datetime
    score: float | None = None
    model_version_id: int | None = None
    randomly_selected: bool | None = None
    explanation: dict[str, Any] | None = None
    inspection: InspectionRead | None = None


class WorklistItemRead(BaseModel):
    declaration_id: int
    number: str | None
    status: str
    type_code: str | None
    enterprise_id: int
    enterprise_name: str | None
    channel: str
    score: float
    randomly_selected: bool
    invoice_amount: DecimalOut | None
    invoice_currency: str | None
    registered_at: datetime | None
    reasons: list[str]


class WorklistRead(BaseModel):
    items: list[WorklistItemRead]
    total: int
    page: int
    size: int


class ReassessmentRead(BaseModel):
    """Late facts (a manifest or an ACDD after registration) and what they did."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    declaration_id: int
    enterprise_id: int
    office_code: str
    source: Literal["manifest", "acdd"]
    reference: str | None
    discrepancies: list[str]
    outcome: Literal["raised", "flagged", "unchanged"]
    channel_before: str
    channel_after: str
    status: str
    at: datetime


class ReassessmentsRead(BaseModel):
    items: list[ReassessmentRead]
    total: int
    page: int
    size: int


class InspectionWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: InspectionKind
    findings: StrictBool
    corrected_hs_code: Annotated[CleanStr, StringConstraints(max_length=12)] | None = None
    corrected_value: Amount | None = None
    corrected_origin: Annotated[CleanStr, StringConstraints(max_length=2)] | None = None
    revenue_adjustment_vnd: Vnd | None = None
    violation: Text1000 | None = None
    note: Text2000 = ""


class InspectionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    declaration_id: int
    kind: str
    officer_id: int
    findings: bool
    corrected_hs_code: str | None
    corrected_value: DecimalOut | None
    corrected_origin: str | None
    revenue_adjustment_vnd: DecimalOut | None
    violation: str | None
    note: str
    recorded_at: datetime


class ComplianceRead(BaseModel):
    declarations: int
    yellow: int
    red: int
    inspections: int
    findings: int
    violations: int
    finding_rate: float | None


class TaxDebtWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount_vnd: Annotated[Decimal, DecimalInput(digits=15, positive=True)]
    due_date: IsoDate
    reference: Annotated[str, StringConstraints(max_length=100), CleanText] = ""


class TaxDebtRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    enterprise_id: int
    amount_vnd: DecimalOut
    due_date: date
    reference: str
    recorded_by_id: int
    recorded_at: datetime
    settled_at: datetime | None
    settled_by_id: int | None = Field(
        default=None, description="The supervisor who marked it settled; null: paid, or open."
    )
    settled_by_name: str | None = None


class ProfileRead(BaseModel):
    enterprise_id: int
    name: str
    tax_code: str | None
    priority: bool
    priority_valid_until: date | None
    note: str
    new_trader: bool
    blocked_by_tax_debt: bool
    compliance: ComplianceRead
    unsettled_debts: list[TaxDebtRead]


class PriorityWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    priority: StrictBool
    valid_until: IsoDate | None = None
    note: Text1000 = ""


class ModelVersionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    created_at: datetime
    training_from: date
    training_to: date
    training_rows: int
    platform_labels: int
    parameters: dict[str, Any]
    evaluation: dict[str, Any]
    feature_schema: str
    sha256: str
    active: bool
    activated_at: datetime | None


class ModelTrainWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    activate: StrictBool = False
    max_rows: Annotated[int, Field(ge=100, le=10_000_000), JsonInteger] | None = Field(
        default=None, description="Use only the first rows of each data file (quick runs)."
    )


DecisionRead.model_rebuild()


def rule_input(body: RuleWrite) -> RuleInput:
    """The rule as the service takes it, from the API's body or the portal's form alike."""
    return RuleInput(
        code=body.code,
        description=body.description,
        criteria=body.criteria.to_criteria(),
        score=body.score,
        forced_channel=body.forced_channel,
        valid_from=body.valid_from,
        valid_to=body.valid_to,
    )
