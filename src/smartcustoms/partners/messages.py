"""The partners domain's texts in English and Vietnamese, keyed by code. Pure: no I/O."""

from __future__ import annotations

from smartcustoms.errors import Catalogue, ValidationFailed

ERRORS: dict[str, tuple[str, str]] = {
    "admins_only": (
        "Only administrators may register partner customs administrations.",
        "Chỉ quản trị viên mới được đăng ký cơ quan hải quan đối tác.",
    ),
    "partner_not_found": (
        "No partner customs administration is registered for {country}.",
        "Chưa đăng ký cơ quan hải quan đối tác của {country}.",
    ),
    "partner_exists": (
        "A partner customs administration is already registered for {country}.",
        "Đã đăng ký cơ quan hải quan đối tác của {country}.",
    ),
    "country_invalid": (
        "Give the country as its ISO 3166 two-letter code (for example TH).",
        "Hãy ghi mã quốc gia hai chữ cái theo ISO 3166 (ví dụ TH).",
    ),
    "country_unknown": (
        "{country} is not a known country code.",
        "{country} không phải là mã quốc gia hợp lệ.",
    ),
    "country_is_ours": (
        "Viet Nam is not a partner of its own customs.",
        "Việt Nam không phải là đối tác của chính hải quan Việt Nam.",
    ),
    "endpoint_internal": (
        "The endpoint points to a loopback, private or link-local address.",
        "Địa chỉ trao đổi trỏ tới địa chỉ loopback, nội bộ hoặc link-local.",
    ),
    "endpoint_invalid": (
        "The endpoint must be an https address with a host and no user name or password.",
        "Địa chỉ trao đổi phải là địa chỉ https có tên máy, không kèm tên đăng nhập hay mật khẩu.",
    ),
    "endpoint_too_long": (
        "The endpoint is longer than 500 characters.",
        "Địa chỉ trao đổi dài quá 500 ký tự.",
    ),
    "public_key_invalid": (
        "The public key must be an Ed25519 key, as PEM or as its 32 bytes in base64.",
        "Khóa công khai phải là khóa Ed25519, dạng PEM hoặc 32 byte mã hóa base64.",
    ),
    "envelope_invalid": (
        "The message is not a partner envelope: it needs message_id, type, sender, receiver, "
        "sent_at and a body object, and a message id of at most 64 characters.",
        "Thông điệp không đúng phong bì trao đổi: cần message_id, type, sender, receiver, "
        "sent_at và body, mã thông điệp không quá 64 ký tự.",
    ),
    "message_type_unknown": (
        "The message type is not one the exchange carries (acdd, eco, note).",
        "Loại thông điệp không thuộc loại được trao đổi (acdd, eco, note).",
    ),
    "sender_unknown": (
        "{country} is not a registered, active partner customs administration.",
        "{country} không phải là cơ quan hải quan đối tác đã đăng ký và đang hoạt động.",
    ),
    "receiver_wrong": (
        "The message is addressed to {receiver}, not to this customs ({ours}).",
        "Thông điệp gửi tới {receiver}, không phải hải quan này ({ours}).",
    ),
    "signature_missing": (
        "The message is not signed: the partner's Ed25519 signature is required.",
        "Thông điệp chưa được ký: cần chữ ký Ed25519 của đối tác.",
    ),
    "signature_invalid": (
        "The signature does not match the message and the partner's registered key: "
        "the message was changed or not signed by {country}.",
        "Chữ ký không khớp với thông điệp và khóa đã đăng ký của đối tác: thông điệp đã bị "
        "thay đổi hoặc không do {country} ký.",
    ),
    "message_replayed": (
        "Message {message_id} from {country} was already received; it is not stored again.",
        "Thông điệp {message_id} của {country} đã được nhận; không lưu lại lần nữa.",
    ),
    "signing_key_missing": (
        "This instance has no signing key (SMARTCUSTOMS_PARTNERS_SIGNING_KEY_FILE): "
        "nothing can be sent to partners.",
        "Hệ thống chưa có khóa ký (SMARTCUSTOMS_PARTNERS_SIGNING_KEY_FILE): không gửi được "
        "thông điệp cho đối tác.",
    ),
    "message_not_found": (
        "No partner message {message} here.",
        "Không có thông điệp trao đổi {message}.",
    ),
    "customs_only": (
        "Only customs officers and administrators see the exchange with partner customs.",
        "Chỉ công chức hải quan và quản trị viên được xem trao đổi với hải quan đối tác.",
    ),
    "not_retryable": (
        "Message {message} is not waiting to be sent: only outgoing messages not yet "
        "acknowledged can be sent again.",
        "Thông điệp {message} không chờ gửi: chỉ gửi lại được thông điệp đi chưa được xác nhận.",
    ),
    "body_invalid": (
        "The message body is not a JSON object.",
        "Nội dung thông điệp không phải là đối tượng JSON.",
    ),
    "eco_invalid": (
        "The e-C/O lacks its reference number, form, status, exporter, date of issue or goods "
        "(each with an HS code and a quantity above zero).",
        "C/O điện tử thiếu số tham chiếu, mẫu, trạng thái, người xuất khẩu, ngày cấp hoặc hàng "
        "hóa (mỗi dòng có mã HS và số lượng lớn hơn 0).",
    ),
    "eco_status_invalid": (
        "The e-C/O's status must be issued or cancelled.",
        "Trạng thái của C/O điện tử phải là đã cấp hoặc đã hủy.",
    ),
    "eco_not_found": (
        "No e-C/O {reference} from {country} has been received.",
        "Chưa nhận được C/O điện tử số {reference} từ {country}.",
    ),
    "eco_cancelled": (
        "e-C/O {reference} was cancelled by its issuing authority.",
        "C/O điện tử số {reference} đã bị cơ quan cấp hủy.",
    ),
    "eco_other_exporter": (
        "e-C/O {reference} was issued for {exporter}, not for this declaration's exporter.",
        "C/O điện tử số {reference} cấp cho {exporter}, không phải người xuất khẩu của tờ khai.",
    ),
    "eco_other_importer": (
        "e-C/O {reference} names another importer.",
        "C/O điện tử số {reference} ghi người nhập khẩu khác.",
    ),
    "eco_not_an_import": (
        "An e-C/O proves the origin of imported goods: declaration {declaration} is no import.",
        "C/O điện tử chứng nhận xuất xứ hàng nhập khẩu: tờ khai {declaration} không phải tờ "
        "khai nhập khẩu.",
    ),
    "eco_goods_not_covered": (
        "None of the declaration's goods is on e-C/O {reference}.",
        "Không có hàng nào của tờ khai thuộc C/O điện tử số {reference}.",
    ),
    "eco_quantity_exceeded": (
        "e-C/O {reference} certifies {certified} of HS {hs_code}; {left} is left, the "
        "declaration claims {wanted}.",
        "C/O điện tử số {reference} chứng nhận {certified} hàng mã HS {hs_code}; còn lại {left}, "
        "tờ khai đề nghị {wanted}.",
    ),
    "state.pending": ("Waiting to be sent", "Đang chờ gửi"),
    "state.delivered": ("Acknowledged by the partner", "Đối tác đã xác nhận"),
    "state.dead": ("Given up after 14 days", "Ngừng gửi sau 14 ngày"),
    "state.received": ("Received", "Đã nhận"),
    "state.matched": ("Received, matched to a declaration", "Đã nhận, đã khớp với tờ khai"),
    "state.cancelled": ("Cancelled by its issuer", "Đã bị cơ quan cấp hủy"),
    "direction.out": ("Sent", "Gửi đi"),
    "direction.in": ("Received", "Nhận về"),
    "type.acdd": ("ACDD (export declaration data)", "ACDD (dữ liệu tờ khai xuất khẩu)"),
    "type.eco": ("e-C/O (e-Form D)", "C/O điện tử (e-Form D)"),
    "type.note": ("Note", "Ghi chú"),
}

CATALOGUE = Catalogue(ERRORS)
texts = CATALOGUE.texts
error = CATALOGUE.error
field_error = CATALOGUE.field_error


def invalid(path: str, code: str, /, **params: object) -> ValidationFailed:
    """A refused field, its message also the error's."""
    wrong = field_error(path, code, **params)
    return ValidationFailed(
        message_en=wrong.message_en, message_vi=wrong.message_vi, errors=[wrong]
    )
