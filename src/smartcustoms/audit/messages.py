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
}

CATALOGUE = Catalogue(MESSAGES)
error = CATALOGUE.error
texts = CATALOGUE.texts
