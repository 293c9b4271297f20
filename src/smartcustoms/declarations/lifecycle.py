"""The lifecycle of a declaration version: one state machine. Pure: no I/O.

Every change of a declaration's status, and every action that needs a status to be allowed,
asks `next_status(state, action)`: the status after the action, or `TransitionRefused`
saying why not. The table below is the whole machine; nothing else decides a status.

A version that is not written yet has the state `None`: it is created as a draft or filed
(submitted at once). An amendment is a new version (created as a draft, with the same
number); when it registers, the version it replaces is superseded (`amended`); when the
declaration is cancelled, an amendment still open is withdrawn: it has nothing left to amend.

Clearance and release (Customs Law 2014, Articles 32 to 34) follow registration:

- `cleared` (thông quan): every clearance condition is met (the channel's check, licences,
  taxes paid or guaranteed: `declarations.clearance`) and, after a yellow or red check, an
  officer decided the release. The goods are at the declarant's disposal; for the Time
  Release Study this is the release. The system clears (`clear`) as soon as the conditions
  are met, at registration for a green declaration.
- `approved`: the officer's release decision after a yellow or red check (`release`), while a
  condition is still unmet (the taxes are unpaid); cleared by itself once it is met.
- `stored` (đưa hàng về bảo quản, Article 32): an officer let the goods be moved to a storage
  place before the procedure ends; they are not released yet.
- `released` (giải phóng hàng, Article 33): an officer released the goods pending the
  determination of their taxes; cleared by itself once the taxes are settled.

A declaration whose goods were released (`cleared`, `released`) cannot be cancelled: the
cancellation of Article 22 is for goods still under customs control. It can still be amended
(khai bổ sung sau thông quan, Article 20): as for a registered one, the version stays in force
while its amendment is open and is superseded when it registers, and the new version keeps
the release (the goods are gone; what changes is what is owed). The statuses of the
officers' other decisions (`approved`, `stored`) allow amending and cancelling as
`registered` does: the goods have not left.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeAlias

from smartcustoms.declarations.messages import ACTIONS, REFUSALS, texts
from smartcustoms.errors import Conflict


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"  # only inside the registration's transaction
    REGISTERED = "registered"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    AMENDED = "amended"  # superseded by a newer registered version
    WITHDRAWN = "withdrawn"  # an amendment closed before it registered
    APPROVED = "approved"  # an officer decided the release; a condition is still unmet
    STORED = "stored"  # released for storage: moved to a storage place, not released yet
    RELEASED = "released"  # released pending the determination of its taxes
    CLEARED = "cleared"  # every condition met: the goods are released, the procedure done


class Action(StrEnum):
    CREATE = "create"  # a new version written as a draft: a first version or an amendment
    FILE = "file"  # a complete declaration written and submitted in one request
    EDIT = "edit"  # its content changes
    ATTACH = "attach"  # documents on file join its dossier
    SUBMIT = "submit"
    REGISTER = "register"  # every registration step accepted it: it gets its number
    REJECT = "reject"  # a registration step refused it
    AMEND = "amend"  # a new version is opened; this one stays in force meanwhile
    SUPERSEDE = "supersede"  # its amendment registered
    CANCEL = "cancel"
    WITHDRAW = "withdraw"  # an open amendment closes: the declaration it amends was cancelled
    INSPECT = "inspect"  # an officer records the check its channel asked for
    RELEASE = "release"  # an officer's release decision after a yellow or red check
    STORE = "store"  # an officer's decision: release for storage
    RELEASE_PENDING_TAX = "release_pending_tax"  # an officer's decision (Article 33)
    CLEAR = "clear"  # the system: every clearance condition is met


State: TypeAlias = Status | None  # None: the version is not written yet

TRANSITIONS: dict[tuple[State, Action], Status] = {
    (None, Action.CREATE): Status.DRAFT,
    (None, Action.FILE): Status.SUBMITTED,
    (Status.DRAFT, Action.EDIT): Status.DRAFT,
    # A rejected declaration being corrected: its reasons were about the old content.
    (Status.REJECTED, Action.EDIT): Status.DRAFT,
    (Status.DRAFT, Action.ATTACH): Status.DRAFT,
    (Status.REJECTED, Action.ATTACH): Status.REJECTED,
    (Status.DRAFT, Action.SUBMIT): Status.SUBMITTED,
    (Status.REJECTED, Action.SUBMIT): Status.SUBMITTED,
    (Status.SUBMITTED, Action.REGISTER): Status.REGISTERED,
    (Status.SUBMITTED, Action.REJECT): Status.REJECTED,
    # A version in force stays as it is while an amendment is open, and is superseded when
    # the amendment registers, whether its goods were released or not.
    (Status.REGISTERED, Action.AMEND): Status.REGISTERED,
    (Status.APPROVED, Action.AMEND): Status.APPROVED,
    (Status.STORED, Action.AMEND): Status.STORED,
    (Status.RELEASED, Action.AMEND): Status.RELEASED,
    (Status.CLEARED, Action.AMEND): Status.CLEARED,
    (Status.REGISTERED, Action.SUPERSEDE): Status.AMENDED,
    (Status.APPROVED, Action.SUPERSEDE): Status.AMENDED,
    (Status.STORED, Action.SUPERSEDE): Status.AMENDED,
    (Status.RELEASED, Action.SUPERSEDE): Status.AMENDED,
    (Status.CLEARED, Action.SUPERSEDE): Status.AMENDED,
    # Not after release: a cancellation is for goods still under customs control.
    (Status.REGISTERED, Action.CANCEL): Status.CANCELLED,
    (Status.APPROVED, Action.CANCEL): Status.CANCELLED,
    (Status.STORED, Action.CANCEL): Status.CANCELLED,
    # Goods in storage can still be checked; after release, only an amendment's check is
    # recorded (its result changes what is owed, it holds nothing: the goods are gone).
    (Status.REGISTERED, Action.INSPECT): Status.REGISTERED,
    (Status.STORED, Action.INSPECT): Status.STORED,
    (Status.RELEASED, Action.INSPECT): Status.RELEASED,
    (Status.CLEARED, Action.INSPECT): Status.CLEARED,
    (Status.DRAFT, Action.WITHDRAW): Status.WITHDRAWN,
    (Status.REJECTED, Action.WITHDRAW): Status.WITHDRAWN,
    # The officers' decisions, and the system's clearance once every condition is met.
    (Status.REGISTERED, Action.RELEASE): Status.APPROVED,
    (Status.STORED, Action.RELEASE): Status.APPROVED,
    (Status.REGISTERED, Action.STORE): Status.STORED,
    (Status.REGISTERED, Action.RELEASE_PENDING_TAX): Status.RELEASED,
    (Status.STORED, Action.RELEASE_PENDING_TAX): Status.RELEASED,
    (Status.APPROVED, Action.RELEASE_PENDING_TAX): Status.RELEASED,
    (Status.REGISTERED, Action.CLEAR): Status.CLEARED,
    (Status.APPROVED, Action.CLEAR): Status.CLEARED,
    (Status.STORED, Action.CLEAR): Status.CLEARED,
    (Status.RELEASED, Action.CLEAR): Status.CLEARED,
}

# Why a state refuses an action, as a stable reason code (its words: messages.REFUSALS).
_REASONS: dict[State, str] = {
    None: "not_written",
    Status.DRAFT: "draft",
    Status.SUBMITTED: "being_registered",
    Status.REGISTERED: "registered",
    Status.REJECTED: "rejected",
    Status.CANCELLED: "cancelled",
    Status.AMENDED: "superseded",
    Status.WITHDRAWN: "withdrawn",
    Status.APPROVED: "release_approved",
    Status.STORED: "stored",
    Status.RELEASED: "released",
    Status.CLEARED: "cleared",
}


class TransitionRefused(Conflict):
    """The declaration's status does not allow the action; the details say which and why."""

    code = "transition_refused"

    @classmethod
    def of(cls, state: State, action: Action) -> TransitionRefused:
        creating = action in (Action.CREATE, Action.FILE)
        reason = "exists" if creating and state is not None else _REASONS[state]
        en, vi = texts(cls.code, action=ACTIONS[action], reason=REFUSALS[reason])
        return cls(
            message_en=en,
            message_vi=vi,
            details={
                # Not "status": in problem details that is the HTTP status (RFC 9457).
                "declaration_status": None if state is None else state.value,
                "action": action.value,
                "reason": reason,
            },
        )


def next_status(state: State | str, action: Action) -> Status:
    """The status after the action, or TransitionRefused with the reason."""
    current = None if state is None else Status(state)
    after = TRANSITIONS.get((current, action))
    if after is None:
        raise TransitionRefused.of(current, action)
    return after


def allows(state: State | str, action: Action) -> bool:
    return (None if state is None else Status(state), action) in TRANSITIONS


def allowed_actions(state: State | str) -> frozenset[Action]:
    return frozenset(action for action in Action if allows(state, action))


def _reaches(start: State, goal: Status) -> bool:
    seen, frontier = {start}, [start]
    while frontier:
        state = frontier.pop()
        for (origin, _action), after in TRANSITIONS.items():
            if origin == state and after not in seen:
                if after == goal:
                    return True
                seen.add(after)
                frontier.append(after)
    return False


# A version still on its way to registration (what "an open amendment" means), and the
# versions that no action changes any more; both read off the table, not listed by hand.
OPEN = frozenset(s for s in Status if s != Status.REGISTERED and _reaches(s, Status.REGISTERED))
FINAL = frozenset(s for s in Status if not allowed_actions(s))
