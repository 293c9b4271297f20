"""The clearance and release pages' words: key -> (English, Vietnamese). Terms follow
GLOSSARY.md (clearance: thông quan; release of goods: giải phóng hàng; release for storage:
đưa hàng về bảo quản); the statuses' names are in web/catalog.py."""

from __future__ import annotations

UI: dict[str, tuple[str, str]] = {
    "clearance_title": ("Clearance and release", "Thông quan và giải phóng hàng"),
    "clearance_registered": ("The goods are not released yet.", "Hàng hóa chưa được giải phóng."),
    "clearance_approved": (
        "The officer decided the release; the goods wait for the remaining conditions.",
        "Công chức hải quan đã quyết định giải phóng hàng; hàng chờ đủ các điều kiện còn lại.",
    ),
    "clearance_stored": (
        "Released for storage: the goods are kept at a storage place until the procedure ends; "
        "they are not released yet.",
        "Đưa hàng về bảo quản: hàng hóa được bảo quản tại địa điểm đăng ký cho đến khi hoàn "
        "thành thủ tục, chưa được giải phóng.",
    ),
    "clearance_released": (
        "Released pending tax determination: the goods may be taken; the declaration is "
        "cleared once the taxes are settled.",
        "Giải phóng hàng chờ xác định thuế: hàng hóa được đưa về sử dụng; tờ khai được thông "
        "quan khi hoàn thành nghĩa vụ thuế.",
    ),
    "clearance_cleared": (
        "Cleared: the goods are released.",
        "Đã thông quan: hàng hóa được giải phóng.",
    ),
    "clearance_waiting_for": ("Waiting for: {items}.", "Đang chờ: {items}."),
    "clearance_decide": ("Decide on the goods", "Quyết định đối với hàng hóa"),
    "clearance_decision_release": ("Release the goods", "Quyết định giải phóng hàng"),
    "clearance_decision_storage": ("Release for storage", "Cho đưa hàng về bảo quản"),
    "clearance_decision_pending_tax": (
        "Release pending tax determination",
        "Giải phóng hàng chờ xác định thuế",
    ),
    "clearance_note": (
        "Note (required for storage and pending tax)",
        "Ghi chú (bắt buộc khi đưa hàng về bảo quản hoặc giải phóng hàng chờ xác định thuế)",
    ),
    "clearance_decided_ok": ("Decision recorded.", "Đã ghi nhận quyết định."),
    "clearance_released_by": (
        "Released by customs officer {name} at {at}.",
        "Hàng hóa được công chức hải quan {name} quyết định giải phóng lúc {at}.",
    ),
    "trs_by_officer": ("by customs officer {name}", "công chức hải quan {name}"),
    "trs_title": ("Time release", "Thời gian giải phóng hàng"),
    "trs_registered_at": ("Registered", "Đăng ký"),
    "trs_decided_at": ("Officer's decision", "Quyết định của công chức hải quan"),
    "trs_released_at": ("Released", "Giải phóng hàng"),
    "trs_cleared_at": ("Cleared", "Thông quan"),
    "trs_registration_to_release": (
        "From registration to release",
        "Từ khi đăng ký đến khi giải phóng hàng",
    ),
}
