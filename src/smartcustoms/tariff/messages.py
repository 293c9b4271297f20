"""Every English and Vietnamese text of the tariff domain: errors, import problems, quote reasons.

Keys are error codes (a typed error's `code`, a field error's `code`), dotted when one code
has several wordings (`import.out_of_range` and `import.year_out_of_range`) or when the text
is part of an explanation rather than an error (`reason.*`, `check.*`). Templates use
str.format with named placeholders; a placeholder given a `Both` takes its English half in
the English text and its Vietnamese half in the Vietnamese one. Pure data and formatting:
the rules import it, so it imports nothing with I/O.
"""

from __future__ import annotations

from smartcustoms.kit.bilingual import Both as Both
from smartcustoms.kit.bilingual import capitalized as capitalized
from smartcustoms.kit.bilingual import fill

MESSAGES: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------ typed errors, by code
    "unknown_tariff_line": (
        "Tariff line {hs8} is not in the national nomenclature.",
        "Mã số {hs8} không có trong Danh mục hàng hóa xuất nhập khẩu.",
    ),
    "no_rate_in_force": (
        "No {tax} rate for line {hs8} is in force on {date} (schedule periods: {periods}).",
        "Không có mức {tax} của mã số {hs8} có hiệu lực vào ngày {date} "
        "(các giai đoạn trong biểu thuế: {periods}).",
    ),
    "no_exchange_rate": (
        "No exchange rate for {currency} on or before {date}; "
        "the customs value cannot be converted to VND.",
        "Không có tỷ giá {currency} vào ngày {date} hoặc trước đó; "
        "không thể quy đổi trị giá hải quan sang đồng Việt Nam.",
    ),
    "proof_not_accepted": (
        "Proof of origin {proof} is not accepted for goods originating in {origin}: {where}.",
        "Chứng từ chứng nhận xuất xứ {proof} không được chấp nhận cho hàng hóa "
        "xuất xứ {origin}: {where}.",
    ),
    "proof_not_accepted.accepted": (
        "its agreements accept {accepted}",
        "các hiệp định của xuất xứ này chấp nhận {accepted}",
    ),
    "proof_not_accepted.no_agreement": (
        "it is in no agreement",
        "xuất xứ này không thuộc hiệp định nào",
    ),
    "unit_mismatch": (
        "The {tax} of line {hs8} is set per {expected} ({source}) "
        "but the quantity is declared in {unit}.",
        "Mức {tax} của mã số {hs8} tính theo đơn vị {expected} ({source}) "
        "nhưng số lượng khai theo đơn vị {unit}.",
    ),
    "unit_mismatch.no_unit": ("no unit", "(trống)"),
    "invalid_quote_request": (
        "The item cannot be taxed as declared.",
        "Không thể tính thuế cho dòng hàng như đã khai.",
    ),
    "tariff_import_failed": (
        "The tariff schedule was not loaded: {problems} problem(s) in {rows} row(s).",
        "Biểu thuế không được nạp: {problems} lỗi ở {rows} dòng.",
    ),
    # ------------------------------------------------------------ a quote request's fields
    "out_of_range": (
        "{path} must be a number between 0 and {maximum:,.0f}.",
        "{path} phải là số từ 0 đến {maximum:,.0f}.",
    ),
    "bad_country": (
        "Origin {origin!r} is not an ISO 3166 alpha-2 country code.",
        "Xuất xứ {origin!r} không phải mã nước ISO 3166 hai chữ cái.",
    ),
    "unknown_country": (
        "Origin {origin!r} is not a country of ISO 3166.",
        "Xuất xứ {origin!r} không có trong danh mục mã nước ISO 3166.",
    ),
    "bad_currency": (
        "Currency {currency!r} is not an ISO 4217 code.",
        "Đồng tiền {currency!r} không phải mã ISO 4217.",
    ),
    "unknown_currency": (
        "Currency {currency!r} is not a currency of ISO 4217.",
        "Đồng tiền {currency!r} không có trong danh mục mã tiền tệ ISO 4217.",
    ),
    "exceeds_price": (
        "Freight and insurance exceed the invoice price; the FOB value would be negative.",
        "Cước phí và bảo hiểm lớn hơn giá hóa đơn; trị giá FOB sẽ âm.",
    ),
    # ------------------------------------------------------------ registration
    "taxes_not_computed": (
        "Duties and taxes could not be computed; see the reasons.",
        "Không tính được thuế; xem lý do.",
    ),
    "proof_without_co": (
        "Form {proof} claimed but no C/O is in the dossier.",
        "Đề nghị mẫu {proof} nhưng hồ sơ không có C/O.",
    ),
    "no_assessment": (
        "This declaration has no tax assessment (not registered).",
        "Tờ khai này chưa có kết quả tính thuế (chưa đăng ký).",
    ),
    # ------------------------------------------------------------ a quote's explanations
    "reason.default": ("{tax} {rate} on {base}.", "{tax} {rate} trên {base}."),
    "reason.fta": (
        "{check} Lowest eligible rate, below the {base} rate {rate} ({source}).",
        "{check} Là mức thấp nhất đủ điều kiện, thấp hơn {base} {rate} ({source}).",
    ),
    "reason.normal_rate": (
        "Normal rate {rate} applied: origin {origin} has no MFN treatment.",
        "Áp dụng thuế suất thông thường {rate}: xuất xứ {origin} không "
        "được hưởng đối xử tối huệ quốc.",
    ),
    "reason.mfn_lowest": (
        "MFN rate {rate} applied: no eligible preferential rate is lower.",
        "Áp dụng thuế suất ưu đãi (MFN) {rate}: không có thuế suất ưu đãi đặc "
        "biệt đủ điều kiện nào thấp hơn.",
    ),
    "reason.mfn_none_eligible": (
        "MFN rate {rate} applied: no preferential rate is eligible ({why}).",
        "Áp dụng thuế suất ưu đãi (MFN) {rate}: không có thuế suất ưu đãi đặc "
        "biệt đủ điều kiện ({why}).",
    ),
    "reason.mfn_no_preference": (
        "MFN rate {rate} applied: no preferential rate for origin {origin} on this line in {year}.",
        "Áp dụng thuế suất ưu đãi (MFN) {rate}: không có thuế suất ưu đãi đặc biệt "
        "cho xuất xứ {origin} đối với mã số này năm {year}.",
    ),
    "check.no_rate": (
        "{agreement} has no rate for line {hs8} in {year}",
        "{agreement} không có thuế suất cho mã số {hs8} năm {year}",
    ),
    "check.no_proof": (
        "{agreement} {year} rate {rate} not applied: no accepted proof of origin "
        "referenced (accepts {accepted})",
        "Không áp dụng {agreement} năm {year} {rate}: không có chứng từ chứng nhận xuất xứ "
        "được chấp nhận ({accepted})",
    ),
    "check.eligible": (
        "{agreement} {year} rate {rate} applies: origin {origin} is a member and proof "
        "{proof} is accepted.",
        "Áp dụng {agreement} năm {year} {rate}: xuất xứ {origin} là thành viên và chứng từ "
        "{proof} được chấp nhận.",
    ),
    # ------------------------------------------------------------ rows of an imported schedule
    # The importer writes "<file>:<line>: " before each of these.
    "import.bad_encoding": (
        "the file is not UTF-8 (byte {byte})",
        "tệp không được mã hóa UTF-8 (byte {byte})",
    ),
    "import.missing_file": ("the file is missing", "thiếu tệp"),
    "import.bad_header": (
        "header must be exactly {header}",
        "dòng tiêu đề phải đúng là {header}",
    ),
    "import.no_header": ("the header row is missing", "thiếu dòng tiêu đề"),
    "import.column_count": (
        "expected {expected} columns, found {found}",
        "cần {expected} cột, có {found} cột",
    ),
    "import.bad_csv": ("{error}", "lỗi định dạng CSV: {error}"),
    "import.required": ("{column} is required", "cột {column} là bắt buộc"),
    "import.bad_pattern": (
        "{column} {value!r} is not {what}",
        "cột {column} {value!r} không phải {what}",
    ),
    "import.bad_tokens": ("{column} {bad} not {what}", "cột {column} {bad} không phải {what}"),
    "import.bad_choice": (
        "{column} {value!r} is not one of {allowed}",
        "cột {column} {value!r} không thuộc {allowed}",
    ),
    "import.bad_decimal": (
        "{column} {value!r} is not a decimal like 12.5 (dot, no sign, no separators)",
        "cột {column} {value!r} không phải số thập phân dạng 12.5",
    ),
    "import.out_of_range": (
        "{column} {value} must be {low} and at most {maximum:f}",
        "cột {column} {value} phải {low} và không quá {maximum:f}",
    ),
    "import.above_zero": ("above 0", "lớn hơn 0"),
    "import.zero_or_more": ("0 or more", "từ 0"),
    "import.bad_date": (
        "{column} {value!r} is not a date YYYY-MM-DD",
        "cột {column} {value!r} không phải ngày dạng YYYY-MM-DD",
    ),
    "import.not_allowed": ("{column} must be empty {why}", "cột {column} phải để trống {why}"),
    "import.for_specific": ("for a specific rate", "với thuế tuyệt đối"),
    "import.for_ad_valorem": ("for an ad valorem rate", "với thuế theo tỷ lệ phần trăm"),
    "import.duplicate": ("duplicate of {first}", "trùng với {first}"),
    "import.duplicate_code": ("{column} lists a code twice", "cột {column} có mã lặp lại"),
    "import.unknown_hs6": (
        "{hs6} is not an HS 2022 six-digit code",
        "{hs6} không phải mã HS 2022 sáu số",
    ),
    "import.unknown_unit": (
        "unit {unit} is not a known unit code",
        "đơn vị {unit} không có trong danh mục",
    ),
    "import.unknown_country": (
        "{column} {codes} not in the ISO 3166 country list",
        "cột {column} {codes} không có trong danh mục mã nước ISO 3166",
    ),
    "import.unknown_currency": (
        "currency {currency} is not in the ISO 4217 currency list",
        "tiền tệ {currency} không có trong danh mục mã tiền tệ ISO 4217",
    ),
    "import.unknown_line": (
        "line {hs8} is not in {file}",
        "mã số {hs8} không có trong {file}",
    ),
    "import.unknown_agreement": (
        "agreement {agreement} is not in {file}",
        "hiệp định {agreement} không có trong {file}",
    ),
    "import.bad_period": (
        "valid_to {valid_to} is before valid_from {valid_from}",
        "valid_to {valid_to} trước valid_from {valid_from}",
    ),
    "import.kind_not_allowed": (
        "a {tax} rate must be {allowed}",
        "thuế suất {tax} phải là {allowed}",
    ),
    "import.unit_mismatch": (
        "unit {unit} differs from the line's unit {line_unit} in {file}",
        "đơn vị {unit} khác đơn vị {line_unit} của mã số trong {file}",
    ),
    "import.overlap": (
        "{tax} of {hs8} {period} overlaps {other} ({other_period})",
        "{tax} của {hs8} {period} chồng lấn {other} ({other_period})",
    ),
    "import.year_out_of_range": (
        "year {value} is outside {low}-{high}",
        "năm {value} nằm ngoài {low}-{high}",
    ),
    "import.vnd_rate": ("VND needs no exchange rate", "VND không cần tỷ giá"),
}

