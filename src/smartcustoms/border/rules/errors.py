"""The border domain's typed errors; their texts are in `border.messages`. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from smartcustoms.border.messages import texts
from smartcustoms.errors import (
    Conflict,
    DomainError,
    FieldError,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from smartcustoms.kit.bilingual import Both


@dataclass
class ManifestInvalid(ValidationFailed):
    code = "manifest_invalid"


class UnsupportedContent(DomainError):
    code = "unsupported_content"
    status = 415


class DocumentReused(Conflict):
    code = "document_reused"


class GateUnknown(NotFound):
    code = "gate_unknown"


class GateOutRefused(Conflict):
    code = "gate_out_refused"


class SlotRefused(Conflict):
    code = "slot_refused"


class DoubleBooking(Conflict):
    code = "double_booking"


class BookingNotYours(PermissionDenied):
    code = "booking_not_yours"


class GateConfigInvalid(ValidationFailed):
    code = "gate_config_invalid"


def manifest_invalid(errors: list[FieldError]) -> ManifestInvalid:
    en, vi = texts("manifest_invalid", count=len(errors))
    return ManifestInvalid(message_en=en, message_vi=vi, errors=errors)


def reason_text(code: str, **params: object) -> Both:
    return texts(f"reason.{code}", **params)


def gate_out_refused(reason: str, **params: object) -> GateOutRefused:
    en, vi = texts("gate_out_refused", reason=reason_text(reason, **params))
    return GateOutRefused(message_en=en, message_vi=vi, details={"reason": reason, "about": params})


def slot_refused(code: str, **params: object) -> SlotRefused:
    en, vi = texts(code, **params)
    return SlotRefused(message_en=en, message_vi=vi, details={"reason": code})
