"""The payments pages' words: key -> (English, Vietnamese). Terms follow GLOSSARY.md."""

from __future__ import annotations

UI: dict[str, tuple[str, str]] = {
    "payments": ("Payments", "Nộp thuế"),
    "pay_what_i_owe": ("What I owe", "Số thuế phải nộp"),
    "pay_order": ("Payment", "Giao dịch nộp tiền"),
    "pay_amount": ("Amount (VND)", "Số tiền (đồng)"),
    "pay_status": ("Status", "Trạng thái"),
    "pay_pending_hint": (
        "Waiting for the bank's confirmation; this page shows it as soon as it arrives.",
        "Đang chờ ngân hàng xác nhận; trang này sẽ hiển thị ngay khi nhận được.",
    ),
    "pay_financial_status": ("Duties, taxes and fees", "Thuế, phí phải nộp"),
    "pay_kind": ("Tax or fee", "Sắc thuế, phí"),
    "pay_paid": ("Paid", "Đã nộp"),
    "pay_guaranteed": ("Guaranteed", "Được bảo lãnh"),
    "pay_outstanding": ("Outstanding", "Còn phải nộp"),
    "pay_due_on": ("Due by", "Hạn nộp"),
    "pay_interest": (
        "Late-payment interest so far (VND)",
        "Tiền chậm nộp tính đến nay (đồng)",
    ),
    "pay_taxes_met": (
        "Taxes paid or guaranteed: nothing holds up clearance on this account.",
        "Đã nộp đủ hoặc được bảo lãnh số thuế: không còn vướng mắc về thuế để thông quan.",
    ),
    "pay_taxes_not_met": (
        "Taxes outstanding: the goods cannot be cleared until they are paid or guaranteed.",
        "Còn số thuế phải nộp: hàng hóa chưa được thông quan "
        "cho đến khi nộp đủ hoặc được bảo lãnh.",
    ),
    "pay_pay_now": ("Pay now", "Nộp thuế ngay"),
}
