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
}