# What a column of an imported file must look like, in `import.bad_pattern` and `bad_tokens`.
COLUMN_FORMS: dict[str, Both] = {
    "hs8": Both("8 digits", "8 chữ số"),
    "unit": Both("a UN/ECE Rec 20 unit code like KGM", "mã đơn vị UN/ECE Rec 20 như KGM"),
    "agreement": Both("a code like ATIGA", "mã như ATIGA"),
    "members": Both("ISO 3166 alpha-2", "mã nước ISO 3166"),
    "proofs": Both("a proof code like D or EUR.1", "mã chứng từ"),
    "year": Both("a year like 2025", "năm dạng 2025"),
    "currency": Both("ISO 4217 like USD", "mã ISO 4217 như USD"),
}

# Each rate table of rates.csv (tariff.rules.Tax values), named in a sentence.
TAX_NAMES: dict[str, Both] = {
    "import_mfn": Both("MFN import duty", "thuế nhập khẩu ưu đãi"),
    "import_normal": Both("normal import duty", "thuế nhập khẩu thông thường"),
    "export": Both("export duty", "thuế xuất khẩu"),
    "excise": Both("special consumption tax", "thuế tiêu thụ đặc biệt"),
    "environment": Both("environmental protection tax", "thuế bảo vệ môi trường"),
    "vat": Both("value added tax", "thuế giá trị gia tăng"),
}

