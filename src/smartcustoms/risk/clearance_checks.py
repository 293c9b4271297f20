"""The clearance condition the risk domain answers: are the checks the channel asked for
done? Green: none asked. Yellow and red: done once the officer recorded the result (with or
without findings); then an officer decides the release (`officer_decides`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from smartcustoms.declarations.clearance import ClearanceSubject
from smartcustoms.declarations.release_rules import ConditionKind, ConditionOutcome
from smartcustoms.kit.bilingual import Both, capitalized
from smartcustoms.risk import repository
from smartcustoms.risk.messages import CHANNEL_WORDS, condition_texts
from smartcustoms.risk.rules import Channel, InspectionKind

# The check a channel asks for, named as its result's kind is.
_CHECK_OF = {Channel.YELLOW: InspectionKind.DOCUMENT_CHECK, Channel.RED: InspectionKind.PHYSICAL}
_CHANNEL_NAMES = {
    channel: Both(f"{words.en} channel", words.vi) for channel, words in CHANNEL_WORDS.items()
}


def _outcome(met: bool, code: str, *, channel: str, officer_decides: bool) -> ConditionOutcome:
    name = _CHANNEL_NAMES.get(channel, Both(channel, channel))
    en, vi = condition_texts(code, channel=name, Channel=capitalized(name))
    return ConditionOutcome(met, code, en, vi, officer_decides=officer_decides)


@dataclass(frozen=True)
class ChannelChecksDone:
    """The condition "the channel's checks are done"; see `declarations.clearance`.

    At registration it reads the channel from the risk step's summary (no query): a green
    declaration is cleared as it registers, in the registration's single write.
    """

    name: str = "channel_checks"
    kind: ConditionKind = ConditionKind.CHECKS

    def __call__(
        self, session: Session, subject: ClearanceSubject, at: datetime
    ) -> ConditionOutcome:
        selected = (subject.registering or {}).get("risk")
        if selected is not None:
            channel = str(selected.get("channel"))
            state = "closed" if channel == Channel.GREEN else "pending"
        else:
            decision = repository.decision_of(session, subject.declaration_id)
            if decision is None:
                return _outcome(False, "no_channel", channel="", officer_decides=False)
            channel, state = decision.channel, decision.state
        if channel == Channel.GREEN:
            return _outcome(True, "green", channel=channel, officer_decides=False)
        check = _CHECK_OF.get(Channel(channel), InspectionKind.PHYSICAL)
        if state == "pending":
            return _outcome(False, f"{check}_pending", channel=channel, officer_decides=True)
        inspection = repository.inspection_of(session, subject.declaration_id)
        if inspection is None:  # closed by a cancellation or an amendment: no result
            return _outcome(False, "check_closed", channel=channel, officer_decides=True)
        result = "findings" if inspection.findings else "done"
        return _outcome(True, f"{inspection.kind}_{result}", channel=channel, officer_decides=True)
