"""The sandbox bank's texts: error code -> (English, Vietnamese) templates."""

from __future__ import annotations

ERRORS: dict[str, tuple[str, str]] = {
    "order_not_found": (
        "There is no payment order {bank_payment_id} at this bank.",
        "Ngân hàng không có lệnh thanh toán {bank_payment_id}.",
    ),
    "booking_not_found": (
        "There is no booking {bank_txn_id} at this bank.",
        "Ngân hàng không có giao dịch {bank_txn_id}.",
    ),
    "reference_taken": (
        "Reference {reference} belongs to another payment order (other amount or payer).",
        "Mã tham chiếu {reference} thuộc một lệnh thanh toán khác (số tiền hoặc người nộp khác).",
    ),
    "signature_refused": (
        "The request's signature is refused ({reason}).",
        "Chữ ký của yêu cầu bị từ chối ({reason}).",
    ),
    "order_decided": (
        "Payment order {bank_payment_id} is already {status}.",
        "Lệnh thanh toán {bank_payment_id} đã ở trạng thái {status}.",
    ),
    "statement_not_ready": (
        "The statement of {day} cannot be made yet: that day has not begun.",
        "Chưa thể lập sao kê ngày {day}: ngày này chưa bắt đầu.",
    ),
    "test_controls_off": (
        "Test controls are off; start the sandbox with --test-controls.",
        "Chức năng kiểm thử đang tắt; hãy chạy sandbox với --test-controls.",
    ),
    "body_too_large": (
        "The request body is larger than {limit} bytes.",
        "Nội dung yêu cầu lớn hơn {limit} byte.",
    ),
    "form_refused": (
        "This confirmation was refused: it did not come from this bank's payment page, or the"
        " page was open too long. Nothing was paid. Open the payment page again and confirm"
        " there.",
        "Yêu cầu xác nhận bị từ chối: yêu cầu không được gửi từ trang thanh toán của ngân hàng,"
        " hoặc trang đã mở quá lâu. Chưa có khoản tiền nào được trích. Hãy mở lại trang thanh"
        " toán và xác nhận tại đó.",
    ),
    "no_account": (
        "No account at this bank belongs to tax code {tax_code}.",
        "Ngân hàng không có tài khoản nào của mã số thuế {tax_code}.",
    ),
}

# Why an order was refused, as the payer and the platform see it.
REJECTIONS: dict[str, tuple[str, str]] = {
    "insufficient_funds": (
        "The account balance is not enough for this payment.",
        "Số dư tài khoản không đủ để thanh toán.",
    ),
    "cancelled_by_payer": ("The payer cancelled the payment.", "Người nộp đã hủy thanh toán."),
    "no_account": (
        "The payer has no account at this bank.",
        "Người nộp không có tài khoản tại ngân hàng.",
    ),
}
