"""The notifications pages' words: key -> (English, Vietnamese). Terms follow GLOSSARY.md."""

from __future__ import annotations

UI: dict[str, tuple[str, str]] = {
    "ntf_dead_letters": ("Undelivered notifications", "Thông báo gửi không thành công"),
    "ntf_dead_letters_intro": (
        "Pushes to a trader's callback URL that went unanswered for 14 days. Replay one when "
        "the trader's system is back: it is sent again at once and retried for 14 more days.",
        "Các thông báo gửi tới địa chỉ nhận của doanh nghiệp không được phản hồi trong 14 "
        "ngày. Hãy gửi lại khi hệ thống của doanh nghiệp hoạt động trở lại: thông báo được gửi "
        "ngay và thử lại thêm 14 ngày.",
    ),
    "ntf_none_dead": ("Every notification was delivered.", "Mọi thông báo đã được gửi thành công."),
    "ntf_total": ("Undelivered in all", "Tổng số chưa gửi được"),
    "ntf_notification": ("Notification", "Thông báo"),
    "ntf_enterprise": ("Enterprise", "Doanh nghiệp"),
    "ntf_created": ("Made", "Thời điểm tạo"),
    "ntf_url": ("Callback URL", "Địa chỉ nhận"),
    "ntf_attempts": ("Attempts", "Số lần gửi"),
    "ntf_last_error": ("Last answer", "Phản hồi gần nhất"),
    "ntf_replay": ("Replay", "Gửi lại"),
    "ntf_replayed": (
        "Queued again: the worker sends it now.",
        "Đã đưa lại vào hàng đợi: thông báo sẽ được gửi ngay.",
    ),
    "ntf_declaration": ("Declaration", "Tờ khai"),
}
