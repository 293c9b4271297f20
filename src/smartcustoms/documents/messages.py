"""The documents domain's texts in English and Vietnamese, keyed by code. Pure: no I/O.

Typed errors are keyed by their stable `code` (`unsupported_content`); those of the shared
classes (NotFound, PermissionDenied …) by a key of their own (`document_not_found`), dotted
when one code has several wordings (`document_too_large.upload`). Terms follow GLOSSARY.md.
"""

from __future__ import annotations

from smartcustoms.errors import Catalogue

ERRORS: dict[str, tuple[str, str]] = {
    "unsupported_content": (
        "Only PDF, PNG, JPEG, TIFF and well-formed XML documents are accepted; "
        "this file's content is none of them, whatever its name says.",
        "Chỉ chấp nhận chứng từ PDF, PNG, JPEG, TIFF và XML hợp lệ; "
        "nội dung tệp này không thuộc loại nào, dù tên tệp là gì.",
    ),
    "empty_document": ("The file is empty.", "Tệp rỗng."),
    "document_too_large": (
        "The file is {size:,} bytes; the limit is {limit:,} bytes.",
        "Tệp có dung lượng {size:,} byte; giới hạn là {limit:,} byte.",
    ),
    # An upload is refused as soon as it passes the limit, before its size is known.
    "document_too_large.upload": (
        "The file is larger than the limit of {limit:,} bytes.",
        "Tệp lớn hơn giới hạn {limit:,} byte.",
    ),
    "enterprise_not_chosen": (
        "Say which enterprise this is for (enterprise_id).",
        "Hãy chọn doanh nghiệp (enterprise_id).",
    ),
    "officer_outside_dossier": (
        "Officers open a document only from the dossier of a declaration lodged at their own"
        " customs office.",
        "Công chức hải quan chỉ được xem chứng từ trong hồ sơ của tờ khai đăng ký tại chi cục"
        " hải quan của mình.",
    ),
    "not_mandated": (
        "You may not file documents for this enterprise.",
        "Bạn không được nộp chứng từ cho doanh nghiệp này.",
    ),
    "document_not_found": (
        "Document {document_id} not found.",
        "Không tìm thấy chứng từ {document_id}.",
    ),
}

CATALOGUE = Catalogue(ERRORS)
texts = CATALOGUE.texts
error = CATALOGUE.error
