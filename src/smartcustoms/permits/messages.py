"""The single window's texts in English and Vietnamese, keyed by code. Pure: no I/O.

Typed errors are keyed by their stable `code`; shared classes (NotFound, Conflict …) by a
key of their own. States, actions and sides have their names here too (`state.*`,
`action.*`, `actor.*`). Terms follow GLOSSARY.md (licence: giấy phép; specialised
inspection: kiểm tra chuyên ngành; agency: cơ quan quản lý chuyên ngành).
"""

from __future__ import annotations

from smartcustoms.errors import Catalogue

MESSAGES: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------ the registry
    "registry_overlap": (
        "Registry entry {key} ({agency}) overlaps entry {other} ({other_agency}) for {kind}:"
        " one commodity is controlled by one agency.",
        "Dòng danh mục {key} ({agency}) trùng với dòng {other} ({other_agency}) về {kind}:"
        " mỗi mặt hàng chỉ do một cơ quan quản lý, kiểm tra.",
    ),
    "registry_duplicate_key": (
        "Registry entry {key} is listed twice.",
        "Dòng danh mục {key} bị khai hai lần.",
    ),
    "registry_bad_prefix": (
        "Registry entry {key}: '{prefix}' is not a tariff prefix of 2 to 8 digits.",
        "Dòng danh mục {key}: '{prefix}' không phải mã HS từ 2 đến 8 chữ số.",
    ),
    "registry_bad_direction": (
        "Registry entry {key}: the direction is import, export or empty.",
        "Dòng danh mục {key}: chiều hàng phải là import, export hoặc để trống.",
    ),
    "registry_bad_sampling": (
        "Registry entry {key}: sampling rates must satisfy 0 ≤ floor ≤ base ≤ 100.",
        "Dòng danh mục {key}: tỷ lệ lấy mẫu phải thỏa 0 ≤ tối thiểu ≤ cơ sở ≤ 100.",
    ),
    "registry_columns": (
        "The registry file's columns must be: {expected}.",
        "Tệp danh mục phải có các cột: {expected}.",
    ),
    "registry_row_invalid": (
        "Registry file, line {line}: {reason}.",
        "Tệp danh mục, dòng {line}: {reason}.",
    ),
    "procedure_file_invalid": (
        "Procedure file, procedure {code}: {reason}.",
        "Tệp thủ tục, thủ tục {code}: {reason}.",
    ),
    "procedure_file_duplicate": (
        "The procedure file lists a procedure code twice.",
        "Tệp thủ tục có mã thủ tục bị trùng.",
    ),
    "procedure_unknown_agency": (
        "Procedure {code} names agency {agency}, which the file does not list.",
        "Thủ tục {code} thuộc cơ quan {agency} không có trong tệp.",
    ),
    "registry_unknown_procedure": (
        "Registry entry {key} names procedure {procedure} of agency {agency}, which is not loaded.",
        "Dòng danh mục {key} nêu thủ tục {procedure} của cơ quan {agency} chưa được nạp.",
    ),
    # ------------------------------------------------------------ the workflow
    "invalid_transition": (
        "An application {state} cannot be sent '{action}'.",
        "Hồ sơ ở trạng thái {state} không thể thực hiện '{action}'.",
    ),
    "only_agency": (
        "Only the responsible agency may '{action}'.",
        "Chỉ cơ quan quản lý chuyên ngành có thẩm quyền mới được '{action}'.",
    ),
    "only_trader": (
        "Only the applicant may '{action}'.",
        "Chỉ người nộp hồ sơ mới được '{action}'.",
    ),
    "procedure_takes_no_sample": (
        "Procedure {procedure} takes no sample.",
        "Thủ tục {procedure} không lấy mẫu.",
    ),
    "sample_selected_first": (
        "This lot was selected for sampling: a passing lab result comes before approval.",
        "Lô hàng thuộc diện lấy mẫu: phải có kết quả thử nghiệm đạt trước khi cấp phép.",
    ),
    "lab_failed_cannot_approve": (
        "The lab result failed: the application can only be rejected.",
        "Kết quả thử nghiệm không đạt: chỉ có thể từ chối hồ sơ.",
    ),
    "not_owning_agency": (
        "Agency {agency} does not own procedure {procedure}: only {owner} decides it.",
        "Cơ quan {agency} không quản lý thủ tục {procedure}: chỉ {owner} được quyết định.",
    ),
    "application_closed": (
        "Application {number} is {state}: nothing more can be done on it.",
        "Hồ sơ {number} đã {state}: không thể xử lý thêm.",
    ),
    "message_id_reused": (
        "Message {message_id} was already applied to another application or action.",
        "Thông điệp {message_id} đã được áp dụng cho hồ sơ hoặc thao tác khác.",
    ),
    "documents_missing": (
        "Procedure {procedure} needs these documents in the application: {missing}.",
        "Thủ tục {procedure} cần các chứng từ sau trong hồ sơ: {missing}.",
    ),
    "line_not_controlled": (
        "Tariff line {hs_code} is not under procedure {procedure} in the control registry.",
        "Mã hàng {hs_code} không thuộc thủ tục {procedure} trong danh mục quản lý.",
    ),
    "quantity_invalid": (
        "The quantity must be more than zero.",
        "Số lượng phải lớn hơn không.",
    ),
    "lab_result_required": (
        "Say whether the lab result passed.",
        "Hãy cho biết kết quả thử nghiệm đạt hay không.",
    ),
    # ------------------------------------------------------------ who may do what
    "agency_only": (
        "Only an officer or a system of a single-window agency may do this.",
        "Chỉ cán bộ hoặc hệ thống của cơ quan quản lý chuyên ngành mới được thực hiện.",
    ),
    "trade_only": (
        "Only a trader of the enterprise or its broker may do this.",
        "Chỉ doanh nghiệp hoặc đại lý hải quan của doanh nghiệp mới được thực hiện việc này.",
    ),
    "admin_only": (
        "Only an administrator may change the control registry.",
        "Chỉ quản trị viên mới được sửa danh mục quản lý chuyên ngành.",
    ),
    # ------------------------------------------------------------ not found
    "agency_not_found": ("Agency {agency} not found.", "Không tìm thấy cơ quan {agency}."),
    "procedure_not_found": (
        "Procedure {procedure} not found.",
        "Không tìm thấy thủ tục {procedure}.",
    ),
    "application_not_found": (
        "Application {application_id} not found.",
        "Không tìm thấy hồ sơ {application_id}.",
    ),
    # ------------------------------------------------------------ licences and balances
    "balance_exceeded": (
        "Licence {number} has {balance} left; the line asks for {quantity}.",
        "Giấy phép {number} chỉ còn {balance}; dòng hàng cần {quantity}.",
    ),
    "balance_drawn_meanwhile": (
        "Licence {number} no longer has {quantity} left: another declaration drew on it"
        " meanwhile. Nothing was registered.",
        "Giấy phép {number} không còn đủ {quantity}: một tờ khai khác vừa trừ lùi."
        " Tờ khai chưa được đăng ký.",
    ),
    "licence_other_party": (
        "Licence {number} was granted to another enterprise.",
        "Giấy phép {number} được cấp cho doanh nghiệp khác.",
    ),
    "licence_other_procedure": (
        "Licence {number} is for another procedure.",
        "Giấy phép {number} thuộc thủ tục khác.",
    ),
    "licence_other_line": (
        "Licence {number} is for another tariff line.",
        "Giấy phép {number} cấp cho mã hàng khác.",
    ),
    "licence_not_valid_on": (
        "Licence {number} is not valid on that day.",
        "Giấy phép {number} không còn hiệu lực vào ngày đó.",
    ),
    "licence_other_unit": (
        "Licence {number} counts its quantity in another unit.",
        "Giấy phép {number} tính số lượng theo đơn vị khác.",
    ),
    # ------------------------------------------------------------ registration
    "licence_missing.summary": (
        "Goods under specialised management lack their licence or inspection result.",
        "Hàng thuộc diện quản lý chuyên ngành chưa có giấy phép hoặc kết quả kiểm tra.",
    ),
    "licence_missing": (
        "Line {line} ({hs_code}) is under {procedure} of {agency}: apply for it first.",
        "Dòng {line} ({hs_code}) thuộc diện {procedure} của {agency}: hãy nộp hồ sơ trước.",
    ),
    "licence_pending_before_registration": (
        "Line {line} ({hs_code}) needs {procedure} of {agency} granted before registration"
        " (application {number} is pending).",
        "Dòng {line} ({hs_code}) cần có {procedure} của {agency} trước khi đăng ký tờ khai"
        " (hồ sơ {number} đang chờ xử lý).",
    ),
    "licence_balance_short": (
        "Line {line} ({hs_code}): no licence of {agency} has {quantity} {unit} left.",
        "Dòng {line} ({hs_code}): không giấy phép nào của {agency} còn đủ {quantity} {unit}.",
    ),
    # ------------------------------------------------------------ clearance condition
    "condition.no_controls": (
        "No licence or specialised inspection needed",
        "Không thuộc diện cấp phép, kiểm tra chuyên ngành",
    ),
    "condition.licences_in_hand": (
        "Licences and inspection results in hand",
        "Đã có giấy phép, kết quả kiểm tra chuyên ngành",
    ),
    "condition.licences_awaited": (
        "the result of {what} from {agency}",
        "kết quả {what} của {agency}",
    ),
    # ------------------------------------------------------------ names
    "state.received": ("received", "đã tiếp nhận"),
    "state.in_review": ("in review", "đang xem xét"),
    "state.supplement_requested": ("supplement requested", "yêu cầu bổ sung"),
    "state.sample_taken": ("sample taken", "đã lấy mẫu"),
    "state.lab_result": ("lab result in", "đã có kết quả thử nghiệm"),
    "state.approved": ("approved", "đã cấp phép"),
    "state.approved_with_conditions": ("approved with conditions", "cấp phép có điều kiện"),
    "state.rejected": ("rejected", "từ chối"),
    "state.withdrawn": ("withdrawn", "đã rút"),
    "state.revoked": ("revoked", "đã thu hồi"),
    "action.accept": ("take into review", "tiếp nhận xem xét"),
    "action.request_supplement": ("request a supplement", "yêu cầu bổ sung"),
    "action.supplement": ("supplement", "bổ sung hồ sơ"),
    "action.take_sample": ("take a sample", "lấy mẫu"),
    "action.record_lab_result": ("record the lab result", "ghi kết quả thử nghiệm"),
    "action.approve": ("approve", "cấp phép"),
    "action.approve_with_conditions": ("approve with conditions", "cấp phép có điều kiện"),
    "action.reject": ("reject", "từ chối"),
    "action.withdraw": ("withdraw", "rút hồ sơ"),
    "action.revoke": ("revoke", "thu hồi"),
    "actor.agency": ("the agency", "cơ quan chuyên ngành"),
    "actor.trader": ("the trader", "doanh nghiệp"),
    "sampling.priority_exempt": ("priority enterprise: exempt", "doanh nghiệp ưu tiên: miễn"),
    "sampling.mutual_recognition": (
        "accepted under mutual recognition",
        "chấp nhận theo thỏa thuận công nhận lẫn nhau",
    ),
    "sampling.drawn": ("selected for sampling", "thuộc diện lấy mẫu"),
    "sampling.not_drawn": ("not selected for sampling", "không phải lấy mẫu"),
}

CATALOGUE = Catalogue(MESSAGES)
texts = CATALOGUE.texts
error = CATALOGUE.error
field_error = CATALOGUE.field_error
