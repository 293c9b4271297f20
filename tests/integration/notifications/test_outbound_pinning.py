"""A push goes to the address its host resolved to when it was checked, never to a second
DNS answer (rebinding), and never to the loopback unless the allowed networks hold it."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

import httpx2

from bank_support import WAIT, receiving
from smartcustoms.notifications.outbound import OutboundPolicy
from smartcustoms.notifications.rules import networks_from
from smartcustoms.notifications.service import HttpSender


class Rebinding:
    """A hostile DNS: the loopback first (passing the check), then the cloud metadata."""

    def __init__(self) -> None:
        self.answers = [["127.0.0.1"], ["169.254.169.254"]]
        self.asked = 0

    def __call__(self, host: str, port: int) -> Sequence[str]:
        self.asked += 1
        return self.answers[min(self.asked - 1, 1)]


def test_a_push_is_pinned_to_the_address_checked_and_a_rebound_name_refused() -> None:
    dns = Rebinding()
    policy = OutboundPolicy(networks_from("127.0.0.0/8"), dns)
    with receiving() as receiver, httpx2.Client(timeout=WAIT) as client:
        port = urlsplit(receiver.url).port
        url = f"http://hooks.trader.test:{port}/smartcustoms"  # a name no real DNS knows
        sender = HttpSender(client, policy)

        first = sender.send(url, body=b'{"id": 1}', headers={"X-Test": "1"})
        second = sender.send(url, body=b'{"id": 2}', headers={"X-Test": "2"})

        assert first.status == 200, first
        arrival = receiver.next()
        assert arrival.headers["Host"] == f"hooks.trader.test:{port}"
        assert arrival.body == b'{"id": 1}'
        assert dns.asked == 2  # once per delivery: the connection used that one answer
        assert second.status is None
        assert second.error is not None
        assert "169.254.169.254" in second.error
        assert receiver.nothing_more()


def test_a_loopback_callback_is_refused_without_the_allowed_networks() -> None:
    with receiving() as receiver, httpx2.Client(timeout=WAIT) as client:
        refused = HttpSender(client).send(receiver.url, body=b"{}", headers={})
        allowed = HttpSender(client, OutboundPolicy.of("127.0.0.1/32")).send(
            receiver.url, body=b"{}", headers={}
        )
        assert refused.status is None
        assert refused.error is not None
        assert "destination_internal" in refused.error
        assert allowed.status == 200
        receiver.next()
        assert receiver.nothing_more()
