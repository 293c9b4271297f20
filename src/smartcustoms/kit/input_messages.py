"""What a user reads when a value does not have the expected shape, in both languages.

Pydantic reports each refused value with a stable `type` (`missing`, `string_too_long` …)
and an English text written for developers ("Input should be a valid integer"). Users get
these texts instead, keyed by that type and filled from the error's context; the platform's
own validators (kit.wire, kit.text, an HS code) raise their refusals with types of their own,
worded here too. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smartcustoms.kit.bilingual import Both, fill

_WHOLE = ("Type a whole number.", "Nhập một số nguyên.")
_NUMBER = ("Type a number, such as 12500.5.", "Nhập một số, ví dụ 12500.5.")
_DATE = (
    "Type a real date as day/month/year, for example 31/12/2026 (programs send YYYY-MM-DD).",
    "Nhập ngày có thật theo dạng ngày/tháng/năm, ví dụ 31/12/2026 (chương trình gửi YYYY-MM-DD).",
)
_OBJECT = ("Send an object with named fields.", "Hãy gửi một đối tượng có các trường.")

INPUT_ERRORS: dict[str, tuple[str, str]] = {
    "missing": ("This field is required.", "Trường này là bắt buộc."),
    "extra_forbidden": ("This field is not expected here.", "Trường này không được phép."),
    "string_type": ("Type this as text.", "Trường này phải là văn bản."),
    "string_too_long": ("At most {max_length} characters.", "Tối đa {max_length} ký tự."),
    "string_too_short": ("This field is required.", "Trường này là bắt buộc."),
    "string_pattern_mismatch": (
        "This is not written in the expected format.",
        "Giá trị không đúng định dạng.",
    ),
    "int_type": _WHOLE,
    "int_parsing": _WHOLE,
    "int_from_float": _WHOLE,
    "decimal_type": _NUMBER,
    "decimal_parsing": _NUMBER,
    "float_type": _NUMBER,
    "float_parsing": _NUMBER,
    "decimal_max_digits": ("At most {max_digits} digits.", "Tối đa {max_digits} chữ số."),
    "decimal_max_places": (
        "At most {decimal_places} decimals.",
        "Tối đa {decimal_places} chữ số thập phân.",
    ),
    "decimal_whole_digits": (
        "At most {whole_digits} digits before the decimals.",
        "Phần nguyên tối đa {whole_digits} chữ số.",
    ),
    "greater_than": ("Must be more than {gt}.", "Phải lớn hơn {gt}."),
    "greater_than_equal": ("Must be at least {ge}.", "Phải từ {ge} trở lên."),
    "less_than": ("Must be less than {lt}.", "Phải nhỏ hơn {lt}."),
    "less_than_equal": ("Must be at most {le}.", "Không được lớn hơn {le}."),
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "datetime_type": (
        "Type the time as 2026-12-03T10:00:00+07:00.",
        "Nhập thời điểm theo định dạng 2026-12-03T10:00:00+07:00.",
    ),
    "datetime_parsing": (
        "Type the time as 2026-12-03T10:00:00+07:00.",
        "Nhập thời điểm theo định dạng 2026-12-03T10:00:00+07:00.",
    ),
    "bool_type": ("Answer true or false.", "Trả lời true hoặc false."),
    "bool_parsing": ("Answer true or false.", "Trả lời true hoặc false."),
    "enum": ("Choose one of: {expected}.", "Chọn một trong: {expected}."),
    "literal_error": ("Choose one of: {expected}.", "Chọn một trong: {expected}."),
    "list_type": ("Send a list.", "Hãy gửi một danh sách."),
    "too_short": ("At least {min_length} entries are needed.", "Cần ít nhất {min_length} mục."),
    "too_long": ("At most {max_length} entries.", "Tối đa {max_length} mục."),
    "dict_type": _OBJECT,
    "model_type": _OBJECT,
    "model_attributes_type": _OBJECT,
    "json_invalid": ("The body is not valid JSON.", "Nội dung gửi lên không phải JSON hợp lệ."),
    "json_type": ("The body is not valid JSON.", "Nội dung gửi lên không phải JSON hợp lệ."),
    # The platform's own validators (kit.wire, kit.text, declarations.schemas).
    "whole_number": _WHOLE,
    "whole_number_range": (
        "Type a whole number from {minimum} to {maximum}.",
        "Nhập một số nguyên từ {minimum} đến {maximum}.",
    ),
    "amount_format": (
        "Type the amount with digits and at most {places} decimals after a point, "
        'such as "12500.5".',
        'Nhập số tiền bằng chữ số, tối đa {places} chữ số thập phân sau dấu chấm, ví dụ "12500.5".',
    ),
    "iso_date": _DATE,
    "iso_time": (
        "Type the time as 2026-12-03T10:00:00+07:00.",
        "Nhập thời điểm theo định dạng 2026-12-03T10:00:00+07:00.",
    ),
    "control_characters": (
        "Remove the control characters (tabs, line breaks …) from this text.",
        "Hãy bỏ các ký tự điều khiển (tab, xuống dòng …) khỏi văn bản này.",
    ),
    "blank_text": ("This field is required.", "Trường này là bắt buộc."),
    "hs_code_format": (
        "An HS code has 8 digits, with dots or spaces if you like (8517.13.00).",
        "Mã số HS gồm 8 chữ số, có thể có dấu chấm hoặc khoảng trắng (8517.13.00).",
    ),
}

INVALID = ("This value is not valid.", "Giá trị không hợp lệ.")


def input_error_texts(kind: str, context: Mapping[str, Any] | None = None) -> Both:
    """The user's words for a refused value of this pydantic error type."""
    templates = INPUT_ERRORS.get(kind, INVALID)
    params = {name: _plain(value) for name, value in (context or {}).items()}
    try:
        return fill(templates, params)
    except (KeyError, IndexError, ValueError):  # a context without the placeholder's value
        return Both(*INVALID)


def _plain(value: Any) -> object:
    return value if isinstance(value, int | str | Both) else str(value)