# The rate an FTA rate is compared with, in `reason.fta`.
BASE_RATE_NAMES: dict[str, Both] = {
    "import_mfn": Both("MFN", TAX_NAMES["import_mfn"].vi),
    "import_normal": Both("normal", TAX_NAMES["import_normal"].vi),
}

# What each tax line (tariff.rules.TaxName) is computed on.
TAX_BASES: dict[str, Both] = {
    "import": Both("customs value", "trị giá hải quan"),
    "excise": Both("customs value + import duty", "trị giá hải quan + thuế nhập khẩu"),
    "environment": Both("declared quantity", "số lượng khai báo"),
    "vat": Both(
        "customs value + import duty + excise + environmental tax",
        "trị giá hải quan + thuế nhập khẩu + thuế TTĐB + thuế BVMT",
    ),
    "export": Both("FOB value", "trị giá FOB"),
}

# A preference check's status (tariff.rules.PreferenceStatus values), in a list of reasons.
STATUS_NAMES: dict[str, Both] = {
    "eligible": Both("eligible", "đủ điều kiện"),
    "no_proof": Both(
        "no accepted proof of origin referenced",
        "không có chứng từ chứng nhận xuất xứ được chấp nhận",
    ),
    "no_rate": Both("no rate for this line this year", "không có thuế suất năm này"),
}


def texts(key: str, /, **params: object) -> Both:
    """The catalogue's text for `key` with its placeholders filled in, in both languages."""
    return fill(MESSAGES[key], params)
