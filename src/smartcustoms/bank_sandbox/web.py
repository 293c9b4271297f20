"""The payer's pages: confirm or cancel a payment to the State Treasury, in Vietnamese or English.

The page's address holds the order's random id, which only the platform and the payer it
redirected know: that is the payer's access here (a sandbox has no online-banking sign-in).
After the decision the browser goes back to the platform's `return_url`, with the order's id
and outcome in the query, as banks' payment pages do.
"""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from babel.numbers import format_decimal
from fastapi import APIRouter, Cookie, Depends, Form, Path, Query
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from smartcustoms.bank_sandbox import forms, service
from smartcustoms.bank_sandbox.messages import REJECTIONS
from smartcustoms.bank_sandbox.models import PaymentOrder
from smartcustoms.bank_sandbox.rules import SandboxError
from smartcustoms.bank_sandbox.runtime import Bank, get_bank
from smartcustoms.db import transaction

TEXT: dict[str, tuple[str, str]] = {
    "bank_name": ("Sandbox Bank", "Ngân hàng Thử nghiệm"),
    "confirm_title": (
        "Confirm a payment to the State Treasury",
        "Xác nhận nộp tiền vào Kho bạc Nhà nước",
    ),
    "payee": ("Payee", "Đơn vị thụ hưởng"),
    "payer": ("Payer", "Người nộp"),
    "tax_code": ("Tax code", "Mã số thuế"),
    "account": ("From account", "Tài khoản trích nợ"),
    "balance": ("Available balance", "Số dư khả dụng"),
    "amount": ("Amount", "Số tiền"),
    "reference": ("Reference", "Mã tham chiếu"),
    "description": ("Description", "Nội dung"),
    "confirm": ("Confirm", "Xác nhận"),
    "cancel": ("Cancel", "Hủy"),
    "txn": ("Bank transaction", "Mã giao dịch ngân hàng"),
    "back": ("Back to SmartCustoms", "Quay lại SmartCustoms"),
    "no_account": ("No account at this bank", "Không có tài khoản tại ngân hàng"),
    "status_pending": ("Waiting for confirmation", "Đang chờ xác nhận"),
    "status_booked": ("Payment made", "Đã thanh toán"),
    "status_rejected": ("Payment not made", "Chưa thanh toán"),
    "error_title": ("Payment cannot be shown", "Không thể hiển thị thanh toán"),
    "form_refused_title": ("Confirmation refused", "Yêu cầu xác nhận bị từ chối"),
    "open_again": ("Open the payment page again", "Mở lại trang thanh toán"),
    "sandbox_note": (
        "A sandbox bank for trying SmartCustoms: no real money moves.",
        "Ngân hàng thử nghiệm dành cho SmartCustoms: không có tiền thật được chuyển.",
    ),
}
PAYEE = {"en": "State Treasury (Kho bạc Nhà nước)", "vi": "Kho bạc Nhà nước"}
LANGUAGES = ("vi", "en")

_templates = Environment(
    loader=FileSystemLoader(str(FilePath(__file__).parent / "templates")),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)

router = APIRouter(prefix="/pay", tags=["payer pages"])
BankDep = Annotated[Bank, Depends(get_bank)]
PaymentId = Annotated[str, Path(pattern=r"^[A-Z0-9]{1,40}$")]
# Any other value shows the page in Vietnamese rather than refusing it.
Lang = Annotated[str | None, Query(max_length=8)]
PayerSession = Annotated[
    str | None, Cookie(alias=forms.SESSION_COOKIE, max_length=64, include_in_schema=False)
]
FormToken = Annotated[str | None, Form(alias=forms.TOKEN_FIELD, max_length=100)]


def language(value: str | None) -> str:
    return value if value in LANGUAGES else "vi"


def text(key: str, lang: str) -> str:
    en, vi = TEXT[key]
    return vi if lang == "vi" else en


def money(amount_vnd: int, lang: str) -> str:
    """1.500.000 VND in Vietnamese, 1,500,000 VND in English."""
    return f"{format_decimal(amount_vnd, locale='vi_VN' if lang == 'vi' else 'en_US')} VND"


