"""A simulated day at a land border gate, pushed through the real services: each truck's
road manifest and the declaration covering its load are filed before it comes, its slot is
booked (with booking), and the gate system reports its gate-in and asks for its gate-out at
the times the queue model (`rules.simulation`) gives (the command, `border.cli`, commits).
The gate decides every gate-out for real (released or not), and checks every arrival
against its booking."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from smartcustoms.border.rules import LineInput, ManifestInput
from smartcustoms.border.rules.simulation import Passage, Truck
from smartcustoms.border.service.gates import gate_in, gate_out
from smartcustoms.border.service.manifests import file_manifest
from smartcustoms.border.service.slots import book_slot
from smartcustoms.errors import DomainError
from smartcustoms.identity.rules import Actor

# Files the declaration covering a bill (its number) for the carrier's enterprise, at `at`.
Declare = Callable[[Session, str, datetime], None]


@dataclass(frozen=True)
class DaySetup:
    carrier: Actor
    consignee_tax_code: str
    machine: Actor
    gate_code: str
    office_code: str
    models_dir: Path
    declare: Declare


def prepare_truck(session: Session, setup: DaySetup, truck: Truck, *, booking: bool) -> None:
    """Before the truck comes: its road manifest, the declaration covering its load (filed
    by `setup.declare`) and, with booking, its slot."""
    bill = f"BL{truck.plate}"
    filed_at = truck.arrival - timedelta(hours=3)
    file_manifest(
        session,
        actor=setup.carrier,
        manifest=ManifestInput(
            mode="road",
            transport_id=truck.plate,
            voyage=f"D{truck.number}",
            office_code=setup.office_code,
            arrival_at=truck.arrival,
            departure_at=truck.arrival - timedelta(hours=5),
            lines=(
                LineInput(
                    document_number=bill,
                    consignee_name="Consignee",
                    consignee_tax_code=setup.consignee_tax_code,
                    packages=40,
                    gross_weight=Decimal("820.5"),
                    hs_code="851713",
                    origin_country="CN",
                ),
            ),
        ),
        source="json",
        models_dir=setup.models_dir,
        at=filed_at,
    )
    setup.declare(session, bill, filed_at + timedelta(minutes=30))
    if booking and truck.slot is not None and truck.lane is not None:
        book_slot(
            session,
            actor=setup.carrier,
            gate_code=setup.gate_code,
            lane=truck.lane,
            start=truck.slot,
            plate=truck.plate,
            at=truck.slot - timedelta(hours=12),
        )


@dataclass(frozen=True)
class GateReport:
    """The gate's answer to one simulated event: the arrival's standing, or the refusal."""

    arrival: str | None = None
    refused: str | None = None


def report(session: Session, setup: DaySetup, *, at: datetime, out: bool, plate: str) -> GateReport:
    """The gate system reports a truck entering, or asks to let it out."""
    if not out:
        entered = gate_in(
            session, actor=setup.machine, gate_code=setup.gate_code, plate=plate, at=at
        )
        return GateReport(arrival=entered.event.arrival or "-")
    try:
        gate_out(session, actor=setup.machine, gate_code=setup.gate_code, plate=plate, at=at)
    except DomainError as error:
        return GateReport(refused=str(error.details.get("reason", error.code)))
    return GateReport()


def events_of(passages: list[Passage]) -> list[tuple[datetime, bool, str]]:
    """Every gate-in and gate-out of the day, in time order (gate-ins first at a tie)."""
    return sorted(
        [(p.truck.arrival, False, p.truck.plate) for p in passages]
        + [(p.end, True, p.truck.plate) for p in passages]
    )
