"""UN/EDIFACT: the CUSRES answering a CUSDEC (registration number, channel, errors). Pure.

Written with pydifact's serializer, in UTF-8 (syntax UNOW, version 4) so that the errors'
Vietnamese texts travel as they are. The segments, as docs/exchange.md describes them:
BGM (962, the declaration number, 29 accepted / 27 not accepted), DTM+137 (when),
RFF+ACW (the declarant's document number), GIS (the channel), FTX+ACB (the status), then per
error ERP (the segment tag, position and line it is about), ERC (our error code) and FTX+AAO
(the English and the Vietnamese text).
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from pydifact.control.characters import Characters
from pydifact.segments import Segment
from pydifact.serializer import Serializer

from smartcustoms.exchange.rules import RegistrationAnswer

CUSTOMS: Final = "VNCUSTOMS"
CHANNELS: Final = {"green": "1", "yellow": "2", "red": "3"}  # luồng xanh, vàng, đỏ
ACCEPTED, NOT_ACCEPTED = "29", "27"  # 1225 message function


def cusres(
    answer: RegistrationAnswer,
    *,
    recipient: str,
    reference: str,
    control: str,
    at: datetime,
) -> str:
    """The CUSRES interchange for `answer`, to `recipient` (the CUSDEC's sender)."""
    body: list[Segment] = [
        Segment("UNH", "1", ["CUSRES", "D", "96B", "UN"]),
        Segment("BGM", "962", answer.number or "", ACCEPTED if answer.accepted else NOT_ACCEPTED),
        Segment("DTM", ["137", f"{at:%Y%m%d%H%M}", "203"]),
    ]
    if reference:
        body.append(Segment("RFF", ["ACW", reference]))
    if answer.channel in CHANNELS:
        body.append(Segment("GIS", [CHANNELS[answer.channel], "VNCH"]))
    body.append(Segment("FTX", "ACB", "", "", [answer.status]))
    for error in answer.errors:
        tag, _, rest = error.path.partition("[")
        position = rest.rstrip("]") if rest.rstrip("]").isdigit() else ""
        body.append(Segment("ERP", [tag[:3] or "UNH", position]))
        body.append(Segment("ERC", error.code))
        body.append(Segment("FTX", "AAO", "", "", [error.message_en, error.message_vi]))
    body.append(Segment("UNT", str(len(body) + 1), "1"))
    segments = [
        Segment(
            "UNB",
            ["UNOW", "4"],
            [CUSTOMS, "ZZZ"],
            [recipient or "UNKNOWN", "ZZZ"],
            [f"{at:%Y%m%d}", f"{at:%H%M}"],
            control,
        ),
        *body,
        Segment("UNZ", "1", control),
    ]
    characters = Characters.from_str("UNA:+.? '")
    return Serializer(characters).serialize(segments, with_una_header=True, break_lines=True)
