"""The declarations domain's texts in English and Vietnamese, keyed by code. Pure: no I/O.

Field errors are keyed by the code they carry (`date_in_future`); typed errors of the shared
classes (NotFound, Conflict …, whose stable `code` stays generic) by a key of their own
(`declaration_not_found`). A refused status change is worded from its action and its reason
code (`ACTIONS`, `REFUSALS`). Terms follow GLOSSARY.md.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from smartcustoms.errors import Catalogue, FieldError
from smartcustoms.i18n import number
from smartcustoms.kit.bilingual import Both

ERRORS: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------ who may do what
    "declaration_not_found": (
        "Declaration {declaration_id} not found.",
        "Không tìm thấy tờ khai {declaration_id}.",
    ),
    "not_declarant": (
        "Only the declarant may change this declaration.",
        "Chỉ người khai hải quan mới được thay đổi tờ khai này.",
    ),
    "not_mandated": (
        "You may not declare for this enterprise.",
        "Bạn không được khai báo cho doanh nghiệp này.",
    ),
    "enterprise_not_chosen": (
        "Say which enterprise this declaration is for: you declare for several.",
        "Hãy chọn doanh nghiệp khai báo: bạn được khai cho nhiều doanh nghiệp.",
    ),
    "worklist_customs_only": (
        "Only customs officers have an office worklist.",
        "Chỉ công chức hải quan mới có danh sách công việc của chi cục.",
    ),
    # ------------------------------------------------------------ submitting, amending, cancelling
    "declaration_invalid": (
        "The declaration has {count} error(s); nothing was submitted.",
        "Tờ khai có {count} lỗi; chưa gửi được.",
    ),
    "amendment_already_open": (
        "An amendment of this declaration is already open.",
        "Tờ khai này đang có một bản khai sửa đổi chưa hoàn tất.",
    ),
    "cancel_reason_missing": (
        "A cancellation needs a reason.",
        "Hủy tờ khai phải nêu lý do.",
    ),
    "transition_refused": (
        "Cannot {action} this declaration: {reason}.",
        "Không thể {action} tờ khai này: {reason}.",
    ),
    # ------------------------------------------------------------ clearance and release
    "officer_decision": (
        "the customs officer's release decision",
        "quyết định giải phóng hàng của công chức hải quan",
    ),
    "release_officer_only": (
        "Only a customs officer of the declaration's office decides the release of its goods.",
        "Chỉ công chức hải quan của chi cục tiếp nhận tờ khai mới quyết định giải phóng hàng.",
    ),
    "no_decision_needed": (
        "No release decision is needed: the channel asked for no check; the goods are "
        "released as soon as every condition is met.",
        "Không cần quyết định giải phóng hàng: tờ khai không phải kiểm tra; hàng được giải "
        "phóng ngay khi đủ các điều kiện.",
    ),
    "checks_pending": (
        "The release waits for {waiting}.",
        "Chưa thể giải phóng hàng: đang chờ {waiting}.",
    ),
    "note_required": ("Say why the goods are {decision}.", "Hãy nêu lý do {decision}."),
    "note_too_long": ("The note is at most 1000 characters.", "Ghi chú tối đa 1000 ký tự."),
    "decision_missing": ("Choose a decision.", "Hãy chọn một quyết định."),
    "period_invalid": (
        "The period runs from its first day to its last, between {first} and {last}.",
        "Khoảng thời gian tính từ ngày đầu đến ngày cuối, trong khoảng {first} đến {last}.",
    ),
    # ------------------------------------------------------------ a declaration's fields, by code
    "required": ("This field is required.", "Trường này là bắt buộc."),
    "required_by_type": (
        "Declaration type {type_code} requires this field.",
        "Loại hình {type_code} bắt buộc khai trường này.",
    ),
    "unknown_declaration_type": (
        "Unknown declaration type {value!r}.",
        "Mã loại hình {value!r} không tồn tại.",
    ),
    "unknown_customs_office": (
        "Unknown customs office {value!r}.",
        "Chi cục hải quan {value!r} không tồn tại.",
    ),
    "unknown_country": ("Unknown country {value!r}.", "Mã nước {value!r} không tồn tại."),
    "unknown_transport_mode": (
        "Unknown transport mode {value!r}.",
        "Phương thức vận tải {value!r} không tồn tại.",
    ),
    "unknown_port": ("Unknown port {value!r}.", "Mã địa điểm {value!r} không tồn tại."),
    "unknown_currency": ("Unknown currency {value!r}.", "Mã tiền tệ {value!r} không tồn tại."),
    # The code kept its capital: clients already match on it.
    "unknown_Incoterms_rule": (
        "Unknown Incoterms rule {value!r}.",
        "Điều kiện giao hàng {value!r} không tồn tại.",
    ),
    "unknown_unit": ("Unknown unit {value!r}.", "Đơn vị tính {value!r} không tồn tại."),
    "date_in_future": (
        "The invoice date cannot be in the future.",
        "Ngày hóa đơn không thể ở tương lai.",
    ),
    "date_too_far_ahead": (
        "The date is more than {days} days ahead.",
        "Ngày này vượt quá {days} ngày kể từ hôm nay.",
    ),
    "arrival_before_departure": (
        "The goods cannot arrive before they depart.",
        "Ngày hàng đến không thể trước ngày hàng đi.",
    ),
    "negative": ("The amount cannot be negative.", "Số tiền không được âm."),
    "not_positive": ("The value must be greater than zero.", "Giá trị phải lớn hơn không."),
    "no_items": (
        "A declaration needs at least one goods item.",
        "Tờ khai phải có ít nhất một dòng hàng.",
    ),
    "too_many_items": (
        "A declaration has at most {maximum} goods items; split it into several.",
        "Một tờ khai có tối đa {maximum} dòng hàng; hãy tách thành nhiều tờ khai.",
    ),
    "item_value_mismatch": (
        "Quantity × unit price is {expected}, not {stated}.",
        "Lượng × đơn giá bằng {expected}, không phải {stated}.",
    ),
    "hs_not_national": (
        "The HS code must be a national 8-digit line.",
        "Mã số HS phải là mã 8 chữ số của Việt Nam.",
    ),
    "unknown_hs_code": (
        "Unknown HS code {code!r}.",
        "Mã số HS {code!r} không tồn tại trong danh mục.",
    ),
    # ------------------------------------------------------------ goods items from a sheet
    "sheet_invalid": (
        "The sheet has {count} error(s); no goods item was imported.",
        "Bảng tính có {count} lỗi; chưa nhập dòng hàng nào.",
    ),
    "sheet_cell": (
        "Row {row}, column {column} ({label}): {message}",
        "Dòng {row}, cột {column} ({label}): {message}",
    ),
    "sheet_missing": (
        "Choose an Excel (.xlsx) or CSV file to import.",
        "Hãy chọn tệp Excel (.xlsx) hoặc CSV để nhập.",
    ),
    "sheet_too_large": (
        "The file is larger than {limit} bytes; a sheet of goods items is far smaller.",
        "Tệp lớn hơn {limit} byte; bảng kê dòng hàng thường nhỏ hơn nhiều.",
    ),
    "sheet_unpacks_too_large": (
        "The workbook unpacks to more than {limit} bytes; a sheet of goods items is far smaller.",
        "Bảng tính khi giải nén lớn hơn {limit} byte; bảng kê dòng hàng thường nhỏ hơn nhiều.",
    ),
    "sheet_not_spreadsheet": (
        "The file is not an Excel (.xlsx) or CSV sheet; download the template and fill it in.",
        "Tệp không phải bảng tính Excel (.xlsx) hoặc CSV; hãy tải mẫu và điền vào đó.",
    ),
    "sheet_old_excel": (
        "The file is in the old Excel format (.xls): save it as .xlsx or CSV and import again.",
        "Tệp ở định dạng Excel cũ (.xls): hãy lưu lại thành .xlsx hoặc CSV rồi nhập lại.",
    ),
    "sheet_not_utf8": (
        'The CSV file is not in UTF-8: save it as "CSV UTF-8" and import again.',
        'Tệp CSV không ở bảng mã UTF-8: hãy lưu thành "CSV UTF-8" rồi nhập lại.',
    ),
    "sheet_no_headings": (
        "The first row must hold the template's column headings (HS code, Description …).",
        "Dòng đầu tiên phải là tiêu đề cột của mẫu (Mã số HS, Mô tả hàng hóa …).",
    ),
    "sheet_unknown_heading": (
        "Row 1, column {column}: the heading {value!r} is not one of the template's.",
        "Dòng 1, cột {column}: tiêu đề {value!r} không có trong mẫu.",
    ),
    "sheet_repeated_heading": (
        "Row 1, column {column}: the heading {value!r} appears twice.",
        "Dòng 1, cột {column}: tiêu đề {value!r} bị lặp lại.",
    ),
    "sheet_missing_columns": (
        "The sheet has no column for: {columns}. Use the template's headings in row 1.",
        "Bảng tính thiếu cột: {columns}. Hãy dùng tiêu đề cột của mẫu ở dòng 1.",
    ),
    "sheet_no_rows": (
        "The sheet has no goods rows below its headings.",
        "Bảng tính không có dòng hàng nào dưới dòng tiêu đề.",
    ),
    "sheet_too_many_rows": (
        "The sheet has more than {maximum} goods rows; a declaration has at most {maximum} "
        "goods items, so split them into several sheets.",
        "Bảng tính có hơn {maximum} dòng hàng; một tờ khai có tối đa {maximum} dòng hàng, hãy "
        "tách thành nhiều bảng tính.",
    ),
    "sheet_number_expected": (
        "A number is expected here.",
        "Ô này phải là một số.",
    ),
    "sheet_text_expected": (
        "Text is expected here, not a date or a formula result.",
        "Ô này phải là chữ, không phải ngày tháng hay kết quả công thức.",
    ),
    # ------------------------------------------------------------ warnings that do not block
    "duplicate_transport_document": (
        "Bill of lading {document} is also on {others} of this enterprise: check that the "
        "goods are not declared twice.",
        "Vận đơn {document} đã có trên {others} của doanh nghiệp này: hãy kiểm tra để hàng "
        "không bị khai hai lần.",
    ),
    "other_declaration": ("declaration {ref}", "tờ khai {ref}"),
    "items_do_not_add_up": (
        "The items add up to {total}, but the invoice total is "
        "{invoice_total} (tolerance {tolerance}%).",
        "Tổng trị giá các dòng hàng là {total}, khác tổng trị giá hóa đơn "
        "{invoice_total} (dung sai {tolerance}%).",
    ),
}

# What each lifecycle action (lifecycle.Action values) is called in `transition_refused`.
ACTIONS: dict[str, Both] = {
    "create": Both("create", "tạo"),
    "file": Both("file", "khai"),
    "edit": Both("edit", "sửa"),
    "attach": Both("attach documents to", "đính kèm chứng từ vào"),
    "submit": Both("submit", "gửi"),
    "register": Both("register", "đăng ký"),
    "reject": Both("reject", "từ chối"),
    "amend": Both("amend", "khai sửa đổi, bổ sung"),
    "supersede": Both("register an amendment of", "đăng ký bản khai sửa đổi của"),
    "cancel": Both("cancel", "hủy"),
    "withdraw": Both("withdraw", "rút"),
    "inspect": Both("record an inspection of", "ghi nhận kết quả kiểm tra"),
    "release": Both("release the goods of", "quyết định giải phóng hàng của"),
    "store": Both("release for storage the goods of", "cho đưa hàng về bảo quản của"),
    "release_pending_tax": Both(
        "release pending tax determination the goods of",
        "giải phóng hàng chờ xác định thuế của",
    ),
    "clear": Both("clear", "thông quan"),
}

# An officer's release decisions (release_rules.ReleaseDecision values), as `note_required`
# names them.
DECISIONS: dict[str, Both] = {
    "release": Both("released", "giải phóng hàng"),
    "storage": Both("released for storage", "cho đưa hàng về bảo quản"),
    "pending_tax": Both("released pending tax determination", "giải phóng hàng chờ xác định thuế"),
}

# Why a status refuses an action, by the stable reason code of `transition_refused`.
REFUSALS: dict[str, Both] = {
    "not_written": Both("it does not exist yet", "tờ khai chưa tồn tại"),
    "exists": Both("it exists already", "tờ khai đã tồn tại"),
    "draft": Both(
        "it is a draft and has not been registered",
        "tờ khai đang là bản nháp, chưa được đăng ký",
    ),
    "being_registered": Both(
        "it is being registered; try again in a moment",
        "tờ khai đang được đăng ký; vui lòng thử lại sau giây lát",
    ),
    "registered": Both(
        "it is registered; to change it, open an amendment",
        "tờ khai đã được đăng ký; muốn thay đổi, hãy khai sửa đổi, bổ sung",
    ),
    "rejected": Both(
        "it was rejected and never registered; correct it and submit it again",
        "tờ khai đã bị từ chối và chưa được đăng ký; hãy sửa rồi gửi lại",
    ),
    "cancelled": Both(
        "it was cancelled and no longer has any effect",
        "tờ khai đã bị hủy và không còn giá trị",
    ),
    "superseded": Both(
        "this version was replaced by a later amendment; use the version in force",
        "lần khai này đã được thay thế bởi lần khai sửa đổi sau; "
        "hãy dùng lần khai đang có hiệu lực",
    ),
    "withdrawn": Both(
        "this amendment was withdrawn; open a new one if a change is still needed",
        "bản khai sửa đổi này đã bị rút; nếu vẫn cần thay đổi, hãy mở bản khai sửa đổi mới",
    ),
    "release_approved": Both(
        "an officer decided the release of its goods, which wait for the remaining conditions",
        "công chức hải quan đã quyết định giải phóng hàng, hàng đang chờ đủ các điều kiện còn lại",
    ),
    "stored": Both(
        "its goods were released for storage and wait for the end of the procedure",
        "hàng hóa đã được đưa về bảo quản và đang chờ hoàn thành thủ tục",
    ),
    "released": Both(
        "its goods were released pending the determination of its taxes; "
        "after release a declaration can only be amended",
        "hàng hóa đã được giải phóng trong khi chờ xác định số thuế; "
        "sau khi giải phóng hàng, tờ khai chỉ có thể khai sửa đổi, bổ sung",
    ),
    "cleared": Both(
        "it was cleared and its goods released; after release a declaration can only be amended",
        "tờ khai đã được thông quan và hàng hóa đã được giải phóng; "
        "sau khi giải phóng hàng, tờ khai chỉ có thể khai sửa đổi, bổ sung",
    ),
}

CATALOGUE = Catalogue(ERRORS)
texts = CATALOGUE.texts
field_error = CATALOGUE.field_error
error = CATALOGUE.error


# A declaration's fields as the screen names them (the portal's labels come from here too).
FIELDS: dict[str, Both] = {
    "enterprise_id": Both("Importer / exporter", "Người nhập khẩu / người xuất khẩu"),
    "type_code": Both("Declaration type code", "Mã loại hình"),
    "office_code": Both("Customs office", "Chi cục hải quan"),
    "foreign_party_name": Both("Foreign partner", "Đối tác nước ngoài"),
    "foreign_party_address": Both("Partner address", "Địa chỉ đối tác"),
    "foreign_party_country": Both("Partner country", "Nước của đối tác"),
    "country_of_export": Both("Country of export", "Nước xuất khẩu"),
    "country_of_origin": Both("Country of origin", "Nước xuất xứ"),
    "country_of_destination": Both("Country of destination", "Nước nhập khẩu (đích)"),
    "transport_mode": Both("Transport mode", "Phương thức vận tải"),
    "transport_means": Both("Means of transport", "Phương tiện vận tải"),
    "transport_document": Both("Bill of lading / air waybill", "Vận đơn / vận đơn hàng không"),
    "port_of_loading": Both("Port of loading", "Cảng xếp hàng"),
    "port_of_discharge": Both("Port of discharge", "Cảng dỡ hàng"),
    "arrival_date": Both("Arrival date", "Ngày hàng đến"),
    "departure_date": Both("Departure date", "Ngày hàng đi"),
    "invoice_number": Both("Invoice number", "Số hóa đơn"),
    "invoice_date": Both("Invoice date", "Ngày hóa đơn"),
    "invoice_currency": Both("Invoice currency", "Mã đồng tiền hóa đơn"),
    "invoice_amount": Both("Invoice total", "Tổng trị giá hóa đơn"),
    "incoterms": Both("Incoterms", "Điều kiện giao hàng"),
    "freight": Both("Freight", "Phí vận chuyển"),
    "insurance": Both("Insurance", "Phí bảo hiểm"),
    "packages": Both("Packages", "Số lượng kiện"),
    "gross_weight": Both("Gross weight (kg)", "Tổng trọng lượng (kg)"),
    "contract_number": Both("Contract number", "Số hợp đồng"),
    "items": Both("Goods items", "Danh sách dòng hàng"),
    "document_ids": Both("Dossier documents", "Chứng từ trong hồ sơ"),
    "hs_code": Both("HS code", "Mã số HS"),
    "description": Both("Description", "Mô tả hàng hóa"),
    "origin_country": Both("Origin", "Xuất xứ"),
    "quantity": Both("Quantity", "Số lượng"),
    "unit": Both("Unit", "Đơn vị tính"),
    "unit_price": Both("Unit price", "Đơn giá"),
    "invoice_value": Both("Invoice value", "Trị giá hóa đơn"),
    "net_weight": Both("Net weight (kg)", "Trọng lượng tịnh (kg)"),
    "origin_proof": Both("C/O form claimed", "Mẫu C/O đề nghị ưu đãi"),
}

_PATH = re.compile(r"(?:items\[(\d+)\]\.?)?(\w*)(?:\[\d+\])?")


def labelled(errors: list[FieldError]) -> list[FieldError]:
    """The errors with the field's label and the goods line (from 1) their path names:
    `items[1].invoice_value` is line 2's invoice value."""
    found = []
    for e in errors:
        match = _PATH.fullmatch(e.path)
        if match is None or e.label is not None:
            found.append(e)
            continue
        index, name = match.groups()
        label = FIELDS.get(name or "items")
        line = int(index) + 1 if index is not None else e.line
        found.append(replace(e, label=label, line=line))
    return found


def amount(value: Decimal | int) -> Both:
    """A figure in a message, written as each language writes numbers."""
    return Both(number(value, "en"), number(value, "vi"))
