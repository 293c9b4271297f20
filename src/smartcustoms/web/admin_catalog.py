"""Words of the administrator's pages: users, enterprises, customs offices and roles.
Terms follow GLOSSARY.md."""

from __future__ import annotations

from smartcustoms.identity.policy import ACTIONS

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
    "admin_second_factor": ("Two-factor sign-in", "Xác thực hai yếu tố"),
    "admin_second_factor_on": (
        "On since {when}.",
        "Đã bật từ {when}.",
    ),
    "admin_second_factor_off": ("Not set up.", "Chưa thiết lập."),
    "admin_second_factor_reset": ("Reset two-factor sign-in", "Đặt lại xác thực hai yếu tố"),
    "admin_second_factor_reset_hint": (
        "For a lost or replaced phone: the user's authenticator and recovery codes stop "
        "working, they set up a new one at their next sign-in, and their sessions end.",
        "Khi người dùng mất hoặc đổi điện thoại: ứng dụng xác thực và mã khôi phục cũ hết hiệu "
        "lực, người dùng thiết lập lại ở lần đăng nhập sau, và các phiên đăng nhập kết thúc.",
    ),
    "admin_second_factor_confirm": (
        "I have checked that the request comes from this user.",
        "Tôi đã kiểm tra yêu cầu này đúng là của người dùng này.",
    ),
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
        "What each role may do, and for whom: the policy table every page and API call "
        "consults. Roles are fixed by the platform; give a user a role on their page.",
        "Quyền của từng vai trò và phạm vi: bảng phân quyền mà mọi trang và lời gọi API "
        "đều tra cứu. Vai trò do nền tảng quy định; gán vai trò ở trang của người dùng.",
    ),
    "admin_ability": ("May", "Được phép"),
    "admin_user_saved": ("The user was saved.", "Đã lưu người dùng."),
    "admin_user_created": ("The user was created.", "Đã tạo người dùng."),
    "admin_user_disabled": ("The account was disabled.", "Đã khóa tài khoản."),
    "admin_user_enabled": ("The account was enabled.", "Đã mở khóa tài khoản."),
    "admin_second_factor_reset_done": (
        "Two-factor sign-in was reset; the user sets it up again at the next sign-in and "
        "their sessions ended.",
        "Đã đặt lại xác thực hai yếu tố; người dùng thiết lập lại ở lần đăng nhập sau và các "
        "phiên đăng nhập đã kết thúc.",
    ),
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
    # how far a role reaches in the policy table (identity.policy.Reach)
    "reach_own_enterprise": ("own enterprise", "doanh nghiệp mình"),
    "reach_delegated": ("enterprises that delegated", "doanh nghiệp ủy quyền"),
    "reach_own_office": ("own office or agency", "chi cục, cơ quan mình"),
    "reach_any": ("any", "tất cả"),
    "reach_none": ("not allowed", "không được phép"),
    # the actions, named where the policy table is (identity.policy.ACTIONS)
    **{f"action_{a.key}": (a.label_en, a.label_vi) for a in ACTIONS.values()},
}