def render(template: str, context: dict[str, Any], *, lang: str, status: int = 200) -> HTMLResponse:
    html = _templates.get_template(f"bank_sandbox/{template}").render(
        {**context, "lang": lang, "t": lambda key: text(key, lang)}
    )
    return HTMLResponse(html, status_code=status)


def back_to_platform(order: PaymentOrder) -> str:
    """The order's return_url with its id and outcome added to the query."""
    parts = urlsplit(order.return_url)
    query = [*parse_qsl(parts.query, keep_blank_values=True)]
    query += [("bank_payment_id", order.bank_payment_id), ("status", order.status)]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _decided_page(order: PaymentOrder, bank_txn_id: str | None, lang: str) -> HTMLResponse:
    rejection = REJECTIONS.get(order.rejection or "")
    return render(
        "decided.html",
        {
            "order": order,
            "payee": PAYEE[lang],
            "amount": money(order.amount_vnd, lang),
            "status_text": text(f"status_{order.status}", lang),
            "rejection": (rejection[1] if lang == "vi" else rejection[0]) if rejection else None,
            "bank_txn_id": bank_txn_id,
            "return_url": back_to_platform(order),
        },
        lang=lang,
    )


@router.get("/{bank_payment_id}", response_class=HTMLResponse)
def payment_page(
    bank_payment_id: PaymentId, bank: BankDep, session_id: PayerSession = None, lang: Lang = None
) -> HTMLResponse:
    lang = language(lang)
    with transaction(bank.sessions) as session:
        order = service.find_order(session, bank_payment_id)
        if order.status != "pending":
            booking = service.booking_of(session, order)
            return _decided_page(order, booking.bank_txn_id if booking else None, lang)
        payer = service.payer_of(session, order)
    payer_session = session_id or forms.new_session()
    page = render(
        "confirm.html",
        {
            "order": order,
            "payee": PAYEE[lang],
            "amount": money(order.amount_vnd, lang),
            "payer": payer,
            "balance": money(payer.balance_vnd, lang) if payer is not None else None,
            "token_field": forms.TOKEN_FIELD,
            "form_token": forms.form_token(
                bank.key,
                session=payer_session,
                bank_payment_id=order.bank_payment_id,
                at=bank.clock.now(),
            ),
        },
        lang=lang,
    )
    page.set_cookie(
        forms.SESSION_COOKIE, payer_session, path="/pay", httponly=True, samesite="strict"
    )
    return page


def _decide(
    bank: Bank,
    bank_payment_id: str,
    *,
    confirmed: bool,
    session_id: str | None,
    token: str | None,
) -> RedirectResponse:
    if not forms.token_holds(
        bank.key, token, session=session_id, bank_payment_id=bank_payment_id, now=bank.clock.now()
    ):
        # Checked before anything is read or written: a forged form moves no money.
        raise SandboxError("form_refused", 403)
    decide = service.confirm if confirmed else service.cancel
    with transaction(bank.sessions) as session:
        decision = decide(
            session,
            bank_payment_id,
            default_callback_url=bank.settings.callback_url,
            faults=bank.faults,
            at=bank.clock.now(),
        )
        target = back_to_platform(decision.order)
    bank.worker.wake()  # committed: the callback can go now
    return RedirectResponse(target, status_code=303)


@router.post("/{bank_payment_id}/confirm")
def confirm(
    bank_payment_id: PaymentId,
    bank: BankDep,
    session_id: PayerSession = None,
    token: FormToken = None,
) -> RedirectResponse:
    """Debit the payer and book the credit to the treasury, then back to the platform."""
    return _decide(bank, bank_payment_id, confirmed=True, session_id=session_id, token=token)


@router.post("/{bank_payment_id}/cancel")
def cancel(
    bank_payment_id: PaymentId,
    bank: BankDep,
    session_id: PayerSession = None,
    token: FormToken = None,
) -> RedirectResponse:
    return _decide(bank, bank_payment_id, confirmed=False, session_id=session_id, token=token)
