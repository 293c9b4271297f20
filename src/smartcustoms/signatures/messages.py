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
        "Signatures must use RS256 or ES256 (XAdES: RSA-SHA256 or ECDSA-SHA256), not {alg}.",
        "Chữ ký phải dùng RS256 hoặc ES256 (XAdES: RSA-SHA256 hoặc ECDSA-SHA256), không dùng"
        " {alg}.",
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
    "certificate_revoked_by_ca": (
        "The certification authority revoked the certificate on {revoked_at}, before the"
        " signing time ({at}).",
        "Tổ chức chứng thực đã thu hồi chứng thư số ngày {revoked_at}, trước thời điểm ký ({at}).",
    ),
    "revocation_unknown": (
        "Revocation status unknown: no revocation list (CRL) of {issuer} is available.",
        "Không xác định được tình trạng thu hồi: không có danh sách chứng thư bị thu hồi (CRL)"
        " của {issuer}.",
    ),
    "revocation_stale": (
        "Revocation status unknown: the revocation list (CRL) of {issuer} expired at"
        " {next_update} and no newer one is available.",
        "Không xác định được tình trạng thu hồi: danh sách chứng thư bị thu hồi (CRL) của"
        " {issuer} đã hết hạn lúc {next_update} và chưa có danh sách mới hơn.",
    ),
    "crl_not_genuine": (
        "Revocation status unknown: the revocation list (CRL) is not signed by {issuer}.",
        "Không xác định được tình trạng thu hồi: danh sách chứng thư bị thu hồi (CRL) không"
        " do {issuer} ký.",
    ),
    "xades_malformed": (
        "The XML signature cannot be read: send an enveloped XAdES signature (ds:Signature)"
        " with the signer's certificate and the signing time.",
        "Không đọc được chữ ký XML: hãy gửi chữ ký XAdES dạng bao gói (ds:Signature) kèm"
        " chứng thư số của người ký và thời điểm ký.",
    ),
    "signature_required": (
        "Declarations of type {type_code} must be signed: sign the declaration (JWS or XAdES)"
        " with a registered certificate before it is registered.",
        "Tờ khai loại hình {type_code} phải được ký số: hãy ký tờ khai (JWS hoặc XAdES) bằng"
        " chứng thư số đã đăng ký trước khi đăng ký tờ khai.",
    ),
    "signature_required_application": (
        "Applications under procedure {procedure} must be signed: send a detached JWS over the"
        " application's canonical JSON with a registered certificate.",
        "Hồ sơ theo thủ tục {procedure} phải được ký số: hãy gửi chữ ký JWS tách rời trên JSON"
        " chuẩn hóa của hồ sơ bằng chứng thư số đã đăng ký.",
    ),
    "verify_input_missing": (
        "Give a JWS with the bytes it signs, or an XML document with an enveloped XAdES signature.",
        "Hãy gửi chữ ký JWS kèm dữ liệu được ký, hoặc văn bản XML có chữ ký XAdES bao gói.",
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
