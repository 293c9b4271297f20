"""UN/EDIFACT: a CUSDEC read into a declaration filing (our profile). Pure: no I/O.

The segments, the qualifiers and where each goes are the mapping table in docs/exchange.md;
the codes are checked against the reference code lists, each fault placed by segment.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from pydifact.segmentcollection import Interchange

from smartcustoms.errors import FieldError
from smartcustoms.exchange import edifact
from smartcustoms.exchange.edifact import Seg, refused_at
from smartcustoms.exchange.messages import field_error
from smartcustoms.exchange.rules import Place
from smartcustoms.kit.bilingual import Both
from smartcustoms.reference.rules import ReferenceCatalog

IMPORT, EXPORT = "929", "830"  # BGM 1001: goods declaration for importation / exportation
DIRECTIONS: Final = {IMPORT: "import", EXPORT: "export"}
# Qualifier -> field, by segment; the header's, then a goods item's (after its CST).
HEADER_QUALIFIERS: Final[dict[str, dict[str, str]]] = {
    "LOC": {
        "22": "office_code",
        "9": "port_of_loading",
        "11": "port_of_discharge",
        "35": "country_of_export",
        "27": "country_of_origin",
        "28": "country_of_destination",
    },
    "DTM": {"132": "arrival_date", "133": "departure_date", "3": "invoice_date"},
    "MOA": {"39": "invoice_amount", "64": "freight", "67": "insurance"},
    "CNT": {"11": "packages", "7": "gross_weight"},
    "RFF": {"BM": "transport_document", "IV": "invoice_number", "CT": "contract_number"},
    "NAD": {"IM": "party", "EX": "party"},
    "TDT": {"20": "transport_means"},
    "TOD": {"6": "incoterms"},
}
ITEM_QUALIFIERS: Final[dict[str, dict[str, str]]] = {
    "FTX": {"AAA": "description"},
    "LOC": {"27": "origin_country"},
    "QTY": {"47": "quantity"},
    "PRI": {"AAA": "unit_price"},
    "MOA": {"38": "invoice_value"},
    "MEA": {"AAE": "net_weight"},
    "DOC": {"861": "origin_proof"},
}
COUNTRY_FIELDS: Final = frozenset(
    {"country_of_export", "country_of_origin", "country_of_destination", "origin_country"}
)
NAMES: Final = {
    "BGM": Both("beginning of message", "đầu thông điệp"),
    "CST": Both(
        "customs status of goods (a goods item)", "tình trạng hải quan của hàng hóa (một dòng hàng)"
    ),
}


@dataclass(frozen=True)
class Cusdec:
    """A CUSDEC as a filing (DeclarationFiling's fields) and where each field came from."""

    data: dict[str, Any]
    declarant_tax_code: str | None
    reference: str  # the declarant's document number (BGM 1004), echoed in the CUSRES
    sender: str  # UNB interchange sender, the CUSRES's recipient
    places: dict[str, Place] = field(default_factory=dict)  # json path -> segment

    def place_of(self, json_path: str) -> Place:
        probe = json_path
        while probe and probe not in self.places:
            probe = probe.rsplit(".", 1)[0] if "." in probe else ""
        return self.places.get(probe, self.places.get("", Place("UNB[1]", 1)))


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _date(text: str, form: str) -> str | None:
    if form not in ("102", "") or len(text) != 8 or not text.isdigit():
        return None
    return f"{text[:4]}-{text[4:6]}-{text[6:]}"


def read(text: str, catalog: ReferenceCatalog) -> Cusdec:
    """The declaration a CUSDEC interchange holds; MessageRefused with every fault placed."""
    return read_parsed(*edifact.parse(text), catalog)


def read_parsed(segments: list[Seg], interchange: Interchange, catalog: ReferenceCatalog) -> Cusdec:
    """`read`, for an interchange `parse` took already."""
    body = edifact.envelope_checks(segments, interchange)
    reader = _Reader(catalog)
    for seg in body:
        reader.take(seg)
    return reader.finish(segments)


class _Reader:
    """Reads a CUSDEC's segments in order: the header, then one goods item per CST."""

    def __init__(self, catalog: ReferenceCatalog) -> None:
        self.catalog = catalog
        self.data: dict[str, Any] = {"items": []}
        self.places: dict[str, Place] = {}
        self.faults: list[tuple[FieldError, Place]] = []
        self.seen: set[tuple[int, str, str]] = set()
        self.direction: str | None = None
        self.reference = ""
        self.tax_code: str | None = None
        self.began = False

    def fault(self, seg: Seg, key: str, /, **params: object) -> None:
        self.faults.append((field_error(seg.tag, key, **params), seg.place))

    def put(self, seg: Seg, name: str, value: Any, target: dict[str, Any] | None = None) -> None:
        target = self.data if target is None else target
        items = len(self.data["items"])
        path = name if target is self.data else f"items[{items - 1}].{name}"
        target[name] = value
        self.places[path] = seg.place

    def known(self, seg: Seg, codes: frozenset[str], code: str, what: Both) -> bool:
        if codes and code not in codes:
            self.fault(seg, "code_unknown", what=what, code=code)
            return False
        return True

    def take(self, seg: Seg) -> None:
        item = self.data["items"][-1] if self.data["items"] else None
        if seg.tag == "BGM" and not self.began:
            self.began = True
            self.bgm(seg)
            return
        if not self.began:  # BGM comes first: said once, then the rest is read
            self.fault(seg, "segment_missing", tag="BGM", name=NAMES["BGM"])
            self.began = True
        if seg.tag == "CST":
            self.cst(seg)
            return
        qualifiers = (HEADER_QUALIFIERS if item is None else ITEM_QUALIFIERS).get(seg.tag)
        if qualifiers is None:
            self.fault(seg, "segment_unexpected", tag=seg.tag)
            return
        qualifier = seg.get(0)
        if qualifier not in qualifiers:
            self.fault(
                seg, "qualifier_unknown", qualifier=qualifier, expected=", ".join(qualifiers)
            )
            return
        key = (len(self.data["items"]), seg.tag, qualifier)
        if key in self.seen:
            self.fault(seg, "segment_repeated", tag=seg.tag, qualifier=qualifier)
            return
        self.seen.add(key)
        getattr(self, seg.tag.lower())(seg, qualifiers[qualifier], item)

    # ------------------------------------------------------------------ the segments
    def bgm(self, seg: Seg) -> None:
        code, type_code = seg.get(0, 0), seg.get(0, 3)
        self.reference = seg.get(1)
        if code not in DIRECTIONS:
            self.fault(seg, "qualifier_unknown", qualifier=code, expected=f"{IMPORT}, {EXPORT}")
            return
        self.direction = DIRECTIONS[code]
        self.places[""] = seg.place
        self.put(seg, "type_code", type_code or None)
        info = self.catalog.declaration_types.get(type_code)
        what = Both("declaration type", "loại hình")
        known = self.known(seg, frozenset(self.catalog.declaration_types), type_code, what)
        if known and info and info.direction != self.direction:
            self.fault(
                seg,
                "direction_differs",
                code=code,
                direction=self.direction,
                type_code=type_code,
            )

    def cst(self, seg: Seg) -> None:
        expected = str(len(self.data["items"]) + 1)
        self.data["items"].append({})
        self.places[f"items[{len(self.data['items']) - 1}]"] = seg.place
        if seg.get(0) != expected:
            self.fault(
                seg,
                "value_invalid",
                what=Both("item number", "số dòng hàng"),
                value=seg.get(0),
                kind=Both(expected, expected),
            )
        self.put(seg, "hs_code", seg.get(1, 0) or None, self.data["items"][-1])

    def loc(self, seg: Seg, name: str, item: dict[str, Any] | None) -> None:
        code = seg.get(1)
        if name in COUNTRY_FIELDS:
            self.known(seg, self.catalog.countries, code, Both("country", "nước"))
        elif name == "office_code":
            self.known(seg, self.catalog.offices, code, Both("customs office", "chi cục hải quan"))
        self.put(seg, name, code or None, item)

    def dtm(self, seg: Seg, name: str, item: dict[str, Any] | None) -> None:
        value = _date(seg.get(0, 1), seg.get(0, 2))
        if value is None:
            self.fault(
                seg,
                "value_invalid",
                what=Both("date", "ngày"),
                value=seg.get(0, 1),
                kind=Both("CCYYMMDD (102)", "CCYYMMDD (102)"),
            )
        self.put(seg, name, value, item)

    def amount(self, seg: Seg, text: str) -> Decimal | None:
        value = _decimal(text)
        if value is None:
            self.fault(
                seg,
                "value_invalid",
                what=Both("amount", "số"),
                value=text,
                kind=Both("number", "số"),
            )
        return value

    def moa(self, seg: Seg, name: str, item: dict[str, Any] | None) -> None:
        self.put(seg, name, self.amount(seg, seg.get(0, 1)), item)
        currency = seg.get(0, 2)
        if name == "invoice_amount":
            self.known(seg, self.catalog.currencies, currency, Both("currency", "đồng tiền"))
            self.put(seg, "invoice_currency", currency or None)
        elif currency and currency != self.data.get("invoice_currency"):
            self.fault(
                seg, "currency_differs", given=currency, expected=self.data.get("invoice_currency")
            )

    def cnt(self, seg: Seg, name: str, item: dict[str, Any] | None) -> None:
        value = self.amount(seg, seg.get(0, 1))
        if name == "packages":
            self.put(
                seg,
                name,
                int(value) if value is not None and value == int(value) else seg.get(0, 1),
            )
            return
        if seg.get(0, 2) not in ("", "KGM"):
            self.fault(seg, "unit_not_kilograms", given=seg.get(0, 2))
        self.put(seg, name, value)

    def rff(self, seg: Seg, name: str, item: dict[str, Any] | None) -> None:
        self.put(seg, name, seg.get(0, 1) or None)

    def nad(self, seg: Seg, name: str, item: dict[str, Any] | None) -> None:
        ours = {"import": "IM", "export": "EX"}.get(self.direction or "")
        if seg.get(0) == ours:
            self.tax_code = seg.get(1, 0) or None
            return
        self.put(seg, "foreign_party_name", "".join(_components(seg, 3)) or None)
        self.put(seg, "foreign_party_address", " ".join(_components(seg, 4)) or None)
        country = seg.get(8)
        if country:
            self.known(seg, self.catalog.countries, country, Both("country", "nước"))
        self.put(seg, "foreign_party_country", country or None)

    def tdt(self, seg: Seg, name: str, item: dict[str, Any] | None) -> None:
        self.put(seg, "transport_means", seg.get(1) or None)
        mode = seg.get(2, 0)
        self.known(
            seg,
            self.catalog.transport_modes,
            mode,
            Both("transport mode", "phương thức vận chuyển"),
        )
        self.put(seg, "transport_mode", mode or None)

    def tod(self, seg: Seg, name: str, item: dict[str, Any] | None) -> None:
        code = seg.get(2, 0)
        self.known(seg, self.catalog.incoterms, code, Both("Incoterms rule", "điều kiện giao hàng"))
        self.put(seg, name, code or None)

    def ftx(self, seg: Seg, name: str, item: dict[str, Any] | None) -> None:
        self.put(seg, name, "".join(_components(seg, 3)) or None, item)

    def qty(self, seg: Seg, name: str, item: dict[str, Any] | None) -> None:
        self.put(seg, name, self.amount(seg, seg.get(0, 1)), item)
        unit = seg.get(0, 2)
        self.known(seg, self.catalog.units, unit, Both("unit", "đơn vị tính"))
        self.put(seg, "unit", unit or None, item)

    def pri(self, seg: Seg, name: str, item: dict[str, Any] | None) -> None:
        self.put(seg, name, self.amount(seg, seg.get(0, 1)), item)

    def mea(self, seg: Seg, name: str, item: dict[str, Any] | None) -> None:
        if seg.get(1, 0) != "AAL":
            self.fault(seg, "qualifier_unknown", qualifier=seg.get(1, 0), expected="AAL")
        if seg.get(2, 0) not in ("", "KGM"):
            self.fault(seg, "unit_not_kilograms", given=seg.get(2, 0))
        self.put(seg, name, self.amount(seg, seg.get(2, 1)), item)

    def doc(self, seg: Seg, name: str, item: dict[str, Any] | None) -> None:
        self.put(seg, name, seg.get(1, 0) or None, item)

    def finish(self, segments: list[Seg]) -> Cusdec:
        head = next(s for s in segments if s.tag == "UNH")
        if not self.data["items"]:
            missing = field_error("CST", "segment_missing", tag="CST", name=NAMES["CST"])
            self.faults.append((missing, head.place))
        if self.faults:
            raise refused_at(self.faults)
        unb = segments[0]
        return Cusdec(self.data, self.tax_code, self.reference, unb.get(1, 0), self.places)


def _components(seg: Seg, index: int) -> Iterator[str]:
    if index >= len(seg.elements):
        return
    value = seg.elements[index]
    yield from (str(v) for v in value) if isinstance(value, list) else (str(value),)
