"""What each role may do (the read-only matrix the administrator sees) and the checks of
the administrator's forms: plain Python."""

from __future__ import annotations

import re
from dataclasses import dataclass

from smartcustoms.errors import FieldError, PermissionDenied, ValidationFailed
from smartcustoms.identity.admin_messages import error, field_error, texts
from smartcustoms.identity.rules import CUSTOMS_ROLES, TRADE_ROLES, Actor, Role
from smartcustoms.kit.text import has_control_chars

ALL_ROLES = tuple(Role)
_SUPERVISING = frozenset({Role.SUPERVISOR, Role.ADMIN})
_CUSTOMS_OR_ADMIN = CUSTOMS_ROLES | {Role.ADMIN}


@dataclass(frozen=True)
class Ability:
    """One thing a user may do, by its catalogue key, and the roles that may do it."""

    key: str
    roles: frozenset[Role]


# The same role sets the services check (Actor.is_trade, risk.access, payments.access …).
ABILITIES: tuple[Ability, ...] = (
    Ability("ability_file_declarations", TRADE_ROLES),
    Ability("ability_act_for_mandates", frozenset({Role.BROKER})),
    Ability("ability_pay_duties", TRADE_ROLES),
    Ability("ability_search_tariff", frozenset(Role) - {Role.GATE_SYSTEM}),
    Ability("ability_office_worklist", CUSTOMS_ROLES),
    Ability("ability_document_check", CUSTOMS_ROLES),
    Ability("ability_decide_release", CUSTOMS_ROLES),
    Ability("ability_view_office_payments", _CUSTOMS_OR_ADMIN),
    Ability("ability_read_risk_rules", _CUSTOMS_OR_ADMIN),
    Ability("ability_change_risk_rules", _SUPERVISING),
    Ability("ability_activate_models", _SUPERVISING),
    Ability("ability_set_priority", _SUPERVISING),
    Ability("ability_every_office", frozenset({Role.ADMIN})),
    Ability("ability_manage_users", frozenset({Role.ADMIN})),
    Ability("ability_decide_licences", frozenset({Role.AGENCY_OFFICER, Role.AGENCY_SYSTEM})),
    Ability("ability_report_gate_passages", frozenset({Role.GATE_SYSTEM})),
)


def require_admin(actor: Actor) -> None:
    if actor.role != Role.ADMIN:
        raise error(PermissionDenied, "admin_only")


_USERNAME = re.compile(r"[A-Za-z0-9._-]{3,100}")
_OFFICE_CODE = re.compile(r"[0-9A-Z]{2,8}")


def text_problem(
    path: str, value: str, label: tuple[str, str], *, max_length: int, required: bool = True
) -> FieldError | None:
    """What is wrong with a typed text, named by its field's label (English, Vietnamese)."""
    if not value.strip():
        return _labelled(path, "field_required", label) if required else None
    if len(value) > max_length:
        return _labelled(path, "field_too_long", label, max_length=max_length)
    if has_control_chars(value):
        return _labelled(path, "field_control_chars", label)
    return None


def _labelled(path: str, code: str, label: tuple[str, str], **params: object) -> FieldError:
    en = field_error(path, code, label=label[0], **params).message_en
    vi = field_error(path, code, label=label[1], **params).message_vi
    return FieldError(path, code, en, vi)


def username_problem(username: str) -> FieldError | None:
    return None if _USERNAME.fullmatch(username) else field_error("username", "username_format")


def office_code_problem(code: str) -> FieldError | None:
    return None if _OFFICE_CODE.fullmatch(code) else field_error("code", "office_code_format")


def role_of(raw: str) -> Role | None:
    try:
        return Role(raw)
    except ValueError:
        return None


def refuse(problems: list[FieldError | None]) -> None:
    """Raise every problem found at once, if any."""
    found = [p for p in problems if p is not None]
    if found:
        en, vi = texts("input_invalid")
        raise ValidationFailed(message_en=en, message_vi=vi, errors=found)
