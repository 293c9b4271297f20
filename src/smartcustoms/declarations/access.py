"""Who sees which declaration, and the reads: one, a page, the office worklist, a history."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy.orm import Session

from smartcustoms.declarations import repository
from smartcustoms.declarations.lifecycle import OPEN, Action, Status, allowed_actions, next_status
from smartcustoms.declarations.messages import error
from smartcustoms.declarations.models import Declaration, StatusChange
from smartcustoms.declarations.repository import DeclarationFilter
from smartcustoms.errors import NotFound, PermissionDenied
from smartcustoms.identity import policy
from smartcustoms.identity import service as identity
from smartcustoms.identity.policy import Reach, Target
from smartcustoms.identity.rules import Actor, Role, require_procedure
from smartcustoms.kit.pagination import Page, PageRequest


def not_found(declaration_id: int) -> NotFound:
    return error(NotFound, "declaration_not_found", declaration_id=declaration_id)


def not_declarant() -> PermissionDenied:
    return error(PermissionDenied, "not_declarant")


class Visible(Protocol):
    """What deciding who may see a version needs: an ORM object or a DeclarationRow."""

    @property
    def office_code(self) -> str | None: ...
    @property
    def status(self) -> str: ...
    @property
    def enterprise_id(self) -> int: ...


# A trader's own work that customs never received as it stands: a draft, or an amendment
# withdrawn before it registered.
_TRADERS_ONLY = (Status.DRAFT, Status.WITHDRAWN)


def may_see(actor: Actor, declaration: Visible) -> bool:
    """As the policy table says for "declarations.read" (identity/policy.py); an office
    never sees what it did not receive."""
    target = Target(enterprise_id=declaration.enterprise_id, office_code=declaration.office_code)
    decided = policy.allowed(actor, "declarations.read", target)
    if decided.reach == Reach.OWN_OFFICE and declaration.status in _TRADERS_ONLY:
        return False
    return decided.allowed


def visible(
    session: Session, actor: Actor, declaration_id: int, *, lock: bool = False
) -> Declaration:
    declaration = (
        repository.get_for_update(session, declaration_id)
        if lock
        else repository.get(session, declaration_id)
    )
    # Another enterprise's declaration is reported as missing, so ids cannot be probed.
    if declaration is None or not may_see(actor, declaration):
        raise not_found(declaration_id)
    return declaration


def own(session: Session, actor: Actor, declaration_id: int) -> Declaration:
    """The declaration, locked, once the actor is its declarant."""
    declaration = visible(session, actor, declaration_id, lock=True)
    if not actor.may_declare_for(declaration.enterprise_id):
        raise not_declarant()
    require_procedure(actor, declaration.enterprise_id, declaration.type_code)
    return declaration


def get_declaration(session: Session, *, actor: Actor, declaration_id: int) -> Declaration:
    return visible(session, actor, declaration_id)


def declaration_numbers(
    session: Session, *, declaration_ids: Collection[int]
) -> dict[int, str | None]:
    """Numbers of versions by id, for another domain listing what it holds about them (the
    caller has checked who may see those)."""
    return repository.numbers(session, declaration_ids)


def states_in_force(
    session: Session, *, declaration_ids: Collection[int]
) -> dict[int, tuple[str | None, str]]:
    """(number, status in force) of versions by id, for another domain deciding on what it
    holds about them (the border's gate: are the goods released?); the caller has checked
    who may know."""
    return repository.states_in_force(session, declaration_ids)


def milestones_of(
    session: Session, *, declaration_ids: Collection[int]
) -> dict[int, list[StatusChange]]:
    """The status steps of every version of each version's number, by version id, for the
    Time Release Study another domain computes (the caller has checked who may see it)."""
    states = repository.states_in_force(session, declaration_ids)
    numbers: set[str] = {number for number, _ in states.values() if number is not None}
    chains: dict[str, list[int]] = {}
    for number in sorted(numbers):
        chains[number] = [d.id for d in repository.versions(session, number)]
    wanted = {i for ids in chains.values() for i in ids} | set(declaration_ids)
    changes = repository.status_changes(session, wanted)
    by_id: dict[int, list[StatusChange]] = {}
    for declaration_id, (known, _status) in states.items():
        chain = set(chains[known] if known is not None else [declaration_id])
        by_id[declaration_id] = [c for c in changes if c.declaration_id in chain]
    return by_id


def attached_document_ids(session: Session, *, declaration_id: int) -> list[int]:
    return repository.document_ids(session, declaration_id)


def list_declarations(
    session: Session, *, actor: Actor, flt: DeclarationFilter, request: PageRequest
) -> Page[Declaration]:
    """The actor's declarations: a trader's enterprises, an officer's office."""
    if actor.role == Role.ADMIN:
        scoped = flt
    elif actor.is_customs:
        scoped = DeclarationFilter(
            **{
                **flt.__dict__,
                "office_code": actor.office_code,
                "enterprise_ids": flt.enterprise_ids,
            }
        )
        if not scoped.statuses:
            scoped = DeclarationFilter(**{**scoped.__dict__, "statuses": _OFFICE_STATUSES})
    else:
        scoped = DeclarationFilter(**{**flt.__dict__, "enterprise_ids": actor.enterprise_ids})
    return repository.page(session, scoped, request)


# What the office received, as it stands: drafts and withdrawn amendments are the trader's.
_OFFICE_STATUSES = tuple(s for s in Status if s not in _TRADERS_ONLY and s != Status.AMENDED)
# Waiting for the office: checks, release decisions, goods in storage.
_AWAITING_OFFICE = (Status.REGISTERED, Status.STORED)


def worklist(session: Session, *, actor: Actor, request: PageRequest) -> Page[Declaration]:
    """Registered declarations (and goods in storage) awaiting the officer's office."""
    if not actor.is_customs or actor.office_code is None:
        raise error(PermissionDenied, "worklist_customs_only")
    flt = DeclarationFilter(office_code=actor.office_code, statuses=_AWAITING_OFFICE)
    return repository.page(session, flt, request)


@dataclass(frozen=True)
class History:
    versions: list[Declaration]
    changes: list[StatusChange]
    # Who made the steps: user id -> (full name, role).
    actors: dict[int, tuple[str, str]] = field(default_factory=dict)


def history(session: Session, *, actor: Actor, declaration_id: int) -> History:
    declaration = visible(session, actor, declaration_id)
    if declaration.number is None:
        chain = [declaration]
    else:
        chain = [d for d in repository.versions(session, declaration.number) if may_see(actor, d)]
    changes = repository.status_changes(session, [d.id for d in chain])
    actors = identity.people(session, [c.actor_id for c in changes if c.actor_id is not None])
    return History(chain, changes, actors)


# What a declarant does to a declaration; inspecting is an officer's, the rest the system's.
_DECLARANT_ACTIONS = frozenset(
    {Action.EDIT, Action.ATTACH, Action.SUBMIT, Action.AMEND, Action.CANCEL}
)


def open_amendment(declaration: Declaration, versions: Sequence[Declaration]) -> Declaration | None:
    """The amendment of this version still open, among its number's versions (History)."""
    return next(
        (v for v in versions if v.supersedes_id == declaration.id and v.status in OPEN), None
    )


def offered_actions(
    actor: Actor, declaration: Declaration, *, versions: Sequence[Declaration]
) -> frozenset[Action]:
    """What the portal offers the actor on this version: what its status allows and the
    actor may do, without a second amendment while one is open (that one is edited)."""
    if not actor.may_declare_for(declaration.enterprise_id):
        return frozenset()
    offered = allowed_actions(declaration.status) & _DECLARANT_ACTIONS
    if open_amendment(declaration, versions) is not None:
        offered -= {Action.AMEND}
    return offered


def check_action(declaration: Declaration, action: Action) -> None:
    """Refuse (TransitionRefused) what the declaration's status does not allow: for other
    domains' actions on a declaration, such as recording an inspection."""
    next_status(declaration.status, action)


def has_any(session: Session, *, created_by_id: int) -> bool:
    return repository.count_created_by(session, created_by_id) > 0


def declaration_for_exchange(session: Session, *, declaration_id: int) -> Declaration | None:
    """A declaration with its items, for the exchange with partner customs (a system process:
    the caller decides what of it leaves the country)."""
    return repository.get(session, declaration_id)


def registered_by_transport_documents(
    session: Session, *, keys: Collection[str]
) -> list[Declaration]:
    """Registered versions in force stating one of these bills of lading or air waybills
    (`keys` upper case without spaces), for the border linking a bill reported after its
    declaration (a system process: the caller decides what of it is shown, and to whom)."""
    return repository.registered_by_transport_documents(session, keys)


def imports_by_reference(
    session: Session, *, transport_document: str | None, invoice_number: str | None
) -> list[Declaration]:
    """Import declarations (latest versions first) carrying this transport document or this
    invoice number: where a partner's pre-arrival data (ACDD) belongs."""
    return repository.imports_by_reference(
        session, transport_document=transport_document, invoice_number=invoice_number
    )
