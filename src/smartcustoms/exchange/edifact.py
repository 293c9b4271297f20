"""UN/EDIFACT: a CUSDEC read into a declaration filing. Pure: no I/O.

pydifact tokenizes the interchange, builds its segments and checks the service segments
(UNB and the syntax identifier, UNH/UNT pairs); our checks add what it has none of: the
control counts, the segments and qualifiers a CUSDEC carries here and where, and the codes
against the reference code lists. Every fault names its segment, the segment's position in
the interchange (UNB is 1, UNA is not counted) and its line. The profile, segment by segment,
is the mapping table in docs/exchange.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Final
import warnings

from pydifact.control import Characters
from pydifact.exceptions import EDISyntaxError, MissingImplementationWarning, ValidationError
from pydifact.parser import Parser
from pydifact.segmentcollection import Interchange
from pydifact.segments import Segment

from smartcustoms.errors import FieldError
from smartcustoms.exchange.messages import field_error, texts
from smartcustoms.exchange.rules import MessageRefused, Place, refused
from smartcustoms.kit.bilingual import Both
from smartcustoms.reference.rules import ReferenceCatalog

IMPORT, EXPORT = "929", "830"  # BGM 1001: goods declaration for importation / exportation
DIRECTIONS: Final = {IMPORT: "import", EXPORT: "export"}
SERVICE: Final = frozenset({"UNB", "UNH", "UNT", "UNZ"})
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
NAMES: Final = {"BGM": Both("beginning of message", "đầu thông điệp"), "CST": Both(
    "customs status of goods (a goods item)", "tình trạng hải quan của hàng hóa (một dòng hàng)"
)}


@dataclass(frozen=True)
class Seg:
    tag: str
    elements: list[Any]
    position: int
    line: int

    @property
    def place(self) -> Place:
        return Place(f"{self.tag}[{self.position}]", self.line)

    def get(self, index: int, component: int = 0) -> str:
        """The text of an element, or of a component of a composite one ("" if absent)."""
        if index >= len(self.elements):
            return ""
        value = self.elements[index]
        if isinstance(value, list):
            return str(value[component]) if component < len(value) else ""
        return str(value) if component == 0 else ""


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


def at(error: FieldError, place: Place) -> FieldError:
    """The error at a segment: its path (TAG[position]) and its messages saying where."""
    tag, position = place.path.rstrip("]").split("[")
    en, vi = texts(
        "at_segment",
        tag=tag,
        position=position,
        line=place.line,
        message=Both(error.message_en, error.message_vi),
    )
    return FieldError(place.path, error.code, en, vi)


def _refused(faults: list[tuple[FieldError, Place]]) -> MessageRefused:
    return refused("edifact", [at(e, p) for e, p in faults], [p for _, p in faults])


def segment_starts(text: str, characters: Characters, start: int) -> list[tuple[int, str]]:
    """The line each segment starts on and its first three characters, from `start` (after
    any UNA): pydifact's parser keeps no positions. A release character escapes the next."""
    starts: list[tuple[int, str]] = []
    line, begin, escaped = 1 + text.count("\n", 0, start), True, False
    for offset in range(start, len(text)):
        char = text[offset]
        if begin and char not in "\r\n ":
            starts.append((line, text[offset : offset + 3]))
            begin = False
        if char == "\n":
            line += 1
        if escaped:
            escaped = False
        elif char == characters.escape_character:
            escaped = True
        elif char == characters.segment_terminator:
            begin = True
    return starts


def parse(text: str) -> tuple[list[Seg], Interchange]:
    """The segments of an interchange (UNA left out), with positions and lines."""
    text = text.lstrip("\ufeff\r\n ")
    if not (text.startswith("UNA") or text.startswith("UNB")):
        raise _refused([(field_error("UNB", "not_an_interchange"), Place("UNB[1]", 1))])
    una = text.startswith("UNA")
    try:
        characters = Characters.from_str(text[:9]) if una else Characters()
    except ValidationError as error:
        place = Place("UNA[0]", 1)
        raise _refused([(field_error("UNA", "edifact_syntax", reason=str(error)), place)]) from error
    starts = segment_starts(text, characters, 9 if una else 0)
    segments: list[Seg] = []
    raw: list[Segment] = []
    with warnings.catch_warnings():
        # pydifact 0.2 ships no service segment directories and says so for every segment.
        warnings.simplefilter("ignore", MissingImplementationWarning)
        try:
            for segment in Parser().parse(text):
                raw.append(segment)
                if segment.tag != "UNA":
                    position = len(segments) + 1
                    line = starts[position - 1][0] if position <= len(starts) else 0
                    segments.append(Seg(segment.tag, segment.elements, position, line))
            failing = 1  # what from_segments checks: the UNB
            interchange = Interchange.from_segments(iter(raw))
        except (EDISyntaxError, ValidationError, ValueError, IndexError, TypeError) as error:
            failing = 1 if len(segments) == len(starts) else len(segments) + 1
            line, tag = starts[failing - 1] if failing <= len(starts) else (0, "UNZ")
            tag = tag if tag.isalnum() else "SEG"
            reason = str(error).removeprefix("EDIFACT Syntax Error: ")
            place = Place(f"{tag}[{failing}]", line)
            raise _refused([(field_error(tag, "edifact_syntax", reason=reason), place)]) from error
    return segments, interchange


