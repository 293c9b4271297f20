"""Words of the administrator's pages: users, enterprises, customs offices and roles.
Terms follow GLOSSARY.md."""

from __future__ import annotations

UI: dict[str, tuple[str, str]] = {
    "admin": ("Administration", "Quản trị"),
    "admin_users": ("Users", "Người dùng"),
    "admin_enterprises": ("Enterprises", "Doanh nghiệp"),
    "admin_offices": ("Customs offices", "Chi cục hải quan"),
    "admin_roles": ("Roles", "Vai trò"),
    "admin_new_user": ("New user", "Thêm người dùng"),
    "admin_new_enterprise": ("New enterprise", "Thêm doanh nghiệp"),
    "admin_new_office": ("New customs office", "Thêm chi cục hải quan"),
    "admin_search_users": (
        "Username, name, e-mail, role or office",
        "Tên đăng nhập, họ tên, thư điện tử, vai trò hoặc chi cục",
    ),
    "admin_search_enterprises": ("Name, tax code or address", "Tên, mã số thuế hoặc địa chỉ"),
    "admin_full_name": ("Full name", "Họ và tên"),
    "admin_email": ("E-mail", "Thư điện tử"),
    "admin_role": ("Role", "Vai trò"),
    "admin_office": ("Customs office", "Chi cục hải quan"),
    "admin_organisation": ("Enterprise", "Doanh nghiệp"),
    "admin_organisation_hint": (
        "The enterprise a trader works for; a broker's own firm.",
        "Doanh nghiệp mà người dùng làm việc; với đại lý hải quan: công ty đại lý.",
    ),
    "admin_mandates": ("May declare for (brokers)", "Được khai thay cho (đại lý)"),
    "admin_mandates_hint": (
        "The enterprises that delegated to this broker's firm (each enterprise grants and "
        "revokes its own delegations).",
        "Các doanh nghiệp đã ủy quyền cho công ty đại lý của người này (mỗi doanh nghiệp tự "
        "cấp và thu hồi ủy quyền của mình).",
    ),
    "admin_none": ("— none —", "— không có —"),
    "admin_state": ("State", "Trạng thái"),
    "admin_active": ("active", "đang hoạt động"),
    "admin_disabled": ("disabled", "đã khóa"),
    "admin_disabled_since": ("Disabled since {when}: {reason}", "Bị khóa từ {when}: {reason}"),
    "admin_created": ("Created", "Ngày tạo"),
    "admin_edit": ("Edit", "Sửa"),
    "admin_save": ("Save", "Lưu"),
    "admin_create": ("Create", "Tạo"),
    "admin_disable": ("Disable the account", "Khóa tài khoản"),
    "admin_disable_reason": ("Reason for disabling", "Lý do khóa"),
    "admin_enable": ("Enable the account", "Mở khóa tài khoản"),
    "admin_reset_password": ("Set a new password", "Đặt mật khẩu mới"),
    "admin_new_password": ("New password", "Mật khẩu mới"),
    "admin_password_hint": (
        "At least 12 characters, not a common or easily guessed one. The user's sessions end.",
        "Ít nhất 12 ký tự, không phải mật khẩu phổ biến hoặc dễ đoán. "
        "Các phiên đăng nhập của người dùng sẽ kết thúc.",
    ),
    "admin_initial_password": ("Initial password", "Mật khẩu ban đầu"),
    "admin_tax_code": ("Tax code (MST)", "Mã số thuế (MST)"),
    "admin_tax_code_fixed": (
        "The tax code identifies the enterprise and cannot be changed.",
        "Mã số thuế định danh doanh nghiệp, không thể thay đổi.",
    ),
    "admin_name": ("Name", "Tên"),
    "admin_address": ("Address", "Địa chỉ"),
    "admin_priority": ("Priority enterprise (AEO)", "Doanh nghiệp ưu tiên"),
    "admin_priority_until": ("Valid until (dd/mm/yyyy)", "Hiệu lực đến (ngày/tháng/năm)"),
    "admin_priority_note": ("Note", "Ghi chú"),
    "admin_set_priority": ("Save the priority status", "Lưu trạng thái ưu tiên"),
    "admin_yes": ("yes", "có"),
    "admin_no": ("no", "không"),
    "admin_office_code": ("Office code", "Mã chi cục"),
    "admin_office_code_fixed": (
        "The code identifies the office and cannot be changed.",
        "Mã chi cục định danh chi cục, không thể thay đổi.",
    ),
    "admin_name_vi": ("Name in Vietnamese", "Tên tiếng Việt"),
    "admin_name_en": ("Name in English", "Tên tiếng Anh"),
    "admin_location": ("UN/LOCODE location", "Mã địa điểm UN/LOCODE"),
    "admin_sample": ("sample data", "dữ liệu mẫu"),
    "admin_roles_intro": (
        "What each role may do. Roles are fixed by the platform; give a user a role on their page.",
        "Quyền của từng vai trò. Vai trò do nền tảng quy định; gán vai trò ở trang của người dùng.",
    ),
    "admin_ability": ("May", "Được phép"),
    "admin_allowed": ("allowed", "được phép"),
    "admin_not_allowed": ("not allowed", "không được phép"),
    "admin_user_saved": ("The user was saved.", "Đã lưu người dùng."),
    "admin_user_created": ("The user was created.", "Đã tạo người dùng."),
    "admin_user_disabled": ("The account was disabled.", "Đã khóa tài khoản."),
    "admin_user_enabled": ("The account was enabled.", "Đã mở khóa tài khoản."),
    "admin_password_set": (
        "The new password was set; the user's sessions ended.",
        "Đã đặt mật khẩu mới; các phiên đăng nhập của người dùng đã kết thúc.",
    ),
    "admin_enterprise_saved": ("The enterprise was saved.", "Đã lưu doanh nghiệp."),
    "admin_priority_saved": ("The priority status was saved.", "Đã lưu trạng thái ưu tiên."),
    "admin_office_saved": ("The customs office was saved.", "Đã lưu chi cục hải quan."),
    "admin_count": ("{count} found", "Tìm thấy {count}"),
    # roles
    "role_trader": ("Enterprise user", "Người dùng doanh nghiệp"),
    "role_broker": ("Customs broker", "Đại lý làm thủ tục hải quan"),
    "role_officer": ("Customs officer", "Công chức hải quan"),
    "role_supervisor": ("Customs supervisor", "Lãnh đạo chi cục"),
    "role_agency_officer": ("Agency officer", "Cán bộ cơ quan kiểm tra chuyên ngành"),
    "role_admin": ("Administrator", "Quản trị viên"),
    "role_gate_system": ("Gate system (machine)", "Hệ thống cổng giám sát (máy)"),
    "role_agency_system": (
        "Agency system (machine)",
        "Hệ thống của cơ quan kiểm tra chuyên ngành (máy)",
    ),
    # abilities (identity.admin_rules.ABILITIES)
    "ability_file_declarations": (
        "File customs declarations",
        "Khai tờ khai hải quan",
    ),
    "ability_act_for_mandates": (
        "Declare for enterprises under a standing authority",
        "Khai thay doanh nghiệp theo ủy quyền",
    ),
    "ability_pay_duties": ("Pay duties and taxes", "Nộp thuế"),
    "ability_search_tariff": ("Search HS codes and the tariff", "Tra cứu mã số HS và biểu thuế"),
    "ability_office_worklist": (
        "Work on the office's declarations",
        "Xử lý tờ khai của chi cục",
    ),
    "ability_document_check": (
        "Do document checks and physical inspections",
        "Kiểm tra hồ sơ và kiểm tra thực tế hàng hóa",
    ),
    "ability_decide_release": (
        "Decide clearance and release",
        "Quyết định thông quan, giải phóng hàng",
    ),
    "ability_view_office_payments": (
        "See the office's payments",
        "Xem các khoản nộp thuế của chi cục",
    ),
    "ability_read_risk_rules": (
        "Read risk rules and models",
        "Xem tiêu chí và mô hình quản lý rủi ro",
    ),
    "ability_change_risk_rules": (
        "Change risk rules and the channel policy",
        "Sửa tiêu chí quản lý rủi ro và chính sách phân luồng",
    ),
    "ability_activate_models": ("Activate a risk model", "Kích hoạt mô hình rủi ro"),
    "ability_set_priority": (
        "Grant or withdraw priority (AEO) status",
        "Công nhận hoặc thu hồi doanh nghiệp ưu tiên",
    ),
    "ability_every_office": ("See every office's declarations", "Xem tờ khai của mọi chi cục"),
    "ability_decide_licences": (
        "Decide licences and specialized inspections for their agency",
        "Quyết định giấy phép và kiểm tra chuyên ngành của cơ quan mình",
    ),
    "ability_report_gate_passages": (
        "Report gate-in and gate-out from a gate's cameras and readers",
        "Gửi dữ liệu qua khu vực giám sát (vào / ra) từ camera và đầu đọc của cổng",
    ),
    "ability_manage_users": (
        "Manage users, enterprises and offices",
        "Quản lý người dùng, doanh nghiệp và chi cục",
    ),
}
