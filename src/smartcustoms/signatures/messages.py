"""The signatures domain's texts in English and Vietnamese, keyed by code. Pure: no I/O."""

from __future__ import annotations

from smartcustoms.errors import Catalogue

MESSAGES: dict[str, tuple[str, str]] = {
    "certificate_unreadable": (
        "The certificate cannot be read: give one X.509 certificate in PEM form.",
        "Không đọc được chứng thư số: hãy gửi một chứng thư X.509 dạng PEM.",
    ),
    "certificate_untrusted": (
        "The certificate was not issued by a certification authority customs trusts.",
        "Chứng thư số không do tổ chức chứng thực được hải quan công nhận cấp.",
    ),
    "certificate_not_valid_then": (
        "The certificate was not valid at {at} (valid from {not_before} to {not_after}).",
        "Chứng thư số không có hiệu lực tại {at} (hiệu lực từ {not_before} đến {not_after}).",
    ),
    "certificate_revoked": (
        "The certificate was revoked on {revoked_at}.",
        "Chứng thư số đã bị thu hồi ngày {revoked_at}.",
    ),
    "certificate_unknown": (
        "The certificate is not registered with customs: register it first.",
        "Chứng thư số chưa được đăng ký với hải quan: hãy đăng ký trước.",
    ),
    "certificate_already_registered": (
        "This certificate is already registered.",
        "Chứng thư số này đã được đăng ký.",
    ),
    "key_usage_not_signing": (
        "The certificate is not for signing (its key usage has no digital signature).",
        "Chứng thư số không dùng để ký (mục đích sử dụng khóa không có chữ ký số).",
    ),
    "tax_code_missing": (
        "The certificate names no tax code (MST).",
        "Chứng thư số không ghi mã số thuế.",
    ),
    "tax_code_mismatch": (
        "The certificate belongs to tax code {tax_code}, not to the declaring enterprise or"
        " its broker.",
        "Chứng thư số thuộc mã số thuế {tax_code}, không phải của doanh nghiệp khai báo hoặc"
        " đại lý hải quan của doanh nghiệp.",
    ),
    "signature_malformed": (
        "The signature cannot be read: send a detached JWS (compact form) with the signer's"
        " certificate in x5c.",
        "Không đọc được chữ ký: hãy gửi chữ ký JWS tách rời (dạng rút gọn) kèm chứng thư số"
        " của người ký trong x5c.",
    ),
    "algorithm_not_allowed": (
        "Signatures must use RS256 or ES256, not {alg}.",
        "Chữ ký phải dùng RS256 hoặc ES256, không dùng {alg}.",
    ),
    "signing_time_invalid": (
        "The signing time (sigT) is missing, later than now or more than a day ago.",
        "Thời điểm ký (sigT) không có, muộn hơn hiện tại hoặc đã quá một ngày.",
    ),
    "signature_invalid": (
        "The signature does not match the declaration: it was changed after signing, or"
        " signed with another key.",
        "Chữ ký không khớp với tờ khai: tờ khai đã bị thay đổi sau khi ký, hoặc được ký bằng"
        " khóa khác.",
    ),
    "signature_valid": (
        "Valid signature by {subject} (tax code {tax_code}), signed at {at}.",
        "Chữ ký hợp lệ của {subject} (mã số thuế {tax_code}), ký lúc {at}.",
    ),
    "declaration_not_found": (
        "Declaration {declaration} not found.",
        "Không tìm thấy tờ khai {declaration}.",
    ),
    "trade_only": (
        "Only a trader of the enterprise or its broker may do this.",
        "Chỉ doanh nghiệp hoặc đại lý hải quan của doanh nghiệp mới được thực hiện việc này.",
    ),
}

CATALOGUE = Catalogue(MESSAGES)
error = CATALOGUE.error
texts = CATALOGUE.texts
