"""Single-window API schemas: <Noun><Purpose>. Shapes and lengths here; rules in rules/."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, StringConstraints

from smartcustoms.kit.text import CleanText, RequiredText
from smartcustoms.kit.wire import DecimalInput, JsonInteger, StrictBool
from smartcustoms.permits.rules import Action, ControlEntry, ProcedureFigures, State

HsCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{8}$")]
HsPrefix = Annotated[str, StringConstraints(pattern=r"^[0-9]{2,8}$")]
Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
UnitCode = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{1,10}$")]
Code = Annotated[str, StringConstraints(min_length=1, max_length=40), RequiredText]
Text500 = Annotated[str, StringConstraints(min_length=1, max_length=500), RequiredText]
Text1000 = Annotated[str, StringConstraints(max_length=1000), CleanText]
MessageId = Annotated[str, StringConstraints(min_length=1, max_length=100), RequiredText]
Quantity = Annotated[Decimal, DecimalInput(digits=13, places=4)]
Id = Annotated[int, Field(ge=1, le=2**31 - 1), JsonInteger]
Percent = Annotated[int, Field(ge=0, le=100), JsonInteger]


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


DecimalOut = Annotated[Decimal, PlainSerializer(_plain, return_type=str)]


class ApplicationCreate(BaseModel):
    """A trader's application; documents are dossier documents by id (and, with
    `declaration_id`, that declaration's dossier): nothing is uploaded again."""

    model_config = ConfigDict(extra="forbid")

    enterprise_id: Id
    procedure: Code
    hs_code: HsCode
    goods: Text500
    origin_country: Country
    quantity: Quantity
    unit: UnitCode
    document_ids: list[Id] = Field(default_factory=list, max_length=50)
    declaration_id: Id | None = None
    certificate_country: Country | None = Field(
        default=None, description="Country of a certificate offered under mutual recognition."
    )
    signature: str | None = Field(
        default=None,
        max_length=40000,
        description="A detached JWS (RS256/ES256, x5c, sigT) over the canonical JSON of this"
        " request without `signature` (keys sorted, no spaces, quantity as text); required by"
        " procedures whose definition says `signature_required`.",
    )


class ActionCreate(BaseModel):
    """A step on an application: the trader's (supplement, withdraw) or the agency's."""

    model_config = ConfigDict(extra="forbid")

    action: Action
    note: Text1000 = ""
    lab_passed: StrictBool | None = None
    conditions: Text1000 = ""


class AgencyMessageCreate(ActionCreate):
    """A decision or step an agency's system pushes: applied once per `message_id`."""

    message_id: MessageId
    application_id: Id


class StepRead(BaseModel):
    state: State
    holder: str | None
    started_at: datetime
    deadline_at: datetime | None
    ended_at: datetime | None


class ApplicationRead(BaseModel):
    id: int
    number: str
    procedure: str
    agency: str
    enterprise_id: int
    hs_code: str
    goods: str
    origin_country: str
    quantity: DecimalOut
    unit: str
    balance: DecimalOut
    state: State
    holder: str | None = Field(description="Who must act now: agency, trader, or none.")
    state_since: datetime
    deadline_at: datetime | None
    sampled: bool
    sampling_reason: str
    document_ids: list[int]
    valid_from: date | None
    valid_until: date | None
    conditions: str
    steps: list[StepRead]


class AgencyMessageRead(BaseModel):
    applied: bool = Field(description="False: this message id was applied before (no-op).")
    application: ApplicationRead


class AgencyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name_en: str
    name_vi: str
    ministry: str


class ControlWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: Code
    hs_prefix: HsPrefix
    kind: Code
    procedure: Code
    agency: Code
    direction: Annotated[str, StringConstraints(pattern=r"^(import|export)$")] | None = None
    type_codes: list[Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{3}$")]] = Field(
        default_factory=list, max_length=50
    )
    origins: list[Country] = Field(default_factory=list, max_length=250)
    base_sampling_percent: Percent = 100
    floor_sampling_percent: Percent = 5
    priority_exempt: StrictBool = True

    def to_entry(self) -> ControlEntry:
        return ControlEntry(
            key=self.key,
            hs_prefix=self.hs_prefix,
            kind=self.kind,
            procedure=self.procedure,
            agency=self.agency,
            direction=self.direction,
            type_codes=frozenset(self.type_codes),
            origins=frozenset(self.origins),
            base_sampling_percent=self.base_sampling_percent,
            floor_sampling_percent=self.floor_sampling_percent,
            priority_exempt=self.priority_exempt,
        )


class ControlRead(BaseModel):
    key: str
    hs_prefix: str
    kind: str
    procedure: str
    agency: str
    direction: str | None
    type_codes: list[str]
    origins: list[str]
    base_sampling_percent: int
    floor_sampling_percent: int
    priority_exempt: bool
    release_for_storage: bool
    source: str


class FiguresRead(BaseModel):
    agency: str
    procedure: str
    decided: int
    median_hours: float
    p90_hours: float
    within_deadline_share: DecimalOut
    sampled_share: DecimalOut
    mutual_recognition_share: DecimalOut

    @classmethod
    def of(cls, row: ProcedureFigures) -> FiguresRead:
        return cls(**row.__dict__)


class AwaitedRead(BaseModel):
    line: int
    application: ApplicationRead
    since: datetime
    quantity: DecimalOut
    outcome: str | None


class DeclarationPermitsRead(BaseModel):
    waits: list[AwaitedRead]
    attached: list[AwaitedRead]
