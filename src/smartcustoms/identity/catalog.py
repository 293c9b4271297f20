"""The identity pages' words: key -> (English, Vietnamese). Terms follow GLOSSARY.md."""

from __future__ import annotations

UI: dict[str, tuple[str, str]] = {
    "sign_in_with_vneid": (
        "Sign in with VNeID (national e-identification)",
        "Đăng nhập bằng VNeID (định danh điện tử quốc gia)",
    ),
    "or_with_password": (
        "or with your username and password",
        "hoặc bằng tên đăng nhập và mật khẩu",
    ),
    "second_factor": ("Two-factor sign-in", "Xác thực hai yếu tố"),
    "second_factor_code": (
        "6-digit code from your authenticator app, or a recovery code",
        "Mã 6 chữ số trong ứng dụng xác thực, hoặc một mã khôi phục",
    ),
    "verify": ("Verify", "Xác minh"),
    "continue": ("Continue", "Tiếp tục"),
    "second_factor_mandatory": (
        "Your role signs in with a second factor. Turn it on now to continue.",
        "Vai trò của bạn phải đăng nhập bằng hai yếu tố. Hãy bật ngay để tiếp tục.",
    ),
    "my_account": ("My account", "Tài khoản của tôi"),
    "account_security": ("Sign-in security", "Bảo mật đăng nhập"),
    "second_factor_is_on": (
        "Two-factor sign-in is on since {when}. Recovery codes left: {left}.",
        "Xác thực hai yếu tố đã bật từ {when}. Số mã khôi phục còn lại: {left}.",
    ),
    "second_factor_is_off": (
        "Two-factor sign-in is off. Officers, supervisors and administrators should turn it on.",
        "Xác thực hai yếu tố đang tắt. Công chức, lãnh đạo và quản trị viên nên bật tính năng này.",
    ),
    "second_factor_start": ("Turn on two-factor sign-in", "Bật xác thực hai yếu tố"),
    "second_factor_scan": (
        "Scan this QR code with an authenticator app (or type the key), then enter the code "
        "it shows.",
        "Quét mã QR này bằng ứng dụng xác thực (hoặc nhập khóa), rồi nhập mã ứng dụng hiển thị.",
    ),
    "second_factor_key": ("Key", "Khóa"),
    "second_factor_confirm": ("Confirm and turn on", "Xác nhận và bật"),
    "recovery_codes_title": ("Your recovery codes", "Các mã khôi phục của bạn"),
    "recovery_codes_hint": (
        "Keep them somewhere safe: each signs you in once without the app. They are shown "
        "only now.",
        "Hãy cất giữ an toàn: mỗi mã dùng để đăng nhập một lần khi không có ứng dụng. Các mã "
        "chỉ hiển thị lần này.",
    ),
    "national_id_linked": (
        "Linked national ID number: {masked}",
        "Số định danh cá nhân đã gắn: {masked}",
    ),
    "national_id_not_linked": (
        "No national ID number is linked: sign-in with VNeID is not available for this account.",
        "Chưa gắn số định danh cá nhân: tài khoản này chưa đăng nhập được bằng VNeID.",
    ),
    # ---------------------------------------------------------------- delegations
    "delegations": ("Delegations (standing authorities)", "Ủy quyền"),
    "delegations_hint": (
        "A customs broker's company acts for your enterprise only under a delegation in "
        "force, within its scopes.",
        "Đại lý hải quan chỉ được làm thủ tục cho doanh nghiệp khi có ủy quyền còn hiệu lực, "
        "trong phạm vi được ủy quyền.",
    ),
    "delegation_new": ("Grant a delegation", "Cấp ủy quyền"),
    "agent_tax_code": ("Broker's tax code (MST)", "Mã số thuế (MST) của đại lý"),
    "agent": ("Broker", "Đại lý hải quan"),
    "scopes": ("May", "Được phép"),
    "scope_declare": ("file declarations", "khai báo tờ khai"),
    "scope_pay": ("pay duties", "nộp thuế"),
    "scope_view": ("view", "xem"),
    "valid_from": ("Valid from", "Hiệu lực từ"),
    "valid_until": (
        "Valid until (empty: until revoked)",
        "Hiệu lực đến (để trống: đến khi thu hồi)",
    ),
    "until_revoked": ("until revoked", "đến khi thu hồi"),
    "grant": ("Grant", "Cấp"),
    "revoke": ("Revoke", "Thu hồi"),
    "in_force": ("in force", "còn hiệu lực"),
    "not_in_force": ("not in force", "không còn hiệu lực"),
    "revoked_on": ("revoked {when}", "đã thu hồi lúc {when}"),
    "delegation_granted": ("The delegation was granted.", "Đã cấp ủy quyền."),
    "delegation_revoked": ("The delegation was revoked.", "Đã thu hồi ủy quyền."),
    # ---------------------------------------------------------------- API keys
    "api_keys": ("API keys for your software", "Khóa API cho phần mềm"),
    "api_keys_hint": (
        "Your software exchanges the key, with your enterprise's tax code, for a short access "
        "token at POST /api/v1/auth/client-token.",
        "Phần mềm của bạn đổi khóa, cùng mã số thuế của doanh nghiệp, lấy mã truy cập ngắn hạn "
        "tại POST /api/v1/auth/client-token.",
    ),
    "api_key_new": ("Create a key", "Tạo khóa"),
    "api_key_name": ("Name", "Tên"),
    "api_key_created": (
        "Copy the key now: it is shown only once.",
        "Hãy sao chép khóa ngay: khóa chỉ hiển thị một lần.",
    ),
    "last_used": ("Last used", "Lần dùng cuối"),
    "never": ("never", "chưa dùng"),
    "expires": ("Expires", "Hết hạn"),
    "api_key_revoked": ("The key was revoked.", "Đã thu hồi khóa."),
    "rotate": ("Rotate", "Đổi khóa"),
    "api_key_rotated": (
        "The key has a new secret: copy it now, it is shown only once. The previous one keeps "
        "working until {until}, then is refused.",
        "Khóa đã có bí mật mới: hãy sao chép ngay, chỉ hiển thị một lần. Bí mật cũ vẫn dùng "
        "được đến {until}, sau đó bị từ chối.",
    ),
    "previous_secret": ("Previous secret", "Bí mật cũ"),
    "previous_until": (
        "works until {until}; last used: {used}",
        "dùng được đến {until}; lần dùng cuối: {used}",
    ),
    "previous_ended": ("ended {until}", "đã hết hiệu lực lúc {until}"),
    # ---------------------------------------------------------------- narrowed delegations
    "procedures": ("Procedures (declaration types)", "Loại hình tờ khai"),
    "procedures_hint": (
        "Type codes separated by spaces, e.g. A11 B11; empty: every procedure.",
        "Các mã loại hình cách nhau bởi dấu cách, ví dụ A11 B11; để trống: mọi loại hình.",
    ),
    "payment_accounts": ("Pay from", "Nộp thuế từ"),
    "payment_accounts_hint": (
        "None ticked: every account.",
        "Không chọn: mọi tài khoản.",
    ),
    "all_procedures": ("all", "tất cả"),
    "all_accounts": ("all", "tất cả"),
    "account_bank": ("bank payment", "thanh toán qua ngân hàng"),
    "account_cash": ("cash account", "tài khoản ký quỹ"),
    "account_deferment": ("deferment account", "tài khoản ân hạn"),
    "account_guarantee": ("bank guarantees", "bảo lãnh ngân hàng"),
}
