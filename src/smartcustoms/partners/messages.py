"""The partners domain's texts in English and Vietnamese, keyed by code. Pure: no I/O."""

from __future__ import annotations

from smartcustoms.errors import Catalogue, ValidationFailed

ERRORS: dict[str, tuple[str, str]] = {
    "admins_only": (
        "Only administrators may register partner customs administrations.",
        "Chỉ quản trị viên mới được đăng ký cơ quan hải quan đối tác.",
    ),
    "partner_not_found": (
        "No partner customs administration is registered for {country}.",
        "Chưa đăng ký cơ quan hải quan đối tác của {country}.",
    ),
    "partner_exists": (
        "A partner customs administration is already registered for {country}.",
        "Đã đăng ký cơ quan hải quan đối tác của {country}.",
    ),
    "country_invalid": (
        "Give the country as its ISO 3166 two-letter code (for example TH).",
        "Hãy ghi mã quốc gia hai chữ cái theo ISO 3166 (ví dụ TH).",
    ),
    "country_unknown": (
        "{country} is not a known country code.",
        "{country} không phải là mã quốc gia hợp lệ.",
    ),
    "country_is_ours": (
        "Viet Nam is not a partner of its own customs.",
        "Việt Nam không phải là đối tác của chính hải quan Việt Nam.",
    ),
    "endpoint_invalid": (
        "The endpoint must be an https address with a host and no user name or password.",
        "Địa chỉ trao đổi phải là địa chỉ https có tên máy, không kèm tên đăng nhập hay mật khẩu.",
    ),
    "endpoint_too_long": (
        "The endpoint is longer than 500 characters.",
        "Địa chỉ trao đổi dài quá 500 ký tự.",
    ),
    "public_key_invalid": (
        "The public key must be an Ed25519 key, as PEM or as its 32 bytes in base64.",
        "Khóa công khai phải là khóa Ed25519, dạng PEM hoặc 32 byte mã hóa base64.",
    ),
}

CATALOGUE = Catalogue(ERRORS)
texts = CATALOGUE.texts
error = CATALOGUE.error
field_error = CATALOGUE.field_error


def invalid(path: str, code: str, /, **params: object) -> ValidationFailed:
    """A refused field, its message also the error's."""
    wrong = field_error(path, code, **params)
    return ValidationFailed(
        message_en=wrong.message_en, message_vi=wrong.message_vi, errors=[wrong]
    )
