"""The notifications domain's texts in English and Vietnamese, keyed by code. Pure: no I/O.

`title.<code>` names each notification code (rules.Code) as the trader reads it; the rest
are errors. Terms follow GLOSSARY.md.
"""

from __future__ import annotations

from smartcustoms.errors import Catalogue, ValidationFailed

TITLES: dict[str, tuple[str, str]] = {
    "title.declaration_registered": ("Declaration registered", "Tờ khai đã được đăng ký"),
    "title.declaration_rejected": ("Declaration rejected", "Tờ khai bị từ chối"),
    "title.channel_selected": ("Channel selected", "Đã phân luồng tờ khai"),
    "title.documents_requested": (
        "Documents requested (yellow channel)",
        "Yêu cầu xuất trình hồ sơ (luồng vàng)",
    ),
    "title.inspection_recorded": ("Check result recorded", "Đã ghi nhận kết quả kiểm tra"),
    "title.duty_due": ("Duty due", "Sắp đến hạn nộp thuế"),
    "title.duty_overdue": ("Duty overdue", "Quá hạn nộp thuế"),
    "title.balance_low": ("Account balance low", "Số dư tài khoản thấp"),
    "title.duty_paid": ("Taxes paid or guaranteed", "Đã nộp hoặc được bảo lãnh thuế"),
    "title.goods_released": (
        "Goods released pending tax determination",
        "Giải phóng hàng chờ xác định số thuế",
    ),
    "title.goods_stored": ("Goods released for storage", "Đưa hàng về bảo quản"),
    "title.declaration_cleared": ("Goods cleared", "Tờ khai đã thông quan"),
    "title.declaration_cancelled": ("Declaration cancelled", "Tờ khai đã bị hủy"),
    "title.licence_decided": ("Licence decided", "Đã có kết quả cấp phép"),
}

ERRORS: dict[str, tuple[str, str]] = {
    "notification_not_found": (
        "Notification {notification_id} not found.",
        "Không tìm thấy thông báo {notification_id}.",
    ),
    "delivery_not_found": (
        "Delivery {delivery_id} not found.",
        "Không tìm thấy lần gửi {delivery_id}.",
    ),
    "enterprise_not_found": (
        "Enterprise {enterprise_id} not found.",
        "Không tìm thấy doanh nghiệp {enterprise_id}.",
    ),
    "enterprise_required": (
        "Say which enterprise (enterprise_id).",
        "Hãy chọn doanh nghiệp (enterprise_id).",
    ),
    "own_trader_only": (
        "Only the enterprise's own traders may set where its notifications go.",
        "Chỉ người khai của chính doanh nghiệp mới được đặt địa chỉ nhận thông báo.",
    ),
    "operators_only": (
        "Only supervisors and administrators may see and replay undelivered notifications.",
        "Chỉ lãnh đạo và quản trị viên mới được xem và gửi lại thông báo chưa gửi được.",
    ),
    "no_endpoint": (
        "This enterprise has no callback URL registered.",
        "Doanh nghiệp chưa đăng ký địa chỉ nhận thông báo.",
    ),
    "replay_window_passed": (
        "Notification {notification_id} is older than 90 days: it can no longer be replayed.",
        "Thông báo {notification_id} đã quá 90 ngày: không thể gửi lại.",
    ),
    "not_dead": (
        "Delivery {delivery_id} is not on the dead-letter list.",
        "Lần gửi {delivery_id} không nằm trong danh sách gửi thất bại.",
    ),
    "callback_url_invalid": (
        "The callback URL must be an http(s) address with a host and no user name or password.",
        "Địa chỉ nhận thông báo phải là địa chỉ http(s) có tên máy, không kèm tên đăng nhập "
        "hay mật khẩu.",
    ),
    "callback_url_not_https": (
        "The callback URL must use HTTPS.",
        "Địa chỉ nhận thông báo phải dùng HTTPS.",
    ),
    "callback_url_internal": (
        "The callback URL points to a private or loopback address.",
        "Địa chỉ nhận thông báo trỏ tới địa chỉ nội bộ hoặc loopback.",
    ),
    "callback_url_too_long": (
        "The callback URL is longer than 500 characters.",
        "Địa chỉ nhận thông báo dài quá 500 ký tự.",
    ),
    "too_many_ids": (
        "Acknowledge at most {limit} notifications at once.",
        "Chỉ xác nhận tối đa {limit} thông báo mỗi lần.",
    ),
}

CATALOGUE = Catalogue(TITLES | ERRORS)
texts = CATALOGUE.texts
error = CATALOGUE.error
field_error = CATALOGUE.field_error


def invalid(path: str, code: str, /, **params: object) -> ValidationFailed:
    """A refused field, its message also the error's."""
    wrong = field_error(path, code, **params)
    return ValidationFailed(
        message_en=wrong.message_en, message_vi=wrong.message_vi, errors=[wrong]
    )
