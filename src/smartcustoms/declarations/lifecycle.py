"""The lifecycle of a declaration version: one state machine. Pure: no I/O.

Every change of a declaration's status, and every action that needs a status to be allowed,
asks `next_status(state, action)`: the status after the action, or `TransitionRefused`
saying why not. The table below is the whole machine; nothing else decides a status.

A version that is not written yet has the state `None`: it is created as a draft or filed
(submitted at once). An amendment is a new version (created as a draft, with the same
number); when it registers, the version it replaces is superseded (`amended`); when the
declaration is cancelled, an amendment still open is withdrawn: it has nothing left to amend.
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
    (Status.REGISTERED, Action.AMEND): Status.REGISTERED,
    (Status.REGISTERED, Action.SUPERSEDE): Status.AMENDED,
    (Status.REGISTERED, Action.CANCEL): Status.CANCELLED,
    (Status.REGISTERED, Action.INSPECT): Status.REGISTERED,
    (Status.DRAFT, Action.WITHDRAW): Status.WITHDRAWN,
    (Status.REJECTED, Action.WITHDRAW): Status.WITHDRAWN,
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
