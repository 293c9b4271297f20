"""The identity domain's texts in English and Vietnamese, keyed by code. Pure: no I/O.

Typed errors and field errors are keyed by their stable `code` (`invalid_credentials`);
those of the shared classes (Conflict, NotFound …, whose `code` stays generic) by a key of
their own (`username_taken`), dotted when one code has a second wording
(`invalid_tax_code.summary`). Terms follow GLOSSARY.md.
"""

from __future__ import annotations

from smartcustoms.errors import Catalogue

ERRORS: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------ organisations and users
    "invalid_tax_code.summary": (
        "Invalid tax code (MST) {raw!r}.",
        "Mã số thuế (MST) {raw!r} không hợp lệ.",
    ),
    # The checker's own reason is in English only, so the Vietnamese text leaves it out.
    "invalid_tax_code": (
        "{raw!r} is not a valid Vietnamese tax code: {reason}",
        "{raw!r} không phải là mã số thuế hợp lệ",
    ),
    "tax_code_taken": (
        "An enterprise with tax code {tax_code} already exists.",
        "Doanh nghiệp có mã số thuế {tax_code} đã tồn tại.",
    ),
    "password_too_short": (
        "The password must have at least {minimum} characters.",
        "Mật khẩu phải có ít nhất {minimum} ký tự.",
    ),
    "password_blank": (
        "The password cannot be empty or only spaces.",
        "Mật khẩu không được để trống hoặc chỉ có khoảng trắng.",
    ),
    "password_common": (
        "This password is one of the most common ones; choose another.",
        "Mật khẩu này nằm trong danh sách mật khẩu phổ biến nhất; hãy chọn mật khẩu khác.",
    ),
    "password_weak": (
        "This password is too easy to guess; use a longer phrase of unrelated words.",
        "Mật khẩu này quá dễ đoán; hãy dùng một cụm dài gồm các từ không liên quan.",
    ),
    "username_taken": (
        "The username {username!r} is taken.",
        "Tên đăng nhập {username!r} đã được sử dụng.",
    ),
    "officer_without_office": (
        "A customs officer must belong to a customs office.",
        "Công chức hải quan phải thuộc một chi cục hải quan.",
    ),
    "organisation_not_found": ("Organisation not found.", "Không tìm thấy tổ chức."),
    # ------------------------------------------------------------ signing in
    "invalid_credentials": (
        "Wrong username or password.",
        "Sai tên đăng nhập hoặc mật khẩu.",
    ),
    "sign_in_locked_account": (
        "Too many failed sign-ins for this account. Try again in {minutes} minute(s).",
        "Tài khoản này đã đăng nhập sai quá nhiều lần. Hãy thử lại sau {minutes} phút.",
    ),
    "sign_in_locked_address": (
        "Too many failed sign-ins from your network address. Try again in {minutes} minute(s).",
        "Địa chỉ mạng của bạn đã đăng nhập sai quá nhiều lần. Hãy thử lại sau {minutes} phút.",
    ),
    "session_no_longer_valid": (
        "Your session is no longer valid; please sign in again.",
        "Phiên làm việc không còn hiệu lực; vui lòng đăng nhập lại.",
    ),
    "invalid_access_token": (
        "The access token is invalid or expired.",
        "Mã truy cập không hợp lệ hoặc đã hết hạn.",
    ),
    # ------------------------------------------------------------ disabling and revoking
    "user_not_found": ("User not found.", "Không tìm thấy người dùng."),
    "disable_reason_invalid": (
        "Give the reason for disabling the account "
        "(1 to {max_length} characters, no control characters).",
        "Hãy nêu lý do khóa tài khoản (từ 1 đến {max_length} ký tự, không có ký tự điều khiển).",
    ),
    "user_already_disabled": (
        "The account {username!r} is already disabled.",
        "Tài khoản {username!r} đã bị khóa.",
    ),
    # ------------------------------------------------------------ single sign-on (VNeID)
    "single_sign_on_off": (
        "Sign-in with the national e-identity is not set up on this platform.",
        "Nền tảng này chưa thiết lập đăng nhập bằng định danh điện tử quốc gia.",
    ),
    "single_sign_on_refused": (
        "Sign-in with the national e-identity was refused.",
        "Đăng nhập bằng định danh điện tử quốc gia bị từ chối.",
    ),
    "oidc_provider_unreachable": (
        "The e-identity provider could not be reached; try again later or sign in with "
        "your password.",
        "Không kết nối được với nhà cung cấp định danh điện tử; hãy thử lại sau hoặc đăng "
        "nhập bằng mật khẩu.",
    ),
    "oidc_flow_expired": (
        "The sign-in with the e-identity took too long or did not start here; start again.",
        "Phiên đăng nhập bằng định danh điện tử đã hết hạn hoặc không bắt đầu từ trang này; "
        "hãy bắt đầu lại.",
    ),
    "oidc_state_mismatch": (
        "The e-identity provider's answer does not belong to this sign-in; start again.",
        "Phản hồi của nhà cung cấp định danh điện tử không thuộc phiên đăng nhập này; hãy "
        "bắt đầu lại.",
    ),
    "oidc_denied": (
        "The sign-in was cancelled at the e-identity provider.",
        "Việc đăng nhập đã bị hủy tại nhà cung cấp định danh điện tử.",
    ),
    "oidc_code_refused": (
        "The e-identity provider did not confirm the sign-in; start again.",
        "Nhà cung cấp định danh điện tử không xác nhận việc đăng nhập; hãy bắt đầu lại.",
    ),
    "oidc_token_invalid": (
        "The identity the provider sent could not be verified (signature, issuer, audience, "
        "expiry or nonce); you are not signed in.",
        "Không xác minh được danh tính do nhà cung cấp gửi (chữ ký, bên phát hành, đối tượng, "
        "thời hạn hoặc nonce); bạn chưa được đăng nhập.",
    ),
    "oidc_no_national_id": (
        "The e-identity provider did not send a national ID number ({claim}).",
        "Nhà cung cấp định danh điện tử không gửi số định danh cá nhân ({claim}).",
    ),
    "national_id_unknown": (
        "No SmartCustoms account is linked to the national ID number {masked}. Ask your "
        "enterprise's administrator or customs to link it to your account; no account was "
        "created.",
        "Chưa có tài khoản SmartCustoms nào gắn với số định danh cá nhân {masked}. Hãy đề nghị "
        "quản trị viên của doanh nghiệp hoặc cơ quan hải quan gắn số này với tài khoản của "
        "bạn; không có tài khoản nào được tạo.",
    ),
    "national_id_account_disabled": (
        "The account linked to this national ID number is disabled.",
        "Tài khoản gắn với số định danh cá nhân này đã bị khóa.",
    ),
    "national_id_invalid": (
        "A national ID number (CCCD) has 12 digits.",
        "Số định danh cá nhân (CCCD) gồm 12 chữ số.",
    ),
    "national_id_taken": (
        "The national ID number {masked} is already linked to another account.",
        "Số định danh cá nhân {masked} đã được gắn với một tài khoản khác.",
    ),
    # ------------------------------------------------------------ second factor (TOTP)
    "second_factor_required": (
        "Enter the 6-digit code from your authenticator app (or a recovery code).",
        "Hãy nhập mã 6 chữ số trong ứng dụng xác thực (hoặc một mã khôi phục).",
    ),
    "second_factor_wrong": (
        "Wrong or expired code.",
        "Mã không đúng hoặc đã hết hạn.",
    ),
    "second_factor_step_expired": (
        "The sign-in took too long; enter your password again.",
        "Phiên đăng nhập đã quá hạn; hãy nhập lại mật khẩu.",
    ),
    "second_factor_already_on": (
        "Two-factor sign-in is already on for this account.",
        "Tài khoản này đã bật xác thực hai yếu tố.",
    ),
    "second_factor_not_started": (
        "Start the enrolment first (scan a new QR code).",
        "Hãy bắt đầu đăng ký trước (quét mã QR mới).",
    ),
    "second_factor_enrolment_required": (
        "Your role must sign in with a second factor: turn on two-factor sign-in at the "
        "portal's sign-in first.",
        "Vai trò của bạn bắt buộc đăng nhập hai yếu tố: hãy bật xác thực hai yếu tố khi đăng "
        "nhập trên cổng thông tin trước.",
    ),
    "second_factor_code_not_demo": (
        "Codes are shown only for the demo's SAMPLE accounts enrolled by `seed-demo` (their "
        "secrets are published); a real enrolment's code is only in its owner's app.",
        "Chỉ hiển thị mã cho các tài khoản mẫu (SAMPLE) do `seed-demo` đăng ký (bí mật của "
        "chúng đã công bố); mã của người dùng thật chỉ có trong ứng dụng của họ.",
    ),
    "second_factor_not_for_role": (
        "Two-factor sign-in is for officers, supervisors and administrators.",
        "Xác thực hai yếu tố dành cho công chức, lãnh đạo và quản trị viên.",
    ),
    # ------------------------------------------------------------ refresh tokens
    "refresh_token_invalid": (
        "The refresh token is invalid, expired or revoked; sign in again.",
        "Mã làm mới không hợp lệ, đã hết hạn hoặc đã bị thu hồi; hãy đăng nhập lại.",
    ),
    "refresh_token_reused": (
        "This refresh token was already used: every token of this sign-in is now revoked. "
        "Sign in again.",
        "Mã làm mới này đã được sử dụng: mọi mã của lần đăng nhập này đã bị thu hồi. Hãy "
        "đăng nhập lại.",
    ),
    # ------------------------------------------------------------ delegations and API keys
    "delegation_no_scope": (
        "Choose at least one thing the broker may do (declare, pay or view).",
        "Hãy chọn ít nhất một quyền cho đại lý (khai báo, nộp thuế hoặc xem).",
    ),
    "delegation_ends_before_start": (
        "The delegation must end after it starts.",
        "Ủy quyền phải kết thúc sau thời điểm bắt đầu.",
    ),
    "delegation_agent_unknown": (
        "No broker enterprise with tax code {tax_code}.",
        "Không có doanh nghiệp đại lý với mã số thuế {tax_code}.",
    ),
    "delegation_to_self": (
        "An enterprise cannot delegate to itself.",
        "Doanh nghiệp không thể tự ủy quyền cho chính mình.",
    ),
    "delegation_not_found": ("Delegation not found.", "Không tìm thấy ủy quyền."),
    "delegation_already_revoked": (
        "The delegation is already revoked.",
        "Ủy quyền này đã bị thu hồi.",
    ),
    "enterprise_admin_only": (
        "Only the enterprise's own traders grant, list and revoke its delegations and keys.",
        "Chỉ người khai của chính doanh nghiệp mới được cấp, xem và thu hồi ủy quyền và khóa "
        "API của doanh nghiệp.",
    ),
    "api_key_name_invalid": (
        "Name the key (1 to 100 characters).",
        "Hãy đặt tên cho khóa (từ 1 đến 100 ký tự).",
    ),
    "api_key_invalid": (
        "Unknown, revoked or expired API key for this tax code.",
        "Khóa API không tồn tại, đã bị thu hồi hoặc hết hạn đối với mã số thuế này.",
    ),
    "api_key_not_found": ("API key not found.", "Không tìm thấy khóa API."),
    "api_key_not_in_force": (
        "This API key is revoked or expired: create a new one instead of rotating it.",
        "Khóa API này đã bị thu hồi hoặc hết hạn: hãy tạo khóa mới thay vì đổi khóa.",
    ),
    # ------------------------------------------------------------ narrowed delegations
    "delegation_procedure_invalid": (
        "Procedures are declaration type codes such as A11 or B11 (at most 30).",
        "Loại hình là mã loại hình tờ khai như A11 hoặc B11 (tối đa 30 mã).",
    ),
    "delegation_account_invalid": (
        "Accounts are: bank, cash, deferment, guarantee.",
        "Tài khoản gồm: bank (ngân hàng), cash (ký quỹ), deferment (ân hạn), guarantee (bảo lãnh).",
    ),
    "delegation_procedure_not_covered": (
        "Missing delegation scope: the enterprise's delegation to your company does not cover "
        "procedure {procedure} (it covers {covered}).",
        "Thiếu phạm vi ủy quyền: ủy quyền của doanh nghiệp cho công ty bạn không bao gồm loại "
        "hình {procedure} (chỉ gồm {covered}).",
    ),
    "delegation_account_not_covered": (
        "Missing delegation scope: the enterprise's delegation to your company does not cover "
        "paying from its {account} (it covers {covered}).",
        "Thiếu phạm vi ủy quyền: ủy quyền của doanh nghiệp cho công ty bạn không bao gồm việc "
        "nộp thuế từ {account} (chỉ gồm {covered}).",
    ),
    "account_bank": ("bank payment", "thanh toán qua ngân hàng"),
    "account_cash": ("cash account", "tài khoản ký quỹ"),
    "account_deferment": ("deferment account", "tài khoản ân hạn"),
    "account_guarantee": ("bank guarantees", "bảo lãnh ngân hàng"),
    # ------------------------------------------------------------ the policy table
    "action_not_allowed": (
        "Your role may not do this: {action}.",
        "Vai trò của bạn không được làm việc này: {action}.",
    ),
}

CATALOGUE = Catalogue(ERRORS)
texts = CATALOGUE.texts
field_error = CATALOGUE.field_error
error = CATALOGUE.error
