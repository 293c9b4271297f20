"""Outbound requests (callback URLs, partner endpoints) against SSRF and DNS rebinding: the
host resolved once, every address public or allowed, the request pinned to it with the
name kept in the Host header and as the TLS server name."""

from __future__ import annotations

from collections.abc import Sequence

import httpx2
import pytest

from smartcustoms.notifications.outbound import (
    DestinationRefused,
    OutboundPolicy,
    destination,
    destination_problem,
    post_pinned,
)
from smartcustoms.notifications.rules import address_refused, networks_from

PUBLIC = "93.184.216.34"


class Dns:
    """A resolver that answers from a table, and counts the questions."""

    def __init__(self, **answers: Sequence[str]) -> None:
        self.answers = {name.replace("_", "."): list(found) for name, found in answers.items()}
        self.asked: list[tuple[str, int]] = []

    def __call__(self, host: str, port: int) -> Sequence[str]:
        self.asked.append((host, port))
        if host not in self.answers:
            raise OSError("Name or service not known")
        return self.answers[host]


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "::1",
        "10.0.0.5",
        "172.16.3.4",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata (AWS, GCP, Azure)
        "fd00:ec2::254",  # AWS metadata over IPv6
        "100.100.100.200",  # shared address space (Alibaba metadata)
        "fe80::1",
        "0.0.0.0",
        "::",
        "::ffff:127.0.0.1",  # the loopback as an IPv4-mapped IPv6 address
        "::ffff:169.254.169.254",
        "224.0.0.1",
        "192.0.2.10",  # documentation
        "not-an-address",
    ],
)
def test_internal_addresses_are_refused(address: str) -> None:
    assert address_refused(address)


@pytest.mark.parametrize("address", [PUBLIC, "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_not(address: str) -> None:
    assert not address_refused(address)


def test_an_allowed_network_lets_its_addresses_through_and_no_others() -> None:
    allowed = networks_from("127.0.0.0/8, 10.20.0.0/16")
    assert not address_refused("127.0.0.1", allowed)
    assert not address_refused("::ffff:127.0.0.1", allowed)
    assert not address_refused("10.20.3.4", allowed)
    assert address_refused("10.21.0.1", allowed)
    assert address_refused("169.254.169.254", allowed)
    with pytest.raises(ValueError, match=r"127\.0\.0\.0/33"):
        networks_from("127.0.0.0/33")


def test_the_destination_is_pinned_to_the_address_resolved_once() -> None:
    dns = Dns(hooks_example_com=[PUBLIC, "93.184.216.35"])
    found = destination("https://hooks.example.com/smartcustoms?x=1", OutboundPolicy((), dns))
    assert found.url == f"https://{PUBLIC}/smartcustoms?x=1"
    assert (found.address, found.host_header, found.server_name) == (
        PUBLIC,
        "hooks.example.com",
        "hooks.example.com",
    )
    assert dns.asked == [("hooks.example.com", 443)]

    v6 = Dns(hooks_example_com=["2606:4700:4700::1111"])
    found = destination("http://hooks.example.com:8080/in", OutboundPolicy((), v6))
    assert found.url == "http://[2606:4700:4700::1111]:8080/in"
    assert (found.host_header, found.server_name) == ("hooks.example.com:8080", None)


def test_a_name_with_any_internal_answer_is_refused() -> None:
    dns = Dns(
        rebinding_example_com=[PUBLIC, "169.254.169.254"],
        inside_example_com=["10.0.0.7"],
    )
    policy = OutboundPolicy((), dns)
    for url, address in [
        ("https://rebinding.example.com/", "169.254.169.254"),
        ("https://inside.example.com/", "10.0.0.7"),
        ("https://127.0.0.1/", "127.0.0.1"),
        ("https://[::1]:8443/", "::1"),
    ]:
        with pytest.raises(DestinationRefused) as refused:
            destination(url, policy)
        assert (refused.value.reason, refused.value.address) == ("destination_internal", address)
    with pytest.raises(DestinationRefused) as unresolved:
        destination("https://nowhere.example.com/", policy)
    assert unresolved.value.reason == "destination_unresolved"
    with pytest.raises(DestinationRefused) as invalid:
        destination("ftp://files.example.com/", policy)
    assert invalid.value.reason == "destination_invalid"


def test_registration_refuses_internal_destinations_and_accepts_unresolved_names() -> None:
    dns = Dns(inside_example_com=["10.0.0.7"], hooks_example_com=[PUBLIC])
    policy = OutboundPolicy((), dns)
    assert destination_problem("https://inside.example.com/", policy) == "destination_internal"
    assert destination_problem("https://hooks.example.com/", policy) is None
    # Not resolvable yet: accepted now, checked again at every delivery.
    assert destination_problem("https://later.example.com/", policy) is None
    allowed = OutboundPolicy(networks_from("10.0.0.0/24"), dns)
    assert destination_problem("https://inside.example.com/", allowed) is None


def test_a_post_goes_to_the_pinned_address_with_the_name_as_host_and_server_name() -> None:
    seen: list[httpx2.Request] = []

    def answer(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return httpx2.Response(204)

    dns = Dns(hooks_example_com=[PUBLIC])
    with httpx2.Client(transport=httpx2.MockTransport(answer)) as client:
        sent = post_pinned(
            client,
            "https://hooks.example.com/in",
            body=b"{}",
            headers={"Content-Type": "application/json"},
            policy=OutboundPolicy((), dns),
        )
        refused = post_pinned(
            client,
            "https://127.0.0.1/in",
            body=b"{}",
            headers={},
            policy=OutboundPolicy((), dns),
        )
    assert sent.status == 204
    [request] = seen  # the refused one never left
    assert request.url.host == PUBLIC
    assert request.headers["Host"] == "hooks.example.com"
    assert request.extensions["sni_hostname"] == "hooks.example.com"
    assert refused.status is None
    assert refused.error is not None
    assert "destination_internal" in refused.error
