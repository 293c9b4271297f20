"""UN/EDIFACT CUSCAR (customs cargo report, D 95B) read into a manifest. Pure: no I/O.

The envelope is read by `exchange.edifact` (pydifact tokenizes and builds the segments and
checks the service segments: UNB, the syntax identifier, UNH/UNT pairing); it adds the UNT
and UNZ control counts and that the message is a CUSCAR. pydifact checks nothing of the
message's content: which segments and qualifiers a cargo report carries, dates, numbers,
container check digits. We check those here and in `rules.manifests` (every fault at once).

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

from smartcustoms.border.messages import field_error
from smartcustoms.border.rules import ContainerInput, LineInput, ManifestInput
from smartcustoms.errors import FieldError
from smartcustoms.exchange.edifact import Seg, envelope_checks, parse, refused_at
from smartcustoms.exchange.rules import Place
from smartcustoms.kit.clock import VIETNAM

MODES = {"1": "sea", "4": "air", "3": "road"}


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

    def fault(self, seg: Seg, code: str, **params: object) -> None:
        self.faults.append((field_error(seg.tag, code, tag=seg.tag, **params), seg.place))


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


_LINE_TAGS = frozenset({"NAD", "GID", "FTX", "PIA", "MEA", "EQD", "SEL"})


def _read(segments: list[Seg]) -> _Reading:
    reading = _Reading()
    for seg in segments:
        if seg.tag == "CNI":
            reading.lines.append(_Line(document_number=seg.get(1, 0)))
        elif seg.tag == "BGM":
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


def read_cuscar(text: str) -> ManifestInput:
    """The manifest a CUSCAR interchange reports; MessageRefused with every fault placed."""
    segments, interchange = parse(text)
    body = envelope_checks(segments, interchange, message_type="CUSCAR")
    reading = _read(body)
    _require(reading, body)
    if reading.faults:
        raise refused_at(reading.faults)
    header = reading.header
    return ManifestInput(
        mode=header.get("mode", ""),
        transport_id=header.get("transport_id", ""),
        voyage=header.get("voyage") or header.get("reference", ""),
        office_code=header.get("loc22", ""),
        arrival_at=reading.times["132"],
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
