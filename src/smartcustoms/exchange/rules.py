"""What the exchange formats share: a refused message, and the registration answer. Pure.

A message that cannot be filed is refused whole, with every error at once, each placed in
the message as its sender wrote it: an XML element's path and line, an EDIFACT segment's tag,
position and line. Nothing of it is stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from smartcustoms.errors import DomainError, FieldError, ValidationFailed
from smartcustoms.exchange.messages import texts
from smartcustoms.kit.bilingual import Both


@dataclass
class MessageRefused(ValidationFailed):
    """A message (XML or EDIFACT) that cannot be filed; `errors` place each fault."""

    code = "message_refused"
    status = 422
    title = "Message refused"


class UnsupportedContent(DomainError):
    """A body sent in a media type the operation does not read."""

    code = "unsupported_content"
    status = 415
    title = "Unsupported media type"


@dataclass(frozen=True)
class Place:
    """Where in the message a fault is: `path` names the element or segment, `line` counts
    from 1 (0: not known)."""

    path: str
    line: int = 0


def placed(error: FieldError, place: Place) -> FieldError:
    """The error at `place`: its path, and its messages saying the line."""
    if not place.line:
        return FieldError(place.path, error.code, error.message_en, error.message_vi)
    en, vi = texts("at_line", message=Both(error.message_en, error.message_vi), line=place.line)
    return FieldError(place.path, error.code, en, vi)


def refused(kind: str, errors: Sequence[FieldError], places: Sequence[Place]) -> MessageRefused:
    """The message refused with its errors, each at its place (`kind`: xml or edifact)."""
    en, vi = texts(f"{kind}_refused", count=len(errors))
    return MessageRefused(
        message_en=en,
        message_vi=vi,
        errors=list(errors),
        details={"locations": [{"path": p.path, "line": p.line} for p in places]},
    )


@dataclass(frozen=True)
class RegistrationAnswer:
    """What a filing came to, as the exchange formats answer it (CUSRES, the XML filing)."""

    declaration_id: int | None
    number: str | None
    status: str  # the declaration's status; "refused": nothing was filed
    channel: str | None = None  # green | yellow | red, once risk has chosen
    errors: tuple[FieldError, ...] = field(default_factory=tuple)

    @property
    def accepted(self) -> bool:
        return self.number is not None
