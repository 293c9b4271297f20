"""The smart gate's decision: may this container or vehicle leave? Pure: no I/O.

Gate-out is allowed when every bill of lading covering the container (or carried by the
vehicle) has a declaration, and each of them is released (`cleared`, or `released` pending
its taxes: the declarations domain's `RELEASED`); otherwise it is refused with the first
reason, in a fixed order: nothing known, a bill without declaration, a declaration not yet
released.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from smartcustoms.declarations.release_rules import RELEASED


@dataclass(frozen=True)
class DeclarationState:
    declaration_id: int
    number: str | None
    status: str  # the status of the version in force

    @property
    def released(self) -> bool:
        return self.status in RELEASED


@dataclass(frozen=True)
class Covering:
    """One bill covering the container or carried by the vehicle, and its declarations."""

    document_number: str
    declarations: tuple[DeclarationState, ...] = ()


@dataclass(frozen=True)
class GateDecision:
    allowed: bool
    reason: str
    params: dict[str, object] = field(default_factory=dict)


def gate_out_decision(subject: str, *, vehicle: bool, covering: Sequence[Covering]) -> GateDecision:
    if not covering:
        reason = "unknown_vehicle" if vehicle else "unknown_container"
        return GateDecision(False, reason, {"subject": subject})
    for bill in sorted(covering, key=lambda c: c.document_number):
        if not bill.declarations:
            return GateDecision(False, "not_declared", {"document": bill.document_number})
    for bill in sorted(covering, key=lambda c: c.document_number):
        for declaration in sorted(bill.declarations, key=lambda d: d.declaration_id):
            if not declaration.released:
                number = declaration.number or f"#{declaration.declaration_id}"
                return GateDecision(
                    False, "not_released", {"number": number, "status": declaration.status}
                )
    return GateDecision(True, "released", {})
