"""The border's pure rules over their tables of cases: ISO 6346, deadlines by mode, slot
booking, the gate's decision, discrepancies, the Time Release Study's figures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from messages_support import assert_bilingual
from smartcustoms.border.messages import MESSAGES
from smartcustoms.border.rules import (
    Consignment,
    Covering,
    DeclarationState,
    DoubleBooking,
    GateSetup,
    Mode,
    SlotRefused,
    arrival_status,
    check_booking,
    check_digit,
    container_problem,
    deadline,
    discrepancies,
    figures,
    gate_out_decision,
    is_late,
    is_plate,
    normalise_plate,
)

T = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("CSQU3054383", None),  # ISO 6346's own example
        ("csqu 305438-3", None),  # spaces, dashes, case
        ("MSKU1234565", None),
        ("TGHU9999995", None),
        ("CSQU3054384", (3, 4)),  # wrong check digit
        ("TGHU9999999", (5, 9)),
        ("CSQX3054383", "shape"),  # category must be U, J or Z
        ("CSQU305438", "shape"),  # ten characters
        ("C5QU3054383", "shape"),  # a digit in the owner code
        ("", "shape"),
    ],
)
def test_container_numbers_are_checked_by_iso_6346(
    number: str, problem: tuple[int, int] | str | None
) -> None:
    found = container_problem(number)
    if problem is None:
        assert found is None
    elif problem == "shape":
        assert found is not None
        assert found.expected is None
    else:
        assert found is not None
        assert (found.expected, found.given) == problem


def test_a_check_digit_of_ten_is_written_zero() -> None:
    # 10 mod 10: the standard advises against such serials, but they exist.
    totals = [check_digit(f"ABCU{n:06d}") for n in range(200)]
    assert all(0 <= d <= 9 for d in totals)


@pytest.mark.parametrize(
    ("raw", "plate", "valid"),
    [("29C-123.45", "29C12345", True), ("20c 111 11", "20C11111", True), ("AB1", "AB1", False)],
)
def test_plates_are_read_as_cameras_read_them(raw: str, plate: str, valid: bool) -> None:
    assert (normalise_plate(raw), is_plate(raw)) == (plate, valid)


@pytest.mark.parametrize(
    ("mode", "voyage_days", "ahead"),
    [
        (Mode.SEA, 7, timedelta(hours=24)),
        (Mode.SEA, 5, timedelta(hours=24)),  # five days is not shorter than five days
        (Mode.SEA, 4, timedelta(hours=12)),
        (Mode.SEA, None, timedelta(hours=24)),  # departure not reported: the longer rule
        (Mode.AIR, 1, timedelta(minutes=60)),
        (Mode.ROAD, 1, timedelta(minutes=60)),
    ],
)
def test_manifests_are_due_by_mode(mode: Mode, voyage_days: int | None, ahead: timedelta) -> None:
    arrival = T + timedelta(days=10)
    departure = None if voyage_days is None else arrival - timedelta(days=voyage_days)
    due = deadline(mode, departure_at=departure, arrival_at=arrival)
    assert due == arrival - ahead
    assert not is_late(due, due)
    assert is_late(due + timedelta(seconds=1), due)


LAND = GateSetup("HUU-NGHI-1", "land", lanes=2, slot_minutes=30, capacity=3)


@pytest.mark.parametrize(
    ("gate", "lane", "start", "taken", "same", "refused"),
    [
        (LAND, 1, T + timedelta(hours=1), 0, None, None),
        (LAND, 2, T + timedelta(hours=1), 2, None, None),
        (LAND, 1, T + timedelta(hours=1), 3, None, "slot_full"),
        (LAND, 3, T + timedelta(hours=1), 0, None, "lane_unknown"),
        (LAND, 1, T + timedelta(minutes=70), 0, None, "slot_misaligned"),
        (LAND, 1, T - timedelta(minutes=30), 0, None, "slot_past"),
        (LAND, 1, T - timedelta(minutes=0), 0, None, None),  # the slot running now
        (LAND, 1, T + timedelta(days=8), 0, None, "slot_too_far"),
        (LAND, 1, T + timedelta(hours=1), 0, 7, "double_booking"),
        (GateSetup("HP", "sea", 1, 30, 3), 1, T + timedelta(hours=1), 0, None, "not_land_gate"),
    ],
)
def test_slot_booking_rules(
    gate: GateSetup,
    lane: int,
    start: datetime,
    taken: int,
    same: int | None,
    refused: str | None,
) -> None:
    def book() -> None:
        check_booking(
            gate, lane=lane, start=start, at=T, taken=taken, same_plate_booking=same, plate="X1234"
        )

    if refused is None:
        book()
    elif refused == "double_booking":
        with pytest.raises(DoubleBooking):
            book()
    else:
        with pytest.raises(SlotRefused) as caught:
            book()
        assert caught.value.details["reason"] == refused


@pytest.mark.parametrize(
    ("minutes_after_start", "status"),
    [(-16, "early"), (-15, "on_time"), (0, "on_time"), (45, "on_time"), (46, "late")],
)
def test_arrivals_against_their_slot(minutes_after_start: int, status: str) -> None:
    assert arrival_status(T + timedelta(minutes=minutes_after_start), T, 30) == status
    assert arrival_status(T, None, 30) == "unbooked"


def _state(status: str, n: int = 1) -> DeclarationState:
    return DeclarationState(n, f"10{n:010d}", status)


@pytest.mark.parametrize(
    ("covering", "allowed", "reason"),
    [
        ([], False, "unknown_container"),
        ([Covering("BL1")], False, "not_declared"),
        ([Covering("BL1", (_state("registered"),))], False, "not_released"),
        ([Covering("BL1", (_state("approved"),))], False, "not_released"),
        ([Covering("BL1", (_state("stored"),))], False, "not_released"),
        ([Covering("BL1", (_state("cleared"),))], True, "released"),
        ([Covering("BL1", (_state("released"),))], True, "released"),  # pending its taxes
        (
            [Covering("BL1", (_state("cleared"),)), Covering("BL2", (_state("registered", 2),))],
            False,
            "not_released",
        ),
        (
            [Covering("BL1", (_state("cleared"),)), Covering("BL2")],
            False,
            "not_declared",
        ),
    ],
)
def test_gate_out_needs_every_declaration_covering_it_released(
    covering: list[Covering], allowed: bool, reason: str
) -> None:
    decision = gate_out_decision("CSQU3054383", vehicle=False, covering=covering)
    assert (decision.allowed, decision.reason) == (allowed, reason)


@pytest.mark.parametrize(
    ("packages", "weight", "tax_code", "found"),
    [
        (40, Decimal("820.5"), "0101234565", ()),
        (40, Decimal("836"), "0101234565", ()),  # within 2 %
        (40, Decimal("840"), "0101234565", ("weight",)),
        (41, Decimal("820.5"), "0101234565", ("packages",)),
        (40, Decimal("820.5"), "0309876547", ("consignee",)),
        (None, None, None, ()),  # nothing declared to compare
    ],
)
def test_discrepancies_with_the_manifest(
    packages: int | None, weight: Decimal | None, tax_code: str | None, found: tuple[str, ...]
) -> None:
    assert (
        discrepancies(
            manifest_packages=40,
            manifest_weight=Decimal("820.5"),
            manifest_consignee_tax_code="0101234565",
            declared_packages=packages,
            declared_weight=weight,
            declarant_tax_code=tax_code,
        )
        == found
    )


def test_release_study_medians_and_p90_by_group() -> None:
    def consignment(minutes: int, channel: str) -> Consignment:
        return Consignment(
            "BL",
            "03CC",
            "sea",
            channel,
            {"registered": T, "released": T + timedelta(minutes=minutes), "gate_out": None},
        )

    found = figures([consignment(m, "green") for m in range(1, 11)] + [consignment(100, "red")])
    by = {(f.group, f.interval): f for f in found}
    everything = by[("all", "registration_to_release")]
    assert (everything.count, everything.median_seconds, everything.p90_seconds) == (
        11,
        360.0,
        600.0,
    )
    assert by[("channel:red", "registration_to_release")].median_seconds == 6000.0
    assert ("all", "release_to_gate_out") not in by  # no gate-out yet: not measured


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_the_border_messages_are_bilingual(code: str) -> None:
    assert_bilingual(MESSAGES[code])
