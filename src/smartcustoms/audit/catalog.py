"""The audit trail page's words: key -> (English, Vietnamese). Terms follow GLOSSARY.md."""

from __future__ import annotations

UI: dict[str, tuple[str, str]] = {
    "aud_trail": ("Audit trail", "Nhật ký kiểm toán"),
    "aud_intro": (
        "Every state change, chained by its hash to the one before, in the same transaction as"
        " the change. Signed checkpoints of the chain's head let anyone holding them detect a"
        " chain truncated or rewritten.",
        "Mọi thay đổi trạng thái, nối với bản ghi trước bằng mã băm, trong cùng giao dịch với"
        " thay đổi. Các điểm neo đã ký của đầu chuỗi giúp bất kỳ ai giữ chúng phát hiện chuỗi"
        " bị cắt hoặc bị viết lại.",
    ),
    "aud_status": ("Verification", "Kiểm tra tính toàn vẹn"),
    "aud_last_checkpoint": ("Last signed checkpoint", "Điểm neo đã ký gần nhất"),
    "aud_checkpoint_of": (
        "record {seq}, signed {at}",
        "bản ghi {seq}, ký lúc {at}",
    ),
    "aud_no_checkpoint": ("none yet", "chưa có"),
    "aud_chain_length": ("Records in the chain", "Số bản ghi trong chuỗi"),
    "aud_verify_now": ("Verify the whole chain now", "Kiểm tra toàn bộ chuỗi ngay"),
    "aud_verified_ok": ("Verified up to record {seq}", "Đã kiểm tra đến bản ghi {seq}"),
    "aud_verified_broken": ("Broken", "Bị phá vỡ"),
    "aud_search": ("Search", "Tìm kiếm"),
    "aud_actor": ("Actor (user name)", "Người thực hiện (tên đăng nhập)"),
    "aud_object_type": ("Object", "Đối tượng"),
    "aud_object_id": ("Object number", "Số đối tượng"),
    "aud_action": ("Action (starts with)", "Hành động (bắt đầu bằng)"),
    "aud_from": ("From", "Từ ngày"),
    "aud_to": ("To", "Đến ngày"),
    "aud_any": ("Any", "Tất cả"),
    "aud_seq": ("No.", "STT"),
    "aud_when": ("When", "Thời điểm"),
    "aud_who": ("Who", "Người thực hiện"),
    "aud_for": ("On behalf of", "Thay mặt"),
    "aud_what": ("Action", "Hành động"),
    "aud_object": ("Object", "Đối tượng"),
    "aud_none": ("No record matches.", "Không có bản ghi nào phù hợp."),
    "aud_shown": (
        "The latest {count} matching records, newest first.",
        "{count} bản ghi phù hợp gần nhất, mới nhất trước.",
    ),
    "aud_unknown_user": ("No user has this name.", "Không có người dùng tên này."),
    "aud_bad_date": ("Give dates as the date picker does.", "Hãy nhập ngày bằng bộ chọn ngày."),
    "aud_system": ("the platform", "hệ thống"),
    "aud_type_declaration": ("Declaration", "Tờ khai"),
    "aud_type_user": ("User account", "Tài khoản người dùng"),
    "aud_type_organisation": ("Enterprise", "Doanh nghiệp"),
    "aud_type_payment": ("Payment", "Thanh toán"),
    "aud_type_account": ("Account (cash, deferment)", "Tài khoản (ký quỹ, ân hạn)"),
    "aud_type_guarantee": ("Guarantee", "Bảo lãnh"),
    "aud_type_tax_debt": ("Tax debt", "Nợ thuế"),
    "aud_type_risk_rule": ("Risk rule", "Tiêu chí rủi ro"),
    "aud_type_risk_policy": ("Selectivity policy", "Chính sách phân luồng"),
    "aud_type_risk_model": ("Risk model", "Mô hình rủi ro"),
    "aud_type_certificate": ("Signing certificate", "Chứng thư số"),
    "aud_type_document": ("Document", "Chứng từ"),
    "aud_type_permit": ("Licence application", "Hồ sơ cấp phép"),
    "aud_type_gate": ("Gate", "Cổng"),
    "aud_type_manifest": ("Manifest", "Bản khai hàng hóa"),
    "aud_type_partner": ("Partner customs", "Hải quan đối tác"),
    "aud_type_notification": ("Notification", "Thông báo"),
    "aud_type_reference": ("Reference data", "Dữ liệu danh mục"),
    "aud_type_tariff": ("Tariff schedule", "Biểu thuế"),
}
