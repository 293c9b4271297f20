"""UN/EDIFACT: an interchange's envelope and segments, placed. Pure: no I/O.

pydifact tokenizes the interchange, builds its segments and checks the service segments
(UNB and the syntax identifier, UNH/UNT pairs); our checks add what it has none of: the
control counts, the segments and qualifiers a CUSDEC carries here and where, and the codes
against the reference code lists. Every fault names its segment, the segment's position in
the interchange (UNB is 1, UNA is not counted) and its line. The profile, segment by segment,
is the mapping table in docs/exchange.md.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any, Final

from pydifact.control.characters import Characters
from pydifact.exceptions import EDISyntaxError, MissingImplementationWarning, ValidationError
from pydifact.parser import Parser
from pydifact.segmentcollection import Interchange
from pydifact.segments import Segment

from smartcustoms.errors import FieldError
from smartcustoms.exchange.messages import field_error, texts
from smartcustoms.exchange.rules import MessageRefused, Place, refused
from smartcustoms.kit.bilingual import Both

SERVICE: Final = frozenset({"UNB", "UNH", "UNT", "UNZ"})


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


def refused_at(faults: list[tuple[FieldError, Place]]) -> MessageRefused:
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
        raise refused_at([(field_error("UNB", "not_an_interchange"), Place("UNB[1]", 1))])
    una = text.startswith("UNA")
    try:
        characters = Characters.from_str(text[:9] if una else "UNA:+.? '")
    except ValidationError as error:
        place = Place("UNA[0]", 1)
        raise refused_at(
            [(field_error("UNA", "edifact_syntax", reason=str(error)), place)]
        ) from error
    starts = segment_starts(text, characters, 9 if una else 0)
    segments: list[Seg] = []
    raw: list[Segment] = []
    with warnings.catch_warnings():
        # pydifact 0.2 ships no service segment directories and says so for every segment.
        warnings.simplefilter("ignore", MissingImplementationWarning)
        # An empty segment ("X'"): read as one, and refused by our checks if out of place.
        warnings.simplefilter("ignore", SyntaxWarning)
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
            raise refused_at(
                [(field_error(tag, "edifact_syntax", reason=reason), place)]
            ) from error
    return segments, interchange


def envelope_checks(
    segments: list[Seg], interchange: Interchange, *, message_type: str = "CUSDEC"
) -> list[Seg]:
    """The message's own segments (UNH to UNT excluded), after the envelope's checks; the
    message must be of `message_type` (CUSDEC here, CUSCAR for the border's cargo reports)."""
    faults: list[tuple[FieldError, Place]] = []
    try:
        messages = list(interchange.get_messages())
    except (EDISyntaxError, AssertionError) as error:
        faults.append((field_error("UNH", "edifact_syntax", reason=str(error)), segments[-1].place))
        raise refused_at(faults) from error
    heads = [s for s in segments if s.tag == "UNH"]
    if len(messages) != 1 or len(heads) != 1:
        place = heads[1].place if len(heads) > 1 else segments[0].place
        faults.append((field_error("UNH", "one_message", count=len(messages)), place))
        raise refused_at(faults)
    head = heads[0]
    if head.get(1, 0) != message_type:
        code = "message_not_cusdec" if message_type == "CUSDEC" else "message_not_expected"
        faults.append(
            (
                field_error("UNH", code, given=head.get(1, 0), expected=message_type),
                head.place,
            )
        )
    tail = next(s for s in segments if s.tag == "UNT")
    counted = tail.position - head.position + 1
    if tail.get(0) != str(counted):
        faults.append(
            (
                field_error("UNT", "control_count", tag="UNT", given=tail.get(0), counted=counted),
                tail.place,
            )
        )
    end = segments[-1]
    if end.tag != "UNZ":
        faults.append(
            (
                field_error("UNZ", "segment_missing", tag="UNZ", name="interchange trailer"),
                end.place,
            )
        )
    elif end.get(0) != "1":
        faults.append(
            (field_error("UNZ", "control_count", tag="UNZ", given=end.get(0), counted=1), end.place)
        )
    if faults:
        raise refused_at(faults)
    return [s for s in segments if head.position < s.position < tail.position]


def sender_of(segments: list[Seg]) -> str:
    """The interchange's sender (UNB S002), whom the answer goes to."""
    return segments[0].get(1, 0) if segments else ""
