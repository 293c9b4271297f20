"""The audit domain's texts in English and Vietnamese, keyed by code. Pure: no I/O."""

from __future__ import annotations

from smartcustoms.errors import Catalogue

MESSAGES: dict[str, tuple[str, str]] = {
    "chain_intact": (
        "The audit chain holds: {count} records, head {head}.",
        "Chuỗi nhật ký kiểm toán nguyên vẹn: {count} bản ghi, đầu chuỗi {head}.",
    ),
    "sequence_gap": (
        "Record {seq} is missing: a record was deleted or renumbered.",
        "Thiếu bản ghi {seq}: một bản ghi đã bị xóa hoặc đánh số lại.",
    ),
    "previous_mismatch": (
        "Record {seq} does not follow the record before it: records were removed, added or moved.",
        "Bản ghi {seq} không nối tiếp bản ghi trước: bản ghi đã bị xóa, thêm hoặc đổi chỗ.",
    ),
    "record_altered": (
        "Record {seq} was altered after it was written: its hash does not match its content.",
        "Bản ghi {seq} đã bị sửa sau khi ghi: mã băm không khớp với nội dung.",
    ),
    "head_mismatch": (
        "The chain ends before record {seq}, which the chain head remembers: the last records"
        " were deleted.",
        "Chuỗi kết thúc trước bản ghi {seq} mà đầu chuỗi ghi nhận: các bản ghi cuối đã bị xóa.",
    ),
    "row_altered": (
        "Row {row_id} of {table}, recorded by record {seq}, was edited since.",
        "Dòng {row_id} của bảng {table}, được ghi nhận ở bản ghi {seq}, đã bị sửa sau đó.",
    ),
    "row_missing": (
        "Row {row_id} of {table}, recorded by record {seq}, was deleted.",
        "Dòng {row_id} của bảng {table}, được ghi nhận ở bản ghi {seq}, đã bị xóa.",
    ),
    "row_unrecorded": (
        "Row {row_id} of {table} has no audit record: it was added outside the platform.",
        "Dòng {row_id} của bảng {table} không có bản ghi kiểm toán: được thêm ngoài hệ thống.",
    ),
    "checkpoint_forged": (
        "The checkpoint of record {seq} dated {at} is forged: its signature does not hold with"
        " the platform's checkpoint key.",
        "Điểm neo của bản ghi {seq} ngày {at} là giả mạo: chữ ký không khớp với khóa điểm neo"
        " của hệ thống.",
    ),
    "checkpoint_truncated": (
        "The chain was truncated: the checkpoint dated {at} vouches for record {seq}, but the"
        " chain ends at record {since}; the records after {since} were deleted.",
        "Chuỗi đã bị cắt: điểm neo ngày {at} xác nhận bản ghi {seq}, nhưng chuỗi chỉ còn đến"
        " bản ghi {since}; các bản ghi sau {since} đã bị xóa.",
    ),
    "checkpoint_rewritten": (
        "The chain was rewritten: record {seq} is not the one the checkpoint dated {at}"
        " vouches for; a record after {since} and up to {seq} was edited and the hashes"
        " recomputed.",
        "Chuỗi đã bị viết lại: bản ghi {seq} không phải bản ghi mà điểm neo ngày {at} xác"
        " nhận; một bản ghi sau {since} đến {seq} đã bị sửa và mã băm được tính lại.",
    ),
    "checkpoint_key_missing": (
        "The checkpoints cannot be checked: no checkpoint key is configured"
        " (SMARTCUSTOMS_AUDIT_CHECKPOINT_KEY_FILE or --public-key).",
        "Không kiểm tra được các điểm neo: chưa cấu hình khóa điểm neo"
        " (SMARTCUSTOMS_AUDIT_CHECKPOINT_KEY_FILE hoặc --public-key).",
    ),
    "checkpoints_hold": (
        "{checkpoints} signed checkpoints hold; the last vouches for record {seq} ({at}).",
        "{checkpoints} điểm neo đã ký đều khớp; điểm neo cuối xác nhận bản ghi {seq} ({at}).",
    ),
    "no_checkpoints": (
        "No signed checkpoint yet: a truncated or rewritten chain would not be detected.",
        "Chưa có điểm neo đã ký: chuỗi bị cắt hoặc viết lại sẽ không bị phát hiện.",
    ),
    "checkpoint_made": (
        "Checkpoint signed: record {seq}, head {head}, at {at} (key {key}).",
        "Đã ký điểm neo: bản ghi {seq}, đầu chuỗi {head}, lúc {at} (khóa {key}).",
    ),
    "checkpoint_key_unreadable": (
        "The checkpoint key file {path} cannot be read or is not an Ed25519 key: {reason}.",
        "Không đọc được tệp khóa điểm neo {path} hoặc đó không phải khóa Ed25519: {reason}.",
    ),
    "checkpoint_key_not_configured": (
        "No checkpoint key is configured: set SMARTCUSTOMS_AUDIT_CHECKPOINT_KEY_FILE.",
        "Chưa cấu hình khóa điểm neo: hãy đặt SMARTCUSTOMS_AUDIT_CHECKPOINT_KEY_FILE.",
    ),
    "checkpoint_export_unreadable": (
        "The checkpoints file {path} is not one this platform exported: {reason}.",
        "Tệp điểm neo {path} không phải tệp do hệ thống xuất: {reason}.",
    ),
    "audit_forbidden": (
        "Only supervisors and administrators see the audit trail.",
        "Chỉ lãnh đạo và quản trị viên được xem nhật ký kiểm toán.",
    ),
}

CATALOGUE = Catalogue(MESSAGES)
error = CATALOGUE.error
texts = CATALOGUE.texts
