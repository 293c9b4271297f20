"""The payments domain's texts in English and Vietnamese, keyed by code. Pure: no I/O.

Typed errors are keyed by their stable `code`; shared error classes (NotFound, Conflict …)
by a key of their own (`obligation_not_found`). Kinds of obligation, accounts and
reconciliation exceptions have their names here too (`kind.*`, `account.*`, `exception.*`),
so the API, the portal and the CLI say them the same way. Templates use `str.format` with
named placeholders; a `Both` value is given in each language. Terms follow GLOSSARY.md.
"""

from __future__ import annotations

from datetime import date

from smartcustoms.errors import Catalogue
from smartcustoms.kit.bilingual import Both

MESSAGES: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------ who may do what
    "trade_only": (
        "Only a trader of the enterprise or its broker may do this.",
        "Chỉ doanh nghiệp hoặc đại lý hải quan của doanh nghiệp mới được thực hiện việc này.",
    ),
    "enterprise_trader_only": (
        "Only a trader of the enterprise itself may do this.",
        "Chỉ người của chính doanh nghiệp mới được thực hiện việc này.",
    ),
    "customs_only": (
        "Only customs officers may do this.",
        "Chỉ công chức hải quan mới được thực hiện việc này.",
    ),
    "no_standing_authority": (
        "The enterprise has not authorised your company to use its accounts.",
        "Doanh nghiệp chưa ủy quyền cho công ty của bạn sử dụng tài khoản của doanh nghiệp.",
    ),
    # ------------------------------------------------------------ not found
    "enterprise_required": (
        "Say which enterprise (enterprise_id): you belong to none.",
        "Hãy chọn doanh nghiệp (enterprise_id): bạn không thuộc doanh nghiệp nào.",
    ),
    "enterprise_not_found": (
        "Enterprise {enterprise_id} not found.",
        "Không tìm thấy doanh nghiệp {enterprise_id}.",
    ),
    "declaration_not_found": (
        "Declaration {declaration_id} has no financial obligations you may see.",
        "Không tìm thấy nghĩa vụ tài chính của tờ khai {declaration_id}.",
    ),
    "payment_not_found": (
        "Payment {reference} not found.",
        "Không tìm thấy giao dịch nộp tiền {reference}.",
    ),
    "guarantee_not_found": (
        "Guarantee {guarantee_id} not found.",
        "Không tìm thấy bảo lãnh {guarantee_id}.",
    ),
    "exception_not_found": (
        "Reconciliation exception {exception_id} not found.",
        "Không tìm thấy sai lệch đối chiếu {exception_id}.",
    ),
    "receipt_not_found": (
        "No receipt has the code {code}.",
        "Không có chứng từ nộp thuế nào có mã {code}.",
    ),
    # ------------------------------------------------------------ rules
    "nothing_to_pay": (
        "Nothing is outstanding on this declaration.",
        "Tờ khai này không còn số thuế phải nộp.",
    ),
    "amount_not_positive": (
        "The amount must be a whole number of dong above zero.",
        "Số tiền phải là số đồng nguyên lớn hơn 0.",
    ),
    "insufficient_balance": (
        "The cash account holds {available} VND; {amount} VND is needed.",
        "Tài khoản ký quỹ chỉ còn {available} đồng; cần {amount} đồng.",
    ),
    "deferment_limit_exceeded": (
        "The deferment account has {available} VND left of its limit; {amount} VND is needed.",
        "Hạn mức ân hạn nộp thuế chỉ còn {available} đồng; cần {amount} đồng.",
    ),
    "guarantee_not_valid": (
        "Guarantee {guarantee} is valid from {valid_from} to {valid_to}, not on {on}.",
        "Bảo lãnh {guarantee} có hiệu lực từ {valid_from} đến {valid_to}, không phải ngày {on}.",
    ),
    "guarantee_other_declaration": (
        "Guarantee {guarantee} covers another declaration only.",
        "Bảo lãnh {guarantee} chỉ dùng cho một tờ khai khác.",
    ),
    "guarantee_insufficient": (
        "Guarantee {guarantee} has {available} VND left; {amount} VND is needed.",
        "Bảo lãnh {guarantee} chỉ còn {available} đồng; cần {amount} đồng.",
    ),
    "guarantee_period_invalid": (
        "A guarantee must end on or after the day it starts.",
        "Ngày hết hiệu lực của bảo lãnh phải từ ngày bắt đầu hiệu lực trở đi.",
    ),
    "no_account": (
        "The enterprise has no {account} yet.",
        "Doanh nghiệp chưa có {account}.",
    ),
    "limit_below_use": (
        "The limit cannot be set below the {used} VND already deferred.",
        "Không thể đặt hạn mức thấp hơn {used} đồng đang được ân hạn.",
    ),
    "payment_not_pending": (
        "Payment {reference} is already {status}.",
        "Giao dịch {reference} đã ở trạng thái {status}.",
    ),
    "bank_unavailable": (
        "The bank {bank} could not be reached; nothing was charged. Try again later.",
        "Không kết nối được ngân hàng {bank}; chưa có khoản nào bị trừ. Vui lòng thử lại sau.",
    ),
    "unknown_bank": (
        "The platform does not work with the bank {bank}.",
        "Hệ thống chưa kết nối với ngân hàng {bank}.",
    ),
    "callback_rejected": (
        "The bank's notice was refused: {reason}.",
        "Thông báo của ngân hàng bị từ chối: {reason}.",
    ),
    "exception_resolved": (
        "This exception was resolved already.",
        "Sai lệch này đã được xử lý.",
    ),
    # ------------------------------------------------------------ clearance's condition
    # Met: read alone ("Taxes paid"); not met: read after "Waiting for:".
    "condition.taxes_paid": ("Taxes paid", "Đã nộp đủ thuế"),
    "condition.taxes_guaranteed": (
        "Taxes guaranteed by a bank, due by {due_on}",
        "Số thuế được ngân hàng bảo lãnh, hạn nộp {due_on}",
    ),
    "condition.no_taxes": ("No tax to pay", "Không có số thuế phải nộp"),
    "condition.taxes_unpaid": ("payment of taxes", "nộp thuế"),
    # ------------------------------------------------------------ names
    "kind.import": ("import duty", "thuế nhập khẩu"),
    "kind.export": ("export duty", "thuế xuất khẩu"),
    "kind.excise": ("special consumption tax", "thuế tiêu thụ đặc biệt"),
    "kind.environment": ("environmental protection tax", "thuế bảo vệ môi trường"),
    "kind.vat": ("value added tax", "thuế giá trị gia tăng"),
    "kind.late_interest": ("late-payment interest", "tiền chậm nộp"),
    "kind.customs_fee": ("customs fee", "lệ phí hải quan"),
    "account.cash": ("cash account", "tài khoản ký quỹ"),
    "account.deferment": ("deferment account", "tài khoản ân hạn nộp thuế"),
    "source.bank": ("online payment", "nộp thuế điện tử"),
    "source.cash": ("cash account", "tài khoản ký quỹ"),
    "source.deferment": ("deferment account", "tài khoản ân hạn nộp thuế"),
    "source.guarantee": ("guarantee", "bảo lãnh"),
    "source.refund": ("taken back after an amendment", "điều chỉnh giảm sau khai sửa đổi"),
    "source.offset": ("overpaid tax set against this", "bù trừ số thuế nộp thừa"),
    "exception.unknown_reference": (
        "statement line with an unknown reference",
        "dòng sao kê có mã tham chiếu không xác định",
    ),
    "exception.wrong_amount": ("amount does not match", "số tiền không khớp"),
    "exception.payment_without_callback": (
        "payment without a callback (recovered from the statement)",
        "giao dịch không có thông báo của ngân hàng (đã khôi phục từ sao kê)",
    ),
    "exception.callback_without_statement_line": (
        "callback without a statement line",
        "thông báo của ngân hàng không có dòng sao kê tương ứng",
    ),
    "exception.unknown_notice": (
        "notice for an unknown reference",
        "thông báo của ngân hàng có mã tham chiếu không xác định",
    ),
    "entry.topup": ("money paid into the cash account", "nộp tiền vào tài khoản ký quỹ"),
    "entry.payment": ("paid a declaration", "nộp thuế cho tờ khai"),
    "entry.excess": (
        "paid beyond what was owed, kept as credit",
        "số tiền nộp thừa, giữ làm số dư",
    ),
    "entry.refund": ("credit after an amendment", "hoàn vào tài khoản sau khai sửa đổi"),
    "entry.settlement": ("deferred amounts paid", "thanh toán số thuế được ân hạn"),
    "status.pending": ("awaiting the bank", "chờ ngân hàng xác nhận"),
    "status.booked": ("paid", "đã nộp"),
    "status.rejected": (
        "not paid (refused or cancelled)",
        "không thành công (bị từ chối hoặc hủy)",
    ),
    "purpose.obligations": ("duties and fees of a declaration", "thuế, phí của tờ khai"),
    "purpose.cash_topup": ("top-up of the cash account", "nộp tiền vào tài khoản ký quỹ"),
    "purpose.deferment": ("settlement of the deferment account", "thanh toán khoản ân hạn"),
    # ------------------------------------------------------------ notifications
    "notice.low_balance": ("Balance too low", "Số dư thấp"),
    "notice.duty_due": ("Duty due", "Sắp đến hạn nộp thuế"),
    "notice.duty_overdue": ("Duty overdue", "Quá hạn nộp thuế"),
    "notice_text.low_balance": (
        "The {account}'s available balance is {available} VND, below your warning level of"
        " {threshold} VND: top it up to keep paying from it.",
        "Số dư khả dụng của {account} còn {available} đồng, thấp hơn mức cảnh báo"
        " {threshold} đồng: hãy nộp thêm tiền để tiếp tục sử dụng.",
    ),
    "notice_text.duty_due": (
        "{outstanding} VND owed on declaration {number} is due by {due_on}.",
        "Số tiền {outstanding} đồng của tờ khai {number} phải nộp chậm nhất ngày {due_on}.",
    ),
    "notice_text.duty_overdue": (
        "{outstanding} VND owed on declaration {number} was due on {due_on} and is unpaid:"
        " late-payment interest runs from the day after.",
        "Số tiền {outstanding} đồng của tờ khai {number} đã quá hạn nộp ngày {due_on}:"
        " tiền chậm nộp được tính từ ngày tiếp theo.",
    ),
}


CATALOGUE = Catalogue(MESSAGES)
texts = CATALOGUE.texts


def name(prefix: str, code: str) -> Both:
    """The name of a kind, an account, a source … (`name("kind", "vat")`)."""
    return texts(f"{prefix}.{code}")


def day(on: date) -> Both:
    """A date as each language writes it: 2026-12-03 / 03/12/2026."""
    return Both(on.isoformat(), on.strftime("%d/%m/%Y"))


def vnd(amount: int) -> Both:
    """An amount of dong as each language groups its digits: 1,250,000 / 1.250.000."""
    grouped = f"{amount:,}"
    return Both(grouped, grouped.replace(",", "."))
