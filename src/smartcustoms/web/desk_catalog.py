"""Words of the declaration's desk: the dossier viewer, the timeline, the printed
declaration and its public check, the lists' exports. Terms follow GLOSSARY.md."""

from __future__ import annotations

UI: dict[str, tuple[str, str]] = {
    # the dossier viewer
    "dossier_view_title": ("Dossier: view the documents", "Hồ sơ: xem chứng từ"),
    "dossier_view": ("View beside the declaration", "Xem cạnh tờ khai"),
    "dossier_open_new_tab": ("open in a new tab", "mở trong thẻ mới"),
    "dossier_not_shown_inline": (
        "This kind of file cannot be shown in the page.",
        "Loại tệp này không hiển thị được trong trang.",
    ),
    "dossier_download": ("Download it", "Tải về"),
    "dossier_access_title": ("Who opened the dossier", "Nhật ký truy cập hồ sơ"),
    "dossier_access_when": ("When", "Thời điểm"),
    "dossier_access_who": ("Officer", "Công chức hải quan"),
    "dossier_access_none": (
        "No customs officer has opened these documents yet.",
        "Chưa có công chức hải quan nào mở các chứng từ này.",
    ),
    # the timeline
    "tl_title": ("Progress", "Tiến trình xử lý"),
    "tl_submitted": ("Submitted", "Đã gửi tờ khai"),
    "tl_registered": ("Registered", "Đã đăng ký tờ khai"),
    "tl_rejected": ("Rejected", "Bị từ chối"),
    "tl_channel": ("Channel", "Phân luồng"),
    "tl_documents_requested": (
        "Documents requested for the document check",
        "Yêu cầu xuất trình hồ sơ để kiểm tra hồ sơ",
    ),
    "tl_inspection_requested": (
        "Goods to be presented for physical inspection",
        "Yêu cầu xuất trình hàng hóa để kiểm tra thực tế",
    ),
    "tl_checked": ("Check done", "Đã kiểm tra"),
    "tl_paid": ("Taxes paid", "Đã nộp thuế"),
    "tl_approved": ("Release decided", "Đã quyết định thông quan"),
    "tl_stored": ("Released for storage", "Đưa hàng về bảo quản"),
    "tl_released": ("Released", "Đã giải phóng hàng"),
    "tl_cleared": ("Cleared", "Đã thông quan"),
    "tl_cancelled": ("Cancelled", "Đã hủy tờ khai"),
    "tl_amended": ("Amended", "Đã khai sửa đổi, bổ sung"),
    "tl_by": ("by {name}", "bởi {name}"),
    "tl_by_system": ("by the customs system", "bởi hệ thống hải quan"),
    "tl_awaited": ("Awaited now", "Đang chờ"),
    "tl_awaited_submission": ("the declaration's submission", "gửi tờ khai"),
    "tl_awaited_correction": ("a corrected declaration", "tờ khai đã sửa"),
    "tl_awaited_release_decision": ("the release decision", "quyết định thông quan"),
    "tl_party_declarant": ("from the declarant", "từ người khai hải quan"),
    "tl_party_office": ("from the customs office", "từ chi cục hải quan"),
    "tl_party_agency": ("from the inspection agency", "từ cơ quan kiểm tra chuyên ngành"),
    # the printed declaration and its public check
    "print_declaration": ("Print the declaration (PDF)", "In tờ khai (PDF)"),
    "verify_title": ("Check a customs declaration", "Kiểm tra tờ khai hải quan"),
    "verify_genuine": (
        "This declaration is on record with customs.",
        "Tờ khai này có trong hệ thống hải quan.",
    ),
    "verify_unknown": (
        "No declaration matches this code: the printed declaration may be forged.",
        "Không có tờ khai nào khớp với mã này: tờ khai in có thể là giả.",
    ),
    "verify_registered_on": ("Registered on", "Ngày đăng ký"),
    # exports
    "export_csv": ("Export to CSV", "Xuất tệp CSV"),
    "export_xlsx": ("Export to Excel", "Xuất tệp Excel"),
    "channel": ("Channel", "Luồng"),
    "export_sheet_declarations": ("Declarations", "Tờ khai"),
}
