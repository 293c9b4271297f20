"""Texts of the administrator's use cases (users, enterprises, offices), in English and
Vietnamese, keyed by code. Pure: no I/O. Kept apart from `messages.py` so the two grow
without treading on each other."""

from __future__ import annotations

from smartcustoms.errors import Catalogue

ERRORS: dict[str, tuple[str, str]] = {
    "admin_only": (
        "Only an administrator may manage users, enterprises and offices.",
        "Chỉ quản trị viên mới được quản lý người dùng, doanh nghiệp và chi cục.",
    ),
    "field_required": ("{label} is required.", "Phải nhập {label}."),
    "field_too_long": (
        "{label} may have at most {max_length} characters.",
        "{label} chỉ được tối đa {max_length} ký tự.",
    ),
    "field_control_chars": (
        "{label} contains characters that cannot be typed.",
        "{label} chứa ký tự không gõ được.",
    ),
    "username_format": (
        "A username has 3 to 100 letters, digits, dots, dashes or underscores, no spaces.",
        "Tên đăng nhập gồm 3 đến 100 chữ cái, chữ số, dấu chấm, gạch ngang hoặc gạch dưới, "
        "không có khoảng trắng.",
    ),
    "unknown_role": ("Choose a role from the list.", "Hãy chọn một vai trò trong danh sách."),
    "unknown_office": (
        "There is no customs office with code {office_code}.",
        "Không có chi cục hải quan mã {office_code}.",
    ),
    "office_code_format": (
        "An office code has 2 to 8 capital letters or digits.",
        "Mã chi cục gồm 2 đến 8 chữ in hoa hoặc chữ số.",
    ),
    "office_code_taken": (
        "A customs office with code {office_code} already exists.",
        "Chi cục hải quan mã {office_code} đã tồn tại.",
    ),
    "unknown_location": (
        "There is no UN/LOCODE location {code}.",
        "Không có địa điểm UN/LOCODE mã {code}.",
    ),
    "office_not_found": (
        "There is no customs office with code {office_code}.",
        "Không có chi cục hải quan mã {office_code}.",
    ),
    "trader_without_enterprise": (
        "An enterprise user or a customs broker must belong to an enterprise.",
        "Người dùng của doanh nghiệp hoặc đại lý hải quan phải thuộc một doanh nghiệp.",
    ),
    "unknown_enterprise": (
        "One of the enterprises chosen does not exist.",
        "Một trong các doanh nghiệp đã chọn không tồn tại.",
    ),
    "user_not_found_admin": ("User not found.", "Không tìm thấy người dùng."),
    "officer_without_office": (
        "A customs officer must belong to a customs office.",
        "Công chức hải quan phải thuộc một chi cục hải quan.",
    ),
    "enterprise_not_found": ("Enterprise not found.", "Không tìm thấy doanh nghiệp."),
    "user_not_disabled": (
        "The account {username!r} is not disabled.",
        "Tài khoản {username!r} không bị khóa.",
    ),
    "not_on_yourself": (
        "You cannot disable your own account or take away your own administrator role.",
        "Bạn không thể tự khóa tài khoản của mình hoặc tự bỏ vai trò quản trị viên.",
    ),
    "second_factor_not_on": (
        "{username} has no two-factor sign-in to reset.",
        "{username} chưa bật xác thực hai yếu tố nên không có gì để đặt lại.",
    ),
    "second_factor_reset_yourself": (
        "You cannot reset your own two-factor sign-in here: another administrator does it.",
        "Bạn không thể tự đặt lại xác thực hai yếu tố của mình: hãy nhờ quản trị viên khác.",
    ),
    "second_factor_reset_unconfirmed": (
        "Tick the box to confirm you have checked who is asking.",
        "Hãy đánh dấu ô xác nhận rằng bạn đã kiểm tra danh tính người yêu cầu.",
    ),
    "date_format": (
        "{value!r} is not a date: write it as day/month/year, for example 31/12/2026.",
        "{value!r} không phải là ngày: hãy viết theo dạng ngày/tháng/năm, ví dụ 31/12/2026.",
    ),
    "input_invalid": (
        "Please correct the fields marked.",
        "Vui lòng sửa các trường được đánh dấu.",
    ),
}

CATALOGUE = Catalogue(ERRORS)
texts = CATALOGUE.texts
field_error = CATALOGUE.field_error
error = CATALOGUE.error
