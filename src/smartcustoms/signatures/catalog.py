"""The signatures domain's portal words, English and Vietnamese (terms per GLOSSARY.md)."""

from __future__ import annotations

UI: dict[str, tuple[str, str]] = {
    "sig_title": ("Digital signatures", "Chữ ký số"),
    "sig_valid": ("Valid", "Hợp lệ"),
    "sig_invalid": ("Not valid", "Không hợp lệ"),
    "sig_signer": ("Signer", "Người ký"),
    "sig_tax_code": ("Tax code", "Mã số thuế"),
    "sig_signed_at": ("Signed at", "Thời điểm ký"),
    "sig_check": ("Check", "Kết quả kiểm tra"),
    "sig_verify_title": ("Check a digital signature", "Kiểm tra chữ ký số"),
    "sig_verify_hint": (
        "Paste a detached JWS with the exact bytes it signs, or an XML document (such as a"
        " WCO declaration) carrying an enveloped XAdES signature.",
        "Dán chữ ký JWS tách rời kèm đúng dữ liệu được ký, hoặc văn bản XML (như tờ khai"
        " theo WCO) có chữ ký XAdES bao gói.",
    ),
    "sig_signature": ("Signature (JWS) or signed XML", "Chữ ký (JWS) hoặc XML đã ký"),
    "sig_payload": ("Signed data (for a JWS)", "Dữ liệu được ký (với JWS)"),
    "sig_verify": ("Check", "Kiểm tra"),
    "sig_format": ("Format", "Định dạng"),
    "sig_issuer": ("Issued by", "Tổ chức cấp"),
    "sig_registered": ("Registered with customs", "Đã đăng ký với hải quan"),
    "sig_yes": ("Yes", "Có"),
    "sig_no": ("No", "Không"),
}
