"""The border domain's texts in English and Vietnamese, keyed by code. Pure: no I/O.

Typed errors are keyed by their stable `code`; shared error classes (NotFound, Conflict …)
by a key of their own. Terms follow GLOSSARY.md (bản khai hàng hóa: cargo manifest; vận đơn:
bill of lading; cổng: gate; lượt đặt chỗ: slot booking).
"""

from __future__ import annotations

from smartcustoms.errors import Catalogue

MESSAGES: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------ who may do what
    "carrier_only": (
        "Only a carrier's staff (a trade user) may do this.",
        "Chỉ người của hãng vận chuyển (doanh nghiệp) mới được thực hiện việc này.",
    ),
    "customs_only": (
        "Only customs officers may do this.",
        "Chỉ công chức hải quan mới được thực hiện việc này.",
    ),
    "gate_system_only": (
        "Only the gate's own system may send its events.",
        "Chỉ hệ thống của chính cổng mới được gửi sự kiện của cổng.",
    ),
    "gate_admin_only": (
        "Only an administrator or a supervisor may set up gates.",
        "Chỉ quản trị viên hoặc lãnh đạo mới được thiết lập cổng.",
    ),
    # ------------------------------------------------------------ not found
    "manifest_not_found": (
        "Manifest {manifest_id} not found.",
        "Không tìm thấy bản khai hàng hóa {manifest_id}.",
    ),
    "gate_unknown": (
        "Gate {gate} is not known to customs; the event was refused.",
        "Cổng {gate} chưa được đăng ký với hải quan; sự kiện bị từ chối.",
    ),
    "pass_not_found": (
        "No gate pass has the code {code}.",
        "Không có phiếu qua cổng nào có mã {code}.",
    ),
    "booking_not_found": (
        "Booking {booking_id} not found.",
        "Không tìm thấy lượt đặt chỗ {booking_id}.",
    ),
    # ------------------------------------------------------------ manifests
    "manifest_invalid": (
        "The manifest cannot be filed: {count} error(s).",
        "Bản khai hàng hóa không thể tiếp nhận: {count} lỗi.",
    ),
    "required": ("This field is required.", "Trường này là bắt buộc."),
    "mode_unknown": (
        "The mode of transport must be sea, air or road (given: {given}).",
        "Phương thức vận tải phải là đường biển, đường hàng không hoặc đường bộ (nhận: {given}).",
    ),
    "year_out_of_range": (
        "The date must fall between the years {first} and {last}.",
        "Ngày phải nằm trong khoảng từ năm {first} đến năm {last}.",
    ),
    "arrival_before_departure": (
        "The arrival must come after the departure.",
        "Thời điểm đến phải sau thời điểm khởi hành.",
    ),
    "no_lines": (
        "A manifest lists at least one bill of lading or air waybill.",
        "Bản khai phải có ít nhất một vận đơn.",
    ),
    "too_many_lines": (
        "A manifest lists at most {limit} bills; split it.",
        "Một bản khai có tối đa {limit} vận đơn; hãy tách bản khai.",
    ),
    "document_repeated": (
        "The bill {document} is listed twice in this manifest.",
        "Vận đơn {document} bị khai hai lần trong bản khai này.",
    ),
    "document_reused": (
        "The bill {document} was already reported in manifest {manifest_id}; a bill of "
        "lading or air waybill number is reported once.",
        "Vận đơn {document} đã được khai trong bản khai {manifest_id}; mỗi số vận đơn chỉ "
        "được khai một lần.",
    ),
    "document_reported_meanwhile": (
        "The bill {document} was reported in another manifest filed at the same moment; a "
        "bill of lading or air waybill number is reported once.",
        "Vận đơn {document} vừa được khai trong một bản khai khác nộp cùng lúc; mỗi số vận "
        "đơn chỉ được khai một lần.",
    ),
    "not_positive": ("Must be above zero.", "Phải lớn hơn 0."),
    "container_invalid": (
        "{number} is not a container number (ISO 6346: owner code, category U, J or Z, six "
        "digits, check digit).",
        "{number} không phải số container hợp lệ (ISO 6346: mã chủ sở hữu, loại U, J hoặc "
        "Z, sáu chữ số, số kiểm tra).",
    ),
    "check_digit_wrong": (
        "{number}: the check digit should be {expected}, not {given}.",
        "{number}: số kiểm tra phải là {expected}, không phải {given}.",
    ),
    "container_repeated": (
        "Container {number} is listed twice in this manifest.",
        "Container {number} bị khai hai lần trong bản khai này.",
    ),
    "containers_on_air": (
        "Air waybills carry no sea containers.",
        "Vận đơn hàng không không kê khai container đường biển.",
    ),
    "plate_invalid": (
        "{plate} is not a vehicle plate (4 to 12 letters and digits).",
        "{plate} không phải biển số xe hợp lệ (4 đến 12 chữ và số).",
    ),
    "text_too_long": (
        "At most {limit} characters.",
        "Tối đa {limit} ký tự.",
    ),
    "hs_invalid": ("An HS code has 4 to 8 digits.", "Mã HS có từ 4 đến 8 chữ số."),
    "country_invalid": (
        "A country is two letters (ISO 3166).",
        "Mã nước gồm hai chữ cái (ISO 3166).",
    ),
    "cuscar_segment": (
        "{tag} is not read in a cargo report here.",
        "Đoạn {tag} không được đọc trong bản khai hàng hóa.",
    ),
    "cuscar_value": (
        "{tag}: {what} is not readable ({given}).",
        "{tag}: không đọc được {what} ({given}).",
    ),
    "cuscar_content": (
        "{what}: {message}",
        "Trường {what}: {message}",
    ),
    "cuscar_missing": (
        "The cargo report has no {tag} segment ({what}).",
        "Bản khai hàng hóa thiếu đoạn {tag} ({what}).",
    ),
    "cuscar_order": (
        "{tag} must follow a bill of lading or air waybill (CNI).",
        "{tag} phải đứng sau một vận đơn (CNI).",
    ),
    "unsupported_content": (
        "Send the CUSCAR interchange as application/edifact or text/plain.",
        "Hãy gửi thông điệp CUSCAR với kiểu application/edifact hoặc text/plain.",
    ),
    # ------------------------------------------------------------ gate
    "gate_not_for_you": (
        "This machine account is not the system of gate {gate}.",
        "Tài khoản máy này không phải hệ thống của cổng {gate}.",
    ),
    "subject_required": (
        "Say a container number or a vehicle plate, one of them.",
        "Hãy cho biết số container hoặc biển số xe, chỉ một trong hai.",
    ),
    "gate_out_refused": (
        "Gate-out refused: {reason}",
        "Không cho ra cổng: {reason}",
    ),
    "reason.unknown_container": (
        "container {subject} is on no open manifest.",
        "container {subject} không có trong bản khai hàng hóa nào đang mở.",
    ),
    "reason.unknown_vehicle": (
        "vehicle {subject} carries no open manifest.",
        "xe {subject} không có bản khai hàng hóa nào đang mở.",
    ),
    "reason.not_declared": (
        "bill {document} has no customs declaration yet.",
        "vận đơn {document} chưa có tờ khai hải quan.",
    ),
    "reason.not_released": (
        "declaration {number} is not released yet ({status}).",
        "tờ khai {number} chưa được giải phóng hàng/thông quan ({status}).",
    ),
    "reason.released": (
        "every declaration covering it is released.",
        "mọi tờ khai của lô hàng đã được giải phóng hàng/thông quan.",
    ),
    "gate_kind_mismatch": (
        "Gate {gate} is a {kind} gate.",
        "Cổng {gate} là cổng {kind}.",
    ),
    # ------------------------------------------------------------ slots
    "slot_misaligned": (
        "Slots at gate {gate} start every {minutes} minutes.",
        "Khung giờ tại cổng {gate} bắt đầu mỗi {minutes} phút.",
    ),
    "slot_past": (
        "That slot has already ended.",
        "Khung giờ này đã kết thúc.",
    ),
    "slot_too_far": (
        "Slots can be booked at most {days} days ahead.",
        "Chỉ được đặt chỗ trước tối đa {days} ngày.",
    ),
    "lane_unknown": (
        "Gate {gate} has lanes 1 to {lanes}.",
        "Cổng {gate} có làn từ 1 đến {lanes}.",
    ),
    "slot_full": (
        "Lane {lane} is full for that slot ({capacity} trucks); choose another.",
        "Làn {lane} đã đủ chỗ trong khung giờ này ({capacity} xe); hãy chọn khung khác.",
    ),
    "double_booking": (
        "Vehicle {plate} already holds booking {booking_id} for that slot.",
        "Xe {plate} đã có lượt đặt chỗ {booking_id} trong khung giờ này.",
    ),
    "booking_not_yours": (
        "That booking is another carrier's; only the carrier who booked it may cancel it.",
        "Lượt đặt chỗ này thuộc hãng vận chuyển khác; chỉ hãng đã đặt mới được hủy.",
    ),
    "booking_used": (
        "That booking was used: its truck has come in.",
        "Lượt đặt chỗ này đã được sử dụng: xe đã vào cổng.",
    ),
    "booking_past": (
        "That booking's slot is over; it cannot be cancelled any more.",
        "Khung giờ của lượt đặt chỗ này đã qua; không thể hủy nữa.",
    ),
    "not_land_gate": (
        "Slots are booked at land border gates only.",
        "Chỉ đặt chỗ tại cửa khẩu đường bộ.",
    ),
    "gate_code_taken": (
        "A gate with the code {gate} exists already.",
        "Đã có cổng mã {gate}.",
    ),
    "period_invalid": (
        "The period must start before it ends and cover at most 366 days.",
        "Khoảng thời gian phải có ngày bắt đầu trước ngày kết thúc và tối đa 366 ngày.",
    ),
    # ------------------------------------------------------------ names
    "mode.sea": ("sea", "đường biển"),
    "mode.air": ("air", "đường hàng không"),
    "mode.road": ("road", "đường bộ"),
    "kind.sea": ("seaport", "cảng biển"),
    "kind.air": ("airport", "cảng hàng không"),
    "kind.land": ("land border", "cửa khẩu đường bộ"),
    "booking.booked": ("booked", "đã đặt"),
    "booking.used": ("used", "đã sử dụng"),
    "booking.expired": ("expired: the truck did not come", "hết hiệu lực: xe không đến"),
    "arrival.on_time": ("in its slot", "đúng khung giờ"),
    "arrival.early": ("before its slot", "đến sớm"),
    "arrival.late": ("after its slot", "đến muộn"),
    "arrival.unbooked": ("no booking", "không đặt chỗ"),
    "discrepancy.weight": (
        "gross weight differs from the manifest",
        "trọng lượng khác bản khai hàng hóa",
    ),
    "discrepancy.packages": (
        "number of packages differs from the manifest",
        "số kiện khác bản khai hàng hóa",
    ),
    "discrepancy.consignee": (
        "consignee differs from the manifest",
        "người nhận hàng khác bản khai hàng hóa",
    ),
}

CATALOGUE = Catalogue(MESSAGES)
texts = CATALOGUE.texts
field_error = CATALOGUE.field_error
error = CATALOGUE.error
