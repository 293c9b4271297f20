"""UN/EDIFACT CUSCAR (customs cargo report, D 95B) read into a manifest. Pure: no I/O.

The envelope is read by `exchange.edifact` (pydifact tokenizes and builds the segments and
checks the service segments: UNB, the syntax identifier, UNH/UNT pairing); it adds the UNT
and UNZ control counts and that the message is a CUSCAR. pydifact checks nothing of the
message's content: which segments and qualifiers a cargo report carries, dates, numbers,
container check digits. We check those here and in `rules.manifests` (every fault at once),
each content error placed at the segment its field was read from (`content_faults`).

The profile read, segment by segment (others are left aside):

| segment | meaning |
|---|---|
| `BGM+785+<reference>` | the cargo report |
| `TDT+20+<voyage>+<mode>+++++<id>::<name>` | means of transport; mode 1 sea, 4 air, 3 road |
| `DTM+132:<CCYYMMDDHHMM>:203` / `DTM+133:…` | arrival / departure (Vietnam time) |
| `LOC+22+<office>` `LOC+9+<UN/LOCODE>` `LOC+11+<UN/LOCODE>` | office, loading, discharge |
| `CNI+<n>+<bill number>` | starts a bill of lading or air waybill |
| `NAD+CN+<tax code>++<name>` | its consignee |
| `GID+<n>+<packages>:<kind>` `FTX+AAA+++<text>` `PIA+5+<hs>:HS` `LOC+27+<country>` | goods |
| `MEA+WT+AAB+KGM:<kg>` | gross weight |
| `EQD+CN+<container>` then `SEL+<seal>` | container and its seal |
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal, InvalidOperation

from smartcustoms.border.messages import field_error, texts
from smartcustoms.border.rules import ContainerInput, LineInput, ManifestInput, manifest_errors
from smartcustoms.errors import FieldError
from smartcustoms.exchange.edifact import Seg, envelope_checks, parse, refused_at
from smartcustoms.exchange.rules import Place
from smartcustoms.kit.bilingual import Both
from smartcustoms.kit.clock import VIETNAM

MODES = {"1": "sea", "4": "air", "3": "road"}
# Stands for a missing DTM+132 while the content is checked (refused as missing already).
_NO_ARRIVAL = datetime(2000, 1, 1, tzinfo=VIETNAM)


@dataclass
class _Line:
    document_number: str
    consignee_name: str = ""
    consignee_tax_code: str | None = None
    packages: int = 0
    gross_weight: Decimal = Decimal(0)
    description: str = ""
    hs_code: str | None = None
    origin_country: str | None = None
    containers: list[ContainerInput] = field(default_factory=list)


@dataclass
class _Reading:
    faults: list[tuple[FieldError, Place]] = field(default_factory=list)
    header: dict[str, str] = field(default_factory=dict)
    times: dict[str, datetime] = field(default_factory=dict)
    lines: list[_Line] = field(default_factory=list)
    # The segment each field of the manifest was read from ("lines[0].packages": its GID).
    places: dict[str, Seg] = field(default_factory=dict)

    def fault(self, seg: Seg, code: str, **params: object) -> None:
        self.faults.append((field_error(seg.tag, code, tag=seg.tag, **params), seg.place))

    def read(self, seg: Seg, *paths: str) -> None:
        """The fields at these paths come from this segment (the first one read wins)."""
        for path in paths:
            self.places.setdefault(path, seg)


def _instant(reading: _Reading, seg: Seg) -> datetime | None:
    text, fmt = seg.get(0, 1), seg.get(0, 2) or "203"
    try:
        if fmt != "203":
            raise ValueError(fmt)
        return datetime.strptime(text, "%Y%m%d%H%M").replace(tzinfo=VIETNAM)
    except ValueError:
        reading.fault(seg, "cuscar_value", what="date and time (CCYYMMDDHHMM)", given=text)
        return None


def _line_segment(reading: _Reading, seg: Seg, line: _Line) -> None:
    _place_line_segment(reading, seg, line)
    if seg.tag == "NAD" and seg.get(0) == "CN":
        line.consignee_tax_code = seg.get(1, 0) or None
        line.consignee_name = seg.get(3, 0) or seg.get(2, 0)
    elif seg.tag == "GID":
        packages = seg.get(1, 0)
        if packages.isdigit():
            line.packages = int(packages)
        else:
            reading.fault(seg, "cuscar_value", what="number of packages", given=packages)
    elif seg.tag == "FTX" and seg.get(0) == "AAA":
        line.description = seg.get(3, 0)
    elif seg.tag == "PIA":
        line.hs_code = seg.get(1, 0) or None
    elif seg.tag == "LOC" and seg.get(0) == "27":
        line.origin_country = seg.get(1, 0) or None
    elif seg.tag == "MEA" and seg.get(0) == "WT":
        try:
            line.gross_weight = Decimal(seg.get(2, 1))
        except InvalidOperation:
            reading.fault(seg, "cuscar_value", what="gross weight", given=seg.get(2, 1))
    elif seg.tag == "EQD" and seg.get(0) == "CN":
        line.containers.append(ContainerInput(seg.get(1, 0)))
    elif seg.tag == "SEL" and line.containers:
        line.containers[-1] = replace(line.containers[-1], seal=seg.get(0) or None)


# The manifest's field each segment of a bill fills (its path below `lines[i]`).
_LINE_FIELDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("NAD", "CN"): ("consignee_name", "consignee_tax_code"),
    ("GID", ""): ("packages",),
    ("FTX", "AAA"): ("description",),
    ("PIA", ""): ("hs_code",),
    ("LOC", "27"): ("origin_country",),
    ("MEA", "WT"): ("gross_weight",),
}


def _place_line_segment(reading: _Reading, seg: Seg, line: _Line) -> None:
    path = f"lines[{len(reading.lines) - 1}]"
    if seg.tag == "EQD" and seg.get(0) == "CN":
        number = f"{path}.containers[{len(line.containers)}]"
        reading.read(seg, f"{path}.containers", number)
        return
    if seg.tag == "SEL" and line.containers:
        reading.read(seg, f"{path}.containers[{len(line.containers) - 1}].seal")
        return
    qualifier = "" if seg.tag in ("GID", "PIA") else seg.get(0)
    names = _LINE_FIELDS.get((seg.tag, qualifier), ())
    reading.read(seg, *(f"{path}.{name}" for name in names))


_HEADER_FIELDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("TDT", ""): ("mode", "transport_id", "voyage"),
    ("DTM", "132"): ("arrival_at",),
    ("DTM", "133"): ("departure_at",),
    ("LOC", "22"): ("office_code",),
    ("LOC", "9"): ("port_of_loading",),
    ("LOC", "11"): ("port_of_discharge",),
}


def _place_header_segment(reading: _Reading, seg: Seg) -> None:
    if seg.tag == "CNI":
        reading.read(seg, "lines", f"lines[{len(reading.lines) - 1}]")
        return
    qualifier = seg.get(0, 0) if seg.tag in ("DTM", "LOC") else ""
    reading.read(seg, *_HEADER_FIELDS.get((seg.tag, qualifier), ()))


_LINE_TAGS = frozenset({"NAD", "GID", "FTX", "PIA", "MEA", "EQD", "SEL"})


def _read(segments: list[Seg]) -> _Reading:
    reading = _Reading()
    for seg in segments:
        if seg.tag == "CNI":
            reading.lines.append(_Line(document_number=seg.get(1, 0)))
        if seg.tag in ("CNI", "TDT", "DTM") or (seg.tag == "LOC" and not reading.lines):
            _place_header_segment(reading, seg)
        if seg.tag == "CNI":
            continue
        if seg.tag == "BGM":
            reading.header["reference"] = seg.get(1, 0)
        elif seg.tag == "TDT":
            reading.header["voyage"] = seg.get(1, 0)
            mode = seg.get(2, 0)
            if mode not in MODES:
                reading.fault(seg, "cuscar_value", what="mode of transport", given=mode)
            reading.header["mode"] = MODES.get(mode, mode)
            reading.header["transport_id"] = seg.get(7, 0) or seg.get(7, 3)
        elif seg.tag == "DTM" and seg.get(0, 0) in ("132", "133"):
            instant = _instant(reading, seg)
            if instant is not None:
                reading.times[seg.get(0, 0)] = instant
        elif seg.tag == "LOC" and not reading.lines and seg.get(0) in ("22", "9", "11"):
            reading.header[f"loc{seg.get(0)}"] = seg.get(1, 0)
        elif seg.tag == "LOC" and reading.lines:
            _line_segment(reading, seg, reading.lines[-1])
        elif seg.tag in _LINE_TAGS:
            if not reading.lines:
                reading.fault(seg, "cuscar_order")
            else:
                _line_segment(reading, seg, reading.lines[-1])
    return reading


def _require(reading: _Reading, segments: list[Seg]) -> None:
    where = segments[0] if segments else Seg("UNH", [], 1, 0)
    needed = (
        ("transport_id", "TDT", "means of transport"),
        ("loc22", "LOC", "customs office, LOC+22"),
    )
    for key, tag, what in needed:
        if not reading.header.get(key):
            reading.faults.append(
                (field_error(tag, "cuscar_missing", tag=tag, what=what), where.place)
            )
    if "132" not in reading.times:
        reading.faults.append(
            (field_error("DTM", "cuscar_missing", tag="DTM", what="arrival, DTM+132"), where.place)
        )
    if not reading.lines:
        reading.faults.append(
            (field_error("CNI", "cuscar_missing", tag="CNI", what="bill of lading"), where.place)
        )


# What each field of the manifest is called in a content error (the last name of its path).
FIELD_NAMES: dict[str, tuple[str, str]] = {
    "mode": ("mode of transport", "phương thức vận tải"),
    "transport_id": ("means of transport", "phương tiện vận tải"),
    "voyage": ("voyage", "số chuyến"),
    "office_code": ("customs office", "chi cục hải quan"),
    "arrival_at": ("arrival", "thời điểm đến"),
    "departure_at": ("departure", "thời điểm khởi hành"),
    "lines": ("bills of lading", "vận đơn"),
    "document_number": ("bill number", "số vận đơn"),
    "consignee_name": ("consignee's name", "tên người nhận hàng"),
    "consignee_tax_code": ("consignee's tax code", "mã số thuế người nhận hàng"),
    "packages": ("number of packages", "số kiện"),
    "gross_weight": ("gross weight", "trọng lượng cả bì"),
    "description": ("description of goods", "mô tả hàng hóa"),
    "hs_code": ("HS code", "mã HS"),
    "origin_country": ("country of origin", "nước xuất xứ"),
    "containers": ("containers", "container"),
    "number": ("container number", "số container"),
    "seal": ("seal number", "số niêm phong"),
}


def _segment_of(reading: _Reading, path: str, fallback: Seg) -> Seg:
    """The segment a field was read from: its own, else its bill's or container's."""
    while path:
        if path in reading.places:
            return reading.places[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return fallback


def _field_name(path: str) -> Both:
    last = path.rsplit(".", 1)[-1].split("[", 1)[0]
    en, vi = FIELD_NAMES.get(last, (last, last))
    return Both(en, vi)


def content_faults(
    reading: _Reading, manifest: ManifestInput, body: list[Seg]
) -> list[tuple[FieldError, Place]]:
    """The manifest's content errors (the JSON checks) placed at the segments they were read
    from, named by field; a segment already refused while reading is not refused twice."""
    fallback = body[0] if body else Seg("UNH", [], 1, 0)
    refused = {place for _, place in reading.faults}
    placed: list[tuple[FieldError, Place]] = []
    for wrong in manifest_errors(manifest):
        place = _segment_of(reading, wrong.path, fallback).place
        if place in refused:
            continue
        en, vi = texts(
            "cuscar_content",
            what=_field_name(wrong.path),
            message=Both(wrong.message_en, wrong.message_vi),
        )
        placed.append((FieldError(wrong.path, wrong.code, en, vi), place))
    return placed


def read_cuscar(text: str) -> ManifestInput:
    """The manifest a CUSCAR interchange reports; MessageRefused with every fault, of the
    envelope, of reading or of the content (the same checks as JSON), at its segment."""
    segments, interchange = parse(text)
    body = envelope_checks(segments, interchange, message_type="CUSCAR")
    reading = _read(body)
    _require(reading, body)
    manifest = _manifest(reading)
    faults = reading.faults + content_faults(reading, manifest, body)
    if faults:
        raise refused_at(faults)
    return manifest


def _manifest(reading: _Reading) -> ManifestInput:
    header = reading.header
    return ManifestInput(
        mode=header.get("mode", ""),
        transport_id=header.get("transport_id", ""),
        voyage=header.get("voyage") or header.get("reference", ""),
        office_code=header.get("loc22", ""),
        arrival_at=reading.times.get("132", _NO_ARRIVAL),
        departure_at=reading.times.get("133"),
        port_of_loading=header.get("loc9") or None,
        port_of_discharge=header.get("loc11") or None,
        lines=tuple(
            LineInput(
                document_number=line.document_number,
                consignee_name=line.consignee_name,
                consignee_tax_code=line.consignee_tax_code,
                packages=line.packages,
                gross_weight=line.gross_weight,
                description=line.description,
                hs_code=line.hs_code,
                origin_country=line.origin_country,
                containers=tuple(line.containers),
            )
            for line in reading.lines
        ),
    )
