"""The partner exchange page's words: key -> (English, Vietnamese). Terms follow GLOSSARY.md."""

from __future__ import annotations

UI: dict[str, tuple[str, str]] = {
    "ptn_messages": ("Exchange with partner customs", "Trao đổi với hải quan đối tác"),
    "ptn_messages_intro": (
        "Signed messages sent to and received from partner customs administrations: ACDD of "
        "exports at release, ACDD of imports expected, e-C/O. A message a partner has not "
        "acknowledged is sent again with growing waits; send one again now after an outage.",
        "Các thông điệp có chữ ký gửi tới và nhận từ cơ quan hải quan đối tác: ACDD của hàng "
        "xuất khẩu khi giải phóng hàng, ACDD của hàng nhập khẩu sắp đến, C/O điện tử. Thông "
        "điệp chưa được đối tác xác nhận sẽ được gửi lại với thời gian chờ tăng dần; có thể gửi "
        "lại ngay khi đối tác hoạt động trở lại.",
    ),
    "ptn_none": ("No message exchanged yet.", "Chưa có thông điệp trao đổi nào."),
    "ptn_all": ("All", "Tất cả"),
    "ptn_direction": ("Direction", "Chiều"),
    "ptn_partner": ("Partner", "Đối tác"),
    "ptn_type": ("Message", "Thông điệp"),
    "ptn_state": ("State", "Trạng thái"),
    "ptn_attempts": ("Attempts", "Số lần gửi"),
    "ptn_next": ("Next attempt", "Lần gửi tiếp theo"),
    "ptn_last_error": ("Last answer", "Phản hồi gần nhất"),
    "ptn_declaration": ("Declaration", "Tờ khai"),
    "ptn_reference": ("Reference", "Số tham chiếu"),
    "ptn_facts": ("Discrepancies", "Chênh lệch"),
    "ptn_made": ("Made", "Thời điểm tạo"),
    "ptn_retry": ("Send again now", "Gửi lại ngay"),
    "ptn_retried": (
        "Queued again: the worker sends it at its next pass.",
        "Đã đưa lại vào hàng đợi: thông điệp sẽ được gửi ở lượt xử lý tiếp theo.",
    ),
    "ptn_fact_value": ("value", "trị giá"),
    "ptn_fact_quantity": ("quantity", "số lượng"),
    "ptn_declared": ("declared", "khai báo"),
    "ptn_exported": ("exported", "nước xuất khẩu"),
}
