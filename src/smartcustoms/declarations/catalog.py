"""The declarations pages' own words (goods items from a sheet, copies, the cancellation
step, warnings) and the clearance and release pages' words: key -> (English, Vietnamese).
Terms follow GLOSSARY.md (clearance: thông quan; release of goods: giải phóng hàng; release
for storage: đưa hàng về bảo quản); the statuses' names are in web/catalog.py."""

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
    # ------------------------------------------------ goods items from a sheet, copies, warnings
    "import_items_title": ("Import goods items from a sheet", "Nhập dòng hàng từ bảng tính"),
    "import_hint": (
        "Fill in the template (Excel or CSV), one goods item per row, and import it: its rows "
        "replace the goods items below, and the draft is saved with the header above.",
        "Điền mẫu (Excel hoặc CSV), mỗi dòng hàng một dòng, rồi nhập: các dòng của bảng tính "
        "thay cho các dòng hàng bên dưới, và bản nháp được lưu cùng phần thông tin chung ở trên.",
    ),
    "template_xlsx": ("Download the Excel template", "Tải mẫu Excel"),
    "template_csv": ("CSV template", "Mẫu CSV"),
    "items_sheet": ("Sheet (.xlsx or .csv)", "Bảng tính (.xlsx hoặc .csv)"),
    "import_button": ("Import goods items", "Nhập dòng hàng"),
    "sheet_errors_title": (
        "Nothing was imported: correct these cells and import the sheet again.",
        "Chưa nhập dòng hàng nào: hãy sửa các ô sau rồi nhập lại bảng tính.",
    ),
    "items_imported_ok": (
        "Goods items imported and the draft saved: check them, then submit.",
        "Đã nhập dòng hàng và lưu bản nháp: hãy kiểm tra rồi gửi tờ khai.",
    ),
    "copy_declaration": ("Copy to a new declaration", "Sao chép thành tờ khai mới"),
    "copy": ("Copy", "Sao chép"),
    "copied_ok": (
        "A new draft was made from the declaration: enter the new shipment's dates and check "
        "its invoice and bill of lading before submitting.",
        "Đã tạo bản nháp mới từ tờ khai: hãy nhập các ngày của lô hàng mới và kiểm tra hóa "
        "đơn, vận đơn trước khi gửi.",
    ),
    "warnings_title": ("Please check", "Vui lòng kiểm tra"),
    "cancel_confirm_title": ("Cancel this declaration?", "Hủy tờ khai này?"),
    "cancel_confirm_text": (
        "Once cancelled, the declaration no longer has any effect: it cannot be submitted or "
        "amended again, and this cannot be undone.",
        "Sau khi hủy, tờ khai không còn giá trị: không thể gửi hay khai sửa đổi, bổ sung được "
        "nữa, và không thể hoàn tác.",
    ),
    "cancel_confirm_yes": ("Yes, cancel the declaration", "Đồng ý hủy tờ khai"),
    "cancel_keep": ("No, keep it", "Không, giữ lại tờ khai"),
}
