"""The risk model's inputs in plain words, for officers reading why a declaration was scored.

The model's columns have names for programs (`unit_value_z__hs6__origin_country__tax_rate`,
`payment_type_code`, see ml/features.py); a page shows what each one measures instead, in
both languages. A name not known here (a model trained on another feature schema) is shown as
"another model input", never raw. Pure: no I/O.
"""

from __future__ import annotations

from smartcustoms.kit.bilingual import Both

# What a code column is (`<field>_code`): the model sees the code's rank in a vocabulary.
FIELDS: dict[str, Both] = {
    "office_id": Both("customs office", "chi cục hải quan"),
    "process_type": Both("procedure type", "loại thủ tục"),
    "import_type": Both("declaration type", "loại hình"),
    "import_use": Both("use of the goods", "mục đích sử dụng hàng hóa"),
    "payment_type": Both("payment method", "phương thức thanh toán"),
    "transport_mode": Both("transport mode", "phương thức vận tải"),
    "courier_id": Both("courier", "doanh nghiệp chuyển phát"),
    "departure_country": Both("country of departure", "nước khởi hành"),
    "origin_country": Both("country of origin", "nước xuất xứ"),
    "tax_type": Both("tax type", "loại thuế"),
    "origin_indicator": Both("origin indicator", "chỉ dẫn xuất xứ"),
    "hs6": Both("goods (HS 6 digits)", "mặt hàng (HS 6 số)"),
    "tax_rate": Both("tax rate", "thuế suất"),
}

NUMBERS: dict[str, Both] = {
    "hs6_number": Both("Goods (HS 6 digits)", "Mặt hàng (HS 6 số)"),
    "hs4_number": Both("Goods heading (HS 4 digits)", "Nhóm hàng (HS 4 số)"),
    "hs2_number": Both("Goods chapter (HS 2 digits)", "Chương hàng (HS 2 số)"),
    "tax_rate": Both("Tax rate", "Thuế suất"),
    "log_net_mass": Both("Net weight", "Trọng lượng tịnh"),
    "log_item_price": Both("Item value", "Trị giá dòng hàng"),
    "log_unit_value": Both("Unit value", "Đơn giá"),
    "origin_differs": Both(
        "Origin differs from the country of departure",
        "Xuất xứ khác nước khởi hành",
    ),
}

OTHER = Both("Another model input", "Dữ liệu đầu vào khác của mô hình")


def _keys(names: list[str]) -> Both | None:
    words = [FIELDS.get(name) for name in names]
    if not words or any(w is None for w in words):
        return None
    known = [w for w in words if w is not None]
    return Both(", ".join(w.en for w in known), ", ".join(w.vi for w in known))


def feature_label(name: str) -> Both:
    """What the model's input `name` measures, in both languages."""
    if name in NUMBERS:
        return NUMBERS[name]
    kind, _, rest = name.partition("__")
    keys = _keys(rest.split("__")) if rest else None
    if kind == "fraud_rate" and keys is not None:
        return Both(
            f"Past violation rate for the same {keys.en}",
            f"Tỷ lệ vi phạm trước đây của cùng {keys.vi}",
        )
    if kind == "unit_value_z" and keys is not None:
        return Both(
            f"Unit price unusual for the same {keys.en}",
            f"Đơn giá bất thường so với cùng {keys.vi}",
        )
    if name.endswith("_code") and (field := FIELDS.get(name.removesuffix("_code"))) is not None:
        return Both(field.en[:1].upper() + field.en[1:], field.vi[:1].upper() + field.vi[1:])
    return OTHER
