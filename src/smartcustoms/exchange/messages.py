"""The exchange domain's texts in English and Vietnamese, keyed by code. Pure: no I/O.

Field errors carry the place in the message they come from: an XML element's path and line,
or an EDIFACT segment's tag, position and line (`at_line`, `at_segment`). Terms follow
GLOSSARY.md.
"""

from __future__ import annotations

from smartcustoms.errors import Catalogue

ERRORS: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------ the whole message
    "xml_refused": (
        "The XML declaration has {count} error(s); nothing was filed.",
        "Tờ khai XML có {count} lỗi; chưa khai được.",
    ),
    "edifact_refused": (
        "The EDIFACT interchange has {count} error(s); nothing was filed.",
        "Bộ trao đổi EDIFACT có {count} lỗi; chưa khai được.",
    ),
    "enterprise_unknown": (
        "You may not declare for the enterprise with tax code {tax_code}.",
        "Bạn không được khai báo cho doanh nghiệp có mã số thuế {tax_code}.",
    ),
    "enterprise_not_named": (
        "Name the declaring enterprise by its tax code: you declare for more than one.",
        "Hãy ghi mã số thuế của doanh nghiệp khai báo: bạn khai cho nhiều doanh nghiệp.",
    ),
    "unsupported_content": (
        "Send the message as {expected}, not {given}.",
        "Hãy gửi thông điệp dạng {expected}, không phải {given}.",
    ),
    # ------------------------------------------------------------ where an error is
    "at_line": ("{message} (line {line})", "{message} (dòng {line})"),
    "at_segment": (
        "Segment {tag} no. {position} (line {line}): {message}",
        "Phân đoạn {tag} số {position} (dòng {line}): {message}",
    ),
    # ------------------------------------------------------------ XML
    "not_xml": ("The body is not an XML document.", "Nội dung không phải là tài liệu XML."),
    "xml_syntax": (
        "The XML is not well-formed: {reason}",
        "XML không đúng cú pháp: {reason}",
    ),
    "xml_forbidden": (
        "The XML declares a DTD or entities, which are refused "
        "(entity expansion, external entities): {reason}",
        "XML có khai báo DTD hoặc thực thể, không được chấp nhận "
        "(mở rộng thực thể, thực thể bên ngoài): {reason}",
    ),
    "xml_schema": (
        "Element {path} breaks the schema: {reason}",
        "Phần tử {path} không đúng lược đồ: {reason}",
    ),
    "currency_differs": (
        "The amount is in {given}; the declaration's invoice currency is {expected}.",
        "Số tiền ghi bằng {given}; đồng tiền hóa đơn của tờ khai là {expected}.",
    ),
    "unit_not_kilograms": (
        "A weight is given in kilograms (KGM), not {given}.",
        "Trọng lượng phải ghi bằng ki-lô-gam (KGM), không phải {given}.",
    ),
    "item_out_of_sequence": (
        "Goods item no. {position} says it is no. {given}.",
        "Dòng hàng thứ {position} lại ghi là dòng số {given}.",
    ),
    # ------------------------------------------------------------ EDIFACT
    "edifact_syntax": ("cannot be read: {reason}", "không đọc được: {reason}"),
    "not_an_interchange": (
        "The body is not an EDIFACT interchange (UNA or UNB first).",
        "Nội dung không phải là bộ trao đổi EDIFACT (phải bắt đầu bằng UNA hoặc UNB).",
    ),
    "service_segment": (
        "the service segment breaks the syntax: {reason}",
        "phân đoạn dịch vụ sai cú pháp: {reason}",
    ),
    "message_not_expected": (
        "the message is {given}; only {expected} messages are taken here",
        "thông điệp là {given}; ở đây chỉ nhận thông điệp {expected}",
    ),
    "message_not_cusdec": (
        "the message is {given}; only CUSDEC (D 96B) declarations are taken here",
        "thông điệp là {given}; ở đây chỉ nhận tờ khai CUSDEC (D 96B)",
    ),
    "one_message": (
        "an interchange carries one CUSDEC here; found {count}",
        "mỗi bộ trao đổi ở đây chỉ mang một CUSDEC; có {count}",
    ),
    "segment_missing": (
        "the mandatory segment {tag} ({name}) is missing",
        "thiếu phân đoạn bắt buộc {tag} ({name})",
    ),
    "segment_repeated": (
        "{tag} with qualifier {qualifier} is given more than once",
        "{tag} với mã định danh {qualifier} được ghi nhiều lần",
    ),
    "segment_unexpected": (
        "segment {tag} is not part of a CUSDEC as we take it, or not in this place",
        "phân đoạn {tag} không thuộc CUSDEC theo quy định của chúng tôi, hoặc sai vị trí",
    ),
    "qualifier_unknown": (
        "qualifier {qualifier} is not one of {expected}",
        "mã định danh {qualifier} không thuộc {expected}",
    ),
    "code_unknown": (
        "{what} {code} is not in the code list",
        "{what} {code} không có trong danh mục",
    ),
    "value_invalid": (
        "{what} {value!r} is not a valid {kind}",
        "{what} {value!r} không phải là {kind} hợp lệ",
    ),
    "direction_differs": (
        "document code {code} says {direction}, but type {type_code} is not",
        "mã chứng từ {code} là {direction}, nhưng loại hình {type_code} thì không",
    ),
    "control_count": (
        "{tag} counts {given}, the interchange holds {counted}",
        "{tag} ghi {given}, bộ trao đổi thực có {counted}",
    ),
}

CATALOGUE = Catalogue(ERRORS)
texts = CATALOGUE.texts
field_error = CATALOGUE.field_error
error = CATALOGUE.error
