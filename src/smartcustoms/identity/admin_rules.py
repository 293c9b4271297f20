"""The checks of the administrator's forms: plain Python. What each role may do is the
policy table (identity/policy.py), which the administrator's roles matrix shows."""

from __future__ import annotations

import re

from smartcustoms.errors import FieldError, PermissionDenied, ValidationFailed
from smartcustoms.identity.admin_messages import error, field_error, texts
from smartcustoms.identity.rules import Actor, Role
from smartcustoms.kit.text import has_control_chars

ALL_ROLES = tuple(Role)


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