def _service_checks(segments: list[Seg], interchange: Interchange) -> list[Seg]:
    """The message's own segments (UNH to UNT excluded), after the envelope's checks."""
    faults: list[tuple[FieldError, Place]] = []
    try:
        messages = list(interchange.get_messages())
    except (EDISyntaxError, AssertionError) as error:
        faults.append((field_error("UNH", "edifact_syntax", reason=str(error)), segments[-1].place))
        raise _refused(faults) from error
    heads = [s for s in segments if s.tag == "UNH"]
    if len(messages) != 1 or len(heads) != 1:
        place = heads[1].place if len(heads) > 1 else segments[0].place
        faults.append((field_error("UNH", "one_message", count=len(messages)), place))
        raise _refused(faults)
    head = heads[0]
    if head.get(1, 0) != "CUSDEC":
        faults.append((field_error("UNH", "message_not_cusdec", given=head.get(1, 0)), head.place))
    tail = next(s for s in segments if s.tag == "UNT")
    counted = tail.position - head.position + 1
    if tail.get(0) != str(counted):
        faults.append(
            (field_error("UNT", "control_count", tag="UNT", given=tail.get(0), counted=counted), tail.place)
        )
    end = segments[-1]
    if end.tag != "UNZ":
        faults.append((field_error("UNZ", "segment_missing", tag="UNZ", name="interchange trailer"), end.place))
    elif end.get(0) != "1":
        faults.append((field_error("UNZ", "control_count", tag="UNZ", given=end.get(0), counted=1), end.place))
    if faults:
        raise _refused(faults)
    return [s for s in segments if head.position < s.position < tail.position]


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
    return read_parsed(*parse(text), catalog)


def sender_of(segments: list[Seg]) -> str:
    """The interchange's sender (UNB S002), whom the answer goes to."""
    return segments[0].get(1, 0) if segments else ""


def read_parsed(segments: list[Seg], interchange: Interchange, catalog: ReferenceCatalog) -> Cusdec:
    """`read`, for an interchange `parse` took already."""
    body = _service_checks(segments, interchange)
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
            self.fault(seg, "qualifier_unknown", qualifier=qualifier, expected=", ".join(qualifiers))
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
        if self.known(seg, frozenset(self.catalog.declaration_types), type_code, what) and info:
            if info.direction != self.direction:
                self.fault(
                    seg, "direction_differs", code=code, direction=self.direction, type_code=type_code
                )

    def cst(self, seg: Seg) -> None:
        expected = str(len(self.data["items"]) + 1)
        self.data["items"].append({})
        self.places[f"items[{len(self.data['items']) - 1}]"] = seg.place
        if seg.get(0) != expected:
            self.fault(seg, "value_invalid", what=Both("item number", "số dòng hàng"), value=seg.get(0), kind=Both(expected, expected))
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
            self.fault(seg, "value_invalid", what=Both("date", "ngày"), value=seg.get(0, 1), kind=Both("CCYYMMDD (102)", "CCYYMMDD (102)"))
        self.put(seg, name, value, item)

    def amount(self, seg: Seg, text: str) -> Decimal | None:
        value = _decimal(text)
        if value is None:
            self.fault(seg, "value_invalid", what=Both("amount", "số"), value=text, kind=Both("number", "số"))
        return value

    def moa(self, seg: Seg, name: str, item: dict[str, Any] | None) -> None:
        self.put(seg, name, self.amount(seg, seg.get(0, 1)), item)
        currency = seg.get(0, 2)
        if name == "invoice_amount":
            self.known(seg, self.catalog.currencies, currency, Both("currency", "đồng tiền"))
            self.put(seg, "invoice_currency", currency or None)
        elif currency and currency != self.data.get("invoice_currency"):
            self.fault(seg, "currency_differs", given=currency, expected=self.data.get("invoice_currency"))

    def cnt(self, seg: Seg, name: str, item: dict[str, Any] | None) -> None:
        value = self.amount(seg, seg.get(0, 1))
        if name == "packages":
            self.put(seg, name, int(value) if value is not None and value == int(value) else seg.get(0, 1))
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
        self.known(seg, self.catalog.transport_modes, mode, Both("transport mode", "phương thức vận chuyển"))
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
            raise _refused(self.faults)
        unb = segments[0]
        return Cusdec(self.data, self.tax_code, self.reference, unb.get(1, 0), self.places)


def _components(seg: Seg, index: int) -> Iterator[str]:
    if index >= len(seg.elements):
        return
    value = seg.elements[index]
    yield from (str(v) for v in value) if isinstance(value, list) else (str(value),)

