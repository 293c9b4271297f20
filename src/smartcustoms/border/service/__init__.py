"""Border use cases, the domain's public face: routes, the CLI and other domains call only
these.

- `manifests`: cargo reports filed (JSON or CUSCAR), read, and the pre-arrival hold list
  (scored through the risk domain's service);
- `linking`: the registration step linking a declaration to its bill, discrepancies to risk;
- `gates`: gates and their machine accounts, gate-in and gate-out, the gate's decision
  (released through the declarations domain's service), gate passes;
- `slots`: slot booking at land border gates and the public board;
- `release_study`: the Time Release Study from the platform's own events;
- `simulation`: a simulated day at a land gate through the real services.
"""

from __future__ import annotations

from smartcustoms.border.cuscar import read_cuscar
from smartcustoms.border.service.gates import (
    Coverage,
    GateInput,
    GateOutcome,
    Subject,
    decide_gate_out,
    gate_for,
    gate_in,
    gate_out,
    gate_pass,
    list_gates,
    qr_svg,
    register_gate,
    subject_of,
)
from smartcustoms.border.service.linking import ManifestLinkStep
from smartcustoms.border.service.manifests import (
    LineView,
    ManifestView,
    discrepancy_names,
    file_manifest,
    get_manifest,
    hold_list,
    list_manifests,
)
from smartcustoms.border.service.release_study import Study, release_study
from smartcustoms.border.service.simulation import (
    DaySetup,
    Declare,
    GateReport,
    events_of,
    prepare_truck,
    report,
)
from smartcustoms.border.service.slots import (
    Board,
    BookingView,
    board,
    book_slot,
    cancel_booking,
    my_bookings,
)
from smartcustoms.risk.service import models_dir

__all__ = [
    "Board",
    "BookingView",
    "Coverage",
    "DaySetup",
    "Declare",
    "GateInput",
    "GateOutcome",
    "GateReport",
    "LineView",
    "ManifestLinkStep",
    "ManifestView",
    "Study",
    "Subject",
    "board",
    "book_slot",
    "cancel_booking",
    "decide_gate_out",
    "discrepancy_names",
    "events_of",
    "file_manifest",
    "gate_for",
    "gate_in",
    "gate_out",
    "gate_pass",
    "get_manifest",
    "hold_list",
    "list_gates",
    "list_manifests",
    "models_dir",
    "my_bookings",
    "prepare_truck",
    "qr_svg",
    "read_cuscar",
    "register_gate",
    "release_study",
    "report",
    "subject_of",
]
