"""The border API's shapes: `<Noun>Create` in, `<Noun>Read` out."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from smartcustoms.border.rules import ContainerInput, LineInput, ManifestInput
from smartcustoms.kit.wire import DecimalInput, IsoDateTime

Short = Annotated[str, Field(max_length=50)]
Name = Annotated[str, Field(max_length=200)]


class ContainerCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    number: Annotated[str, Field(max_length=20, description="ISO 6346, check digit included.")]
    seal: Annotated[str, Field(max_length=35)] | None = None


class LineCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    document_number: Annotated[str, Field(max_length=35, description="B/L or AWB number.")]
    consignee_name: Name
    consignee_tax_code: Annotated[str, Field(max_length=14)] | None = None
    packages: Annotated[int, Field(ge=-(10**9), le=10**9)]
    gross_weight: Annotated[Decimal, DecimalInput(digits=12, places=3, signed=True)] = Field(
        description='Kilograms, as a string of digits ("820.5").'
    )
    description: Annotated[str, Field(max_length=500)] = ""
    hs_code: Annotated[str, Field(max_length=8)] | None = None
    origin_country: Annotated[str, Field(max_length=2)] | None = None
    containers: Annotated[list[ContainerCreate], Field(max_length=500)] = []


class ManifestCreate(BaseModel):
    """A cargo report filed before arrival; instants with their offset (ISO 8601)."""

    model_config = ConfigDict(extra="forbid")
    mode: Literal["sea", "air", "road"]
    transport_id: Short
    voyage: Annotated[str, Field(max_length=35)]
    office_code: Annotated[str, Field(max_length=8)]
    arrival_at: IsoDateTime
    departure_at: IsoDateTime | None = None
    port_of_loading: Annotated[str, Field(max_length=5)] | None = None
    port_of_discharge: Annotated[str, Field(max_length=5)] | None = None
    lines: Annotated[list[LineCreate], Field(max_length=1000)]

    def to_input(self) -> ManifestInput:
        return ManifestInput(
            mode=self.mode,
            transport_id=self.transport_id,
            voyage=self.voyage,
            office_code=self.office_code,
            arrival_at=self.arrival_at,
            departure_at=self.departure_at,
            port_of_loading=self.port_of_loading,
            port_of_discharge=self.port_of_discharge,
            lines=tuple(
                LineInput(
                    document_number=line.document_number,
                    consignee_name=line.consignee_name,
                    consignee_tax_code=line.consignee_tax_code,
                    packages=line.packages,
                    gross_weight=line.gross_weight,
                    description=line.description,
                    hs_code=line.hs_code,
                    origin_country=line.origin_country,
                    containers=tuple(ContainerInput(c.number, c.seal) for c in line.containers),
                )
                for line in self.lines
            ),
        )


class ContainerRead(BaseModel):
    number: str
    seal: str | None
    gated_in_at: datetime | None
    gated_out_at: datetime | None


class LinkRead(BaseModel):
    declaration_id: int
    discrepancies: list[str]
    # Linked when the manifest was filed, after the declaration registered: risk decided
    # without these discrepancies.
    late: bool = False


class LineRead(BaseModel):
    id: int
    line_no: int
    document_number: str
    consignee_name: str
    consignee_tax_code: str | None
    packages: int
    gross_weight: Decimal
    hs_code: str | None
    risk_channel: str | None
    risk_score: float | None
    containers: list[ContainerRead]
    declarations: list[LinkRead]


class ManifestRead(BaseModel):
    id: int
    mode: str
    transport_id: str
    voyage: str
    office_code: str
    arrival_at: datetime
    deadline_at: datetime
    filed_at: datetime
    late: bool
    source: str
    lines: list[LineRead]


class GateEventCreate(BaseModel):
    """What a gate's camera or RFID reader saw: a container number or a vehicle plate."""

    model_config = ConfigDict(extra="forbid")
    container_number: Annotated[str, Field(max_length=20)] | None = None
    plate: Annotated[str, Field(max_length=20)] | None = None


class GateEventRead(BaseModel):
    id: int
    gate: str
    direction: str
    container_number: str | None
    plate: str | None
    at: datetime
    arrival: str | None = Field(description="At a land gate: on_time, early, late, unbooked.")
    pass_code: str | None
    pass_url: str | None


class GateCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: Annotated[str, Field(min_length=2, max_length=20, pattern=r"^[A-Z0-9-]+$")]
    name: Name
    office_code: Annotated[str, Field(max_length=8)]
    kind: Literal["sea", "air", "land"]
    lanes: Annotated[int, Field(ge=1, le=50)] = 1
    slot_minutes: Annotated[int, Field(ge=5, le=240)] = 30
    capacity: Annotated[int, Field(ge=1, le=1000)] = 10
    machine_username: Annotated[str, Field(max_length=100)] | None = None


class GateRead(BaseModel):
    code: str
    name: str
    office_code: str
    kind: str
    lanes: int
    slot_minutes: int
    capacity: int


class SlotBookingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    gate: Annotated[str, Field(max_length=20)]
    lane: Annotated[int, Field(ge=1, le=50)]
    slot_start: IsoDateTime
    plate: Annotated[str, Field(max_length=20)]


class SlotBookingRead(BaseModel):
    id: int
    gate_id: int
    lane: int
    slot_start: datetime
    plate: str
    booked_at: datetime
    arrived_at: datetime | None
    state: Literal["booked", "used", "expired"] = Field(
        "booked", description="expired: its window passed without its truck (no-show)."
    )


class FreeSlotRead(BaseModel):
    start: datetime
    lane: int
    free: int


class QueuedRead(BaseModel):
    container_number: str | None
    plate: str | None
    since: datetime


class BoardRead(BaseModel):
    gate: str
    queue: list[QueuedRead]
    free: list[FreeSlotRead]


class IntervalRead(BaseModel):
    group: str
    interval: str
    count: int
    median_seconds: float
    p90_seconds: float


class ComparisonRead(BaseModel):
    """A group's customs time (registered to released, less the waits for other agencies)
    beside the other agencies' time (their applications received to decided)."""

    group: str
    customs: IntervalRead | None
    agencies: IntervalRead | None


class StudyRead(BaseModel):
    start: datetime
    end: datetime
    consignments: int
    figures: list[IntervalRead] = Field(
        description="By group: all, office:<code>, channel:<colour>, mode:<mode>, "
        "agency:<code>; intervals include agencies_time and customs_time."
    )
    comparison: list[ComparisonRead]
