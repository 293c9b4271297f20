"""The identity domain's texts in English and Vietnamese, keyed by code. Pure: no I/O.

Typed errors and field errors are keyed by their stable `code` (`invalid_credentials`);
those of the shared classes (Conflict, NotFound …, whose `code` stays generic) by a key of
their own (`username_taken`), dotted when one code has a second wording
(`invalid_tax_code.summary`). Terms follow GLOSSARY.md.
"""

from __future__ import annotations

from smartcustoms.errors import Catalogue

ERRORS: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------ organisations and users
    "invalid_tax_code.summary": (
        "Invalid tax code (MST) {raw!r}.",
        "Mã số thuế (MST) {raw!r} không hợp lệ.",
    ),
    # The checker's own reason is in English only, so the Vietnamese text leaves it out.
    "invalid_tax_code": (
        "{raw!r} is not a valid Vietnamese tax code: {reason}",
        "{raw!r} không phải là mã số thuế hợp lệ",
    ),
    "tax_code_taken": (
        "An enterprise with tax code {tax_code} already exists.",
        "Doanh nghiệp có mã số thuế {tax_code} đã tồn tại.",
    ),
    "password_too_short": (
        "The password must have at least {minimum} characters.",
        "Mật khẩu phải có ít nhất {minimum} ký tự.",
    ),
    "password_blank": (
        "The password cannot be empty or only spaces.",
        "Mật khẩu không được để trống hoặc chỉ có khoảng trắng.",
    ),
    "password_common": (
        "This password is one of the most common ones; choose another.",
        "Mật khẩu này nằm trong danh sách mật khẩu phổ biến nhất; hãy chọn mật khẩu khác.",
    ),
    "password_weak": (
        "This password is too easy to guess; use a longer phrase of unrelated words.",
        "Mật khẩu này quá dễ đoán; hãy dùng một cụm dài gồm các từ không liên quan.",
    ),
    "username_taken": (
        "The username {username!r} is taken.",
        "Tên đăng nhập {username!r} đã được sử dụng.",
    ),
    "officer_without_office": (
        "A customs officer must belong to a customs office.",
        "Công chức hải quan phải thuộc một chi cục hải quan.",
    ),
    "organisation_not_found": ("Organisation not found.", "Không tìm thấy tổ chức."),
    # ------------------------------------------------------------ signing in
    "invalid_credentials": (
        "Wrong username or password.",
        "Sai tên đăng nhập hoặc mật khẩu.",
    ),
    "sign_in_locked_account": (
        "Too many failed sign-ins for this account. Try again in {minutes} minute(s).",
        "Tài khoản này đã đăng nhập sai quá nhiều lần. Hãy thử lại sau {minutes} phút.",
    ),
    "sign_in_locked_address": (
        "Too many failed sign-ins from your network address. Try again in {minutes} minute(s).",
        "Địa chỉ mạng của bạn đã đăng nhập sai quá nhiều lần. Hãy thử lại sau {minutes} phút.",
    ),
    "session_no_longer_valid": (
        "Your session is no longer valid; please sign in again.",
        "Phiên làm việc không còn hiệu lực; vui lòng đăng nhập lại.",
    ),
    "invalid_access_token": (
        "The access token is invalid or expired.",
        "Mã truy cập không hợp lệ hoặc đã hết hạn.",
    ),
    # ------------------------------------------------------------ disabling and revoking
    "user_not_found": ("User not found.", "Không tìm thấy người dùng."),
    "disable_reason_invalid": (
        "Give the reason for disabling the account "
        "(1 to {max_length} characters, no control characters).",
        "Hãy nêu lý do khóa tài khoản (từ 1 đến {max_length} ký tự, không có ký tự điều khiển).",
    ),
    "user_already_disabled": (
        "The account {username!r} is already disabled.",
        "Tài khoản {username!r} đã bị khóa.",
    ),
}

CATALOGUE = Catalogue(ERRORS)
texts = CATALOGUE.texts
field_error = CATALOGUE.field_error
error = CATALOGUE.error
