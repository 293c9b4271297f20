"""Typed domain errors, rendered by one handler for the API, the portal and the CLI."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from smartcustoms.kit.bilingual import Both, fill


@dataclass(frozen=True)
class FieldError:
    """One problem with one input field, in both UI languages."""

    path: str  # for programs: `items[1].invoice_value` (zero-based, as JSON counts)
    code: str
    message_en: str
    message_vi: str
    label: Both | None = None  # the field's name as the screen shows it
    line: int | None = None  # the goods line as the screen counts it, from 1

    def message(self, lang: str) -> str:
        return self.message_vi if lang == "vi" else self.message_en

    def where(self, lang: str) -> str:
        """Which field, as users see it: "Line 2, Invoice value" / "Dòng 2, Trị giá hóa đơn"."""
        parts = []
        if self.line is not None:
            parts.append(f"{'Dòng' if lang == 'vi' else 'Line'} {self.line}")
        if self.label is not None:
            parts.append(self.label.vi if lang == "vi" else self.label.en)
        return ", ".join(parts)

    def described(self, lang: str) -> str:
        """The message with the field it is about, for a list of errors away from the form."""
        where = self.where(lang)
        return f"{where}: {self.message(lang)}" if where else self.message(lang)

    def as_dict(self, lang: str = "en") -> dict[str, str | int]:
        found: dict[str, str | int] = {
            "path": self.path,
            "code": self.code,
            "message": self.described(lang),
        }
        if self.label is not None:
            found["field"] = self.label.vi if lang == "vi" else self.label.en
        if self.line is not None:
            found["line"] = self.line
        return found


@dataclass
class DomainError(Exception):
    """A business failure the user can act on; never a server fault."""

    message_en: str = "The request could not be completed."
    message_vi: str = "Không thể thực hiện yêu cầu."
    details: dict[str, Any] = field(default_factory=dict)

    code = "domain_error"
    status = 400
    title = "Request not completed"

    def __post_init__(self) -> None:
        Exception.__init__(self, self.message_en)

    def message(self, lang: str) -> str:
        return self.message_vi if lang == "vi" else self.message_en


class NotFound(DomainError):
    code = "not_found"
    status = 404
    title = "Not found"


class PermissionDenied(DomainError):
    code = "permission_denied"
    status = 403
    title = "Forbidden"


class NotAuthenticated(DomainError):
    code = "not_authenticated"
    status = 401
    title = "Not authenticated"


class Conflict(DomainError):
    """The resource is not in a state that allows this action."""

    code = "conflict"
    status = 409
    title = "Conflict"


class ContentTooLarge(DomainError):
    """A request body over the configured limit; refused before it is read whole."""

    code = "content_too_large"
    status = 413
    title = "Content too large"


class TooManyAttempts(DomainError):
    """Refused for a while after too many failures (sign-in); `details["retry_after"]` holds
    the seconds to wait, sent as the Retry-After header too."""

    code = "too_many_attempts"
    status = 429
    title = "Too many attempts"

    @property
    def retry_after(self) -> int:
        return int(self.details.get("retry_after", 60))


class RuleViolated(DomainError):
    """A business rule forbids the request as it stands."""

    code = "rule_violated"
    status = 422
    title = "Business rule violated"


@dataclass
class ValidationFailed(DomainError):
    """Input breaks one or more rules; every field error is reported at once."""

    errors: list[FieldError] = field(default_factory=list)

    code = "validation_failed"
    status = 422
    title = "Validation failed"


E = TypeVar("E", bound=DomainError)


class Catalogue:
    """A domain's texts keyed by error or reason code: (English, Vietnamese) templates.

    Each domain keeps one in its `messages.py`, so an error's words live apart from the code
    that raises it. Templates use str.format with named placeholders; a placeholder given a
    `Both` takes its English half in the English text and its Vietnamese half in the other.
    """

    def __init__(self, templates: Mapping[str, tuple[str, str]]) -> None:
        self.templates = templates

    def texts(self, key: str, /, **params: object) -> Both:
        """The entry for `key` with its placeholders filled in, in both languages."""
        return fill(self.templates[key], params)

    def field_error(self, path: str, code: str, /, **params: object) -> FieldError:
        """A field error whose messages are the entry for its code."""
        en, vi = fill(self.templates[code], params)
        return FieldError(path, code, en, vi)

    def error(self, kind: Callable[..., E], key: str, /, **params: object) -> E:
        """A typed error (its class keeps its stable `code`) worded by the entry for `key`."""
        en, vi = fill(self.templates[key], params)
        return kind(message_en=en, message_vi=vi)
