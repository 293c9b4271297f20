"""The reference domain's texts in English and Vietnamese, keyed by code. Pure: no I/O.

Its errors are NotFound (whose stable `code` stays generic), keyed here by what was not
found. Terms follow GLOSSARY.md.
"""

from __future__ import annotations

from smartcustoms.errors import Catalogue

ERRORS: dict[str, tuple[str, str]] = {
    "unknown_hs_code": ("Unknown HS code {code!r}.", "Mã số HS {code!r} không tồn tại."),
    "unknown_location": ("Unknown UN/LOCODE {code!r}.", "Mã địa điểm {code!r} không tồn tại."),
    "unknown_picker": ("Unknown code list {kind!r}.", "Danh mục mã {kind!r} không tồn tại."),
    "unknown_declaration_type": (
        "Unknown declaration type {code!r}.",
        "Mã loại hình {code!r} không tồn tại.",
    ),
}

CATALOGUE = Catalogue(ERRORS)
error = CATALOGUE.error
