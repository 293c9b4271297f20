"""The risk domain's messages in English and Vietnamese, keyed by code. Pure: no I/O.

Errors are keyed by the code a field error carries (`bad_hs_prefix`) or, for the shared error
classes (NotFound, Conflict …, whose stable `code` stays generic), by a key of their own
(`rule_not_found`). A channel decision's reasons are keyed by their reason code; their texts
are stored with each decision, so a change here changes what new decisions store. Templates
use `str.format` with named placeholders; a `Both` value is given in each language.
Terms follow GLOSSARY.md; the portal's own words are in `catalog.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from smartcustoms.errors import DomainError, FieldError
from smartcustoms.kit.bilingual import Both, fill

Texts = tuple[str, str]  # (English, Vietnamese)

ERRORS: dict[str, Texts] = {
    # who may do what
    "customs_only": (
        "Only customs officers may manage risk.",
        "Chỉ công chức hải quan mới được quản lý rủi ro.",
    ),
    "supervisor_only": (
        "Only a customs supervisor may do this.",
        "Chỉ lãnh đạo chi cục hải quan mới được thực hiện việc này.",
    ),
    # risk rules
    "rule_has_errors": (
        "The rule has {count} error(s).",
        "Tiêu chí rủi ro có {count} lỗi.",
    ),
    "rule_code_taken": (
        "A rule with code {code!r} already exists.",
        "Đã có tiêu chí rủi ro mã {code!r}.",
    ),
    "rule_not_found": (
        "Risk rule {rule_id} not found.",
        "Không tìm thấy tiêu chí rủi ro {rule_id}.",
    ),
    "required": ("This field is required.", "Trường này là bắt buộc."),
    "no_criteria": (
        "A rule needs at least one criterion; otherwise it would flag everything.",
        "Tiêu chí rủi ro phải có ít nhất một điều kiện; nếu không sẽ áp dụng cho mọi tờ khai.",
    ),
    "out_of_range": (
        "The score must be between {low:g} and {high:g}.",
        "Điểm rủi ro phải từ {low:g} đến {high:g}.",
    ),
    "no_effect": (
        "Give the rule a score or a forced channel.",
        "Hãy cho tiêu chí một điểm rủi ro hoặc một luồng bắt buộc.",
    ),
    "ends_before_start": (
        "The validity ends before it starts.",
        "Ngày hết hiệu lực trước ngày bắt đầu hiệu lực.",
    ),
    "bad_hs_prefix": (
        "{prefix!r} is not an HS prefix of 2 to 8 digits.",
        "{prefix!r} không phải tiền tố mã HS từ 2 đến 8 chữ số.",
    ),
    "range_inverted": (
        "The maximum value per unit is below the minimum.",
        "Trị giá tối đa trên một đơn vị nhỏ hơn trị giá tối thiểu.",
    ),
    # selectivity policy
    "policy_invalid": (
        "The selectivity policy is not valid: {problems}",
        "Chính sách phân luồng không hợp lệ: {problems}",
    ),
    "share_out_of_range": (
        "{name} must be between 0 and 1",
        "{name} phải từ 0 đến 1",
    ),
    "shares_over_one": (
        "red_share + yellow_share must not exceed 1",
        "red_share + yellow_share không được vượt quá 1",
    ),
    "thresholds_inverted": (
        "rules_only_red must not be below rules_only_yellow",
        "rules_only_red không được nhỏ hơn rules_only_yellow",
    ),
    "unknown_setting": ("unknown setting {name}", "không có thiết lập {name}"),
    "invalid_value": ("invalid value", "giá trị không hợp lệ"),
    # trader standing and tax debts
    "enterprise_not_found": ("Enterprise not found.", "Không tìm thấy doanh nghiệp."),
    "not_positive_vnd": (
        "The amount must be a positive whole number of dong.",
        "Số tiền phải là số đồng nguyên dương.",
    ),
    "tax_debt_not_found": (
        "Tax debt {debt_id} not found.",
        "Không tìm thấy khoản nợ thuế {debt_id}.",
    ),
    "tax_debt_settled": (
        "This tax debt is already settled.",
        "Khoản nợ thuế này đã được thanh toán.",
    ),
    "tax_debt_overdue": (
        "The enterprise has tax debt overdue more than {days} days ({total:,.0f} VND, due since "
        "{oldest}); new declarations are refused until it is paid.",
        "Doanh nghiệp còn nợ thuế quá hạn trên {days} ngày ({total:,.0f} đồng, hạn nộp từ "
        "{oldest}); tờ khai mới bị từ chối cho đến khi nộp đủ.",
    ),
    # decisions and worklists
    "no_decision": (
        "No channel decision for declaration {declaration_id}.",
        "Tờ khai {declaration_id} chưa được phân luồng.",
    ),
    "worklist_customs_only": (
        "Only customs officers have an office worklist.",
        "Chỉ công chức hải quan mới có danh sách công việc của chi cục.",
    ),
    "worklist_not_green": (
        "Worklists exist for the yellow and red channels only.",
        "Chỉ có danh sách công việc cho luồng vàng và luồng đỏ.",
    ),
    # inspections
    "inspection_customs_only": (
        "Only customs officers record inspection results.",
        "Chỉ công chức hải quan mới được ghi nhận kết quả kiểm tra.",
    ),
    "not_awaiting_inspection": (
        "This declaration is not awaiting an inspection.",
        "Tờ khai này không ở trạng thái chờ kiểm tra.",
    ),
    "inspection_has_errors": (
        "The inspection result has {count} error(s).",
        "Kết quả kiểm tra có {count} lỗi.",
    ),
    "clean_with_corrections": (
        "An inspection without findings cannot correct the declaration or record a violation.",
        "Kết quả kiểm tra không có sai phạm thì không thể điều chỉnh tờ khai hay ghi nhận vi phạm.",
    ),
    "hs_not_national": (
        "The HS code must be a national 8-digit line.",
        "Mã số HS phải là mã 8 chữ số của Việt Nam.",
    ),
    "bad_country": (
        "The origin is a two-letter ISO country code.",
        "Xuất xứ là mã nước ISO gồm hai chữ cái.",
    ),
    "not_positive": ("The value must be greater than zero.", "Giá trị phải lớn hơn không."),
    "not_whole_vnd": (
        "The adjustment is a whole number of dong.",
        "Số tiền điều chỉnh phải là số đồng nguyên.",
    ),
    # portal forms
    "fields_invalid": ("Some fields are not valid.", "Một số trường không hợp lệ."),
    # fraud model versions
    "model_manager_only": (
        "Only a customs supervisor may train or activate fraud models.",
        "Chỉ lãnh đạo chi cục hải quan mới được huấn luyện hoặc kích hoạt mô hình.",
    ),
    "model_viewer_customs_only": (
        "Only customs officers may see fraud models.",
        "Chỉ công chức hải quan mới được xem mô hình gian lận.",
    ),
    "model_version_not_found": (
        "Model version {version_id} not found.",
        "Không tìm thấy phiên bản mô hình {version_id}.",
    ),
    "nothing_to_train_on": (
        "There is nothing to train on: give KCS data files or record inspections.",
        "Không có dữ liệu huấn luyện: hãy cung cấp tệp dữ liệu KCS hoặc ghi nhận kết quả kiểm tra.",
    ),
    "model_file_invalid.missing": (
        "Model file {name} is missing.",
        "Không có tệp mô hình {name}.",
    ),
    "model_file_invalid.changed": (
        "Model file {name} changed since it was stored (SHA-256 differs).",
        "Tệp mô hình {name} đã bị thay đổi sau khi lưu (SHA-256 khác).",
    ),
    "model_schema_mismatch": (
        "The model was built for feature schema {built!r}; this version computes {current!r}.",
        "Mô hình được xây dựng cho lược đồ đặc trưng {built!r}; phiên bản này tính {current!r}.",
    ),
    "model_schema_mismatch.file": (
        "{path} was built for feature schema {built!r}; this code computes {current!r} — "
        "retrain the model with this version",
        "{path} được xây cho lược đồ đặc trưng {built!r}; mã hiện tại dùng {current!r} — "
        "hãy huấn luyện lại mô hình",
    ),
    "model_file_invalid.unreadable": (
        "{path}: not a readable SmartCustoms fraud model ({reason})",
        "{path}: không phải tệp mô hình rủi ro đọc được ({reason})",
    ),
    "model_file_invalid.damaged": (
        "{path}: damaged model file ({parts} fails its checksum)",
        "{path}: tệp mô hình bị hỏng ({parts} sai mã kiểm tra)",
    ),
    "model_file_invalid.format": (
        "{path}: not a {file_format} file of version {version}",
        "{path}: không phải tệp {file_format} phiên bản {version}",
    ),
    # the fraud model's data (KCS files, labelled declarations)
    "model_data_invalid.no_fraud_column": (
        "training data has no Fraud column",
        "dữ liệu huấn luyện không có cột Fraud",
    ),
    "model_data_invalid.unlabelled": (
        "training needs labelled declarations (a Fraud column with 0/1 values)",
        "cần dữ liệu tờ khai có nhãn (cột Fraud với giá trị 0/1) để huấn luyện",
    ),
    "model_data_invalid.missing_columns": (
        "{source}: missing column(s): {columns}",
        "{source}: thiếu cột: {columns}",
    ),
    "model_data_invalid.malformed_columns": (
        "{source}: malformed column(s): {columns}",
        "{source}: cột sai định dạng: {columns}",
    ),
    "file_missing": ("file not found", "không tìm thấy tệp"),
    "file_unreadable": ("not a CSV file ({reason})", "không phải tệp CSV ({reason})"),
    "missing_column": ("column is missing", "thiếu cột"),
    "malformed_column": (
        "{count} value(s) are not {wanted}, first at line {line}: {value!r}",
        "{count} giá trị không phải {wanted}, đầu tiên ở dòng {line}: {value!r}",
    ),
    # the fraud model's command line
    "test_file_without_fraud": (
        "{file}: the test file needs a Fraud column to be evaluated",
        "{file}: tệp kiểm tra cần cột Fraud để đánh giá",
    ),
}

# What a column of a KCS file must hold, in `malformed_column`; label values are joined by "or".
VALUE_FORMS: dict[str, Both] = {
    "hs6": Both("6 digits", "6 chữ số"),
    "text": Both("a value", "một giá trị"),
    "date": Both("a date YYYY-MM-DD", "ngày YYYY-MM-DD"),
    "number": Both("a number ≥ 0", "một số ≥ 0"),
    "or": Both(" or ", " hoặc "),
}

# A channel decision's reasons, by reason code. Stored with each decision: keep them stable.
REASONS: dict[str, Texts] = {
    "forced_rule": (
        "Rule {rule} requires the {channel} channel.",
        "Tiêu chí {rule} yêu cầu {channel}.",
    ),
    "rule": (
        "Rule {rule} matched ({points:+g} points).",
        "Khớp tiêu chí {rule} ({points:+g} điểm).",
    ),
    "new_trader": (
        "New trader: little or no declaration history (+{points:g}).",
        "Doanh nghiệp mới: chưa có lịch sử khai báo (+{points:g} điểm).",
    ),
    "no_model": (
        "No active model: rules and random selection only.",
        "Chưa có mô hình đang áp dụng: chỉ dùng tiêu chí rủi ro và chọn ngẫu nhiên.",
    ),
    "model": (
        "Fraud model score {score:.3f} (+{points:g} points).",
        "Điểm mô hình gian lận {score:.3f} (+{points:g} điểm).",
    ),
    "priority": (
        "Priority enterprise (AEO): green unless a rule forces or a draw selects.",
        "Doanh nghiệp ưu tiên: luồng xanh trừ khi tiêu chí bắt buộc hoặc được chọn ngẫu nhiên.",
    ),
    "score": (
        "Score {score:g} against thresholds yellow {yellow:g}, red {red:g} ({source}).",
        "Điểm {score:g} so với ngưỡng vàng {yellow:g}, đỏ {red:g}.",
    ),
    "random": (
        "Selected at random (rate {rate:.1%}) for the {channel} channel.",
        "Được chọn ngẫu nhiên (tỷ lệ {rate:.1%}) vào {channel}.",
    ),
    "late_facts": (
        "Late facts from {source} after registration ({codes}): channel raised from {before}.",
        "Thông tin từ {source} đến sau khi đăng ký ({codes}): nâng luồng từ {before}.",
    ),
}


# The clearance condition "the channel's checks are done", by outcome code: a met one reads
# alone, an unmet one after "Waiting for:" (declarations.clearance).
CONDITIONS: dict[str, Texts] = {
    "green": ("Green channel: no check", "Luồng xanh: miễn kiểm tra"),
    "document_check_pending": (
        "the document check ({channel})",
        "kiểm tra hồ sơ ({channel})",
    ),
    "physical_pending": (
        "the physical inspection of the goods ({channel})",
        "kiểm tra thực tế hàng hóa ({channel})",
    ),
    "document_check_done": (
        "{Channel}: document check done, no findings",
        "{Channel}: đã kiểm tra hồ sơ, không phát hiện sai phạm",
    ),
    "document_check_findings": (
        "{Channel}: document check done, findings recorded",
        "{Channel}: đã kiểm tra hồ sơ, có phát hiện sai phạm",
    ),
    "physical_done": (
        "{Channel}: physical inspection done, no findings",
        "{Channel}: đã kiểm tra thực tế hàng hóa, không phát hiện sai phạm",
    ),
    "physical_findings": (
        "{Channel}: physical inspection done, findings recorded",
        "{Channel}: đã kiểm tra thực tế hàng hóa, có phát hiện sai phạm",
    ),
    "check_closed": (
        "a channel check, closed without a result",
        "kết quả kiểm tra (đã đóng mà chưa có kết quả)",
    ),
    "no_channel": ("the channel selection", "kết quả phân luồng"),
}

# How reasons name a channel: English says "the red channel", Vietnamese "luồng đỏ".
CHANNEL_WORDS: dict[str, Both] = {
    "green": Both("green", "luồng xanh"),
    "yellow": Both("yellow", "luồng vàng"),
    "red": Both("red", "luồng đỏ"),
}


def texts(key: str, **params: object) -> Texts:
    """An error's English and Vietnamese messages, placeholders filled."""
    return fill(ERRORS[key], params)


def reason_texts(code: str, **params: object) -> Texts:
    """A decision reason's English and Vietnamese messages, placeholders filled."""
    return fill(REASONS[code], params)


def condition_texts(code: str, **params: object) -> Texts:
    """A clearance condition outcome's English and Vietnamese texts, placeholders filled."""
    return fill(CONDITIONS[code], params)


def field_error(path: str, code: str, **params: object) -> FieldError:
    """A field error whose messages are the catalogue's entry for its code."""
    en, vi = texts(code, **params)
    return FieldError(path, code, en, vi)


E = TypeVar("E", bound=DomainError)


def error(kind: Callable[..., E], key: str, /, **params: object) -> E:
    """A typed error (its class keeps its stable `code`) with the catalogue's messages."""
    en, vi = texts(key, **params)
    return kind(message_en=en, message_vi=vi)
