"""Outbound HTTP to addresses others give us (trader callback URLs, partner customs'
endpoints), guarded against server-side request forgery and DNS rebinding.

The host is resolved once; every address it resolves to must be public (or in an allowed
network, `rules.address_refused`); the request then goes to the first of those addresses,
pinned, with the URL's host kept in the Host header and as the TLS server name (SNI and
the certificate's check), so a second, different DNS answer can never redirect it. Checked
when the URL is registered and again at every delivery. Redirects are not followed.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import httpx2

from smartcustoms.notifications.rules import (
    LOOPBACK_NETWORKS,
    Network,
    address_refused,
    networks_from,
)

# host, port -> the IP addresses it resolves to (OSError when it does not resolve)
Resolver = Callable[[str, int], Sequence[str]]
DEFAULT_PORTS = {"http": 80, "https": 443}


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True)
class OutboundPolicy:
    """Where outbound requests may go: public addresses, and these networks."""

    allowed: tuple[Network, ...] = ()
    resolver: Resolver = system_resolver

    @classmethod
    def of(
        cls, networks: str = "", *, loopback: bool = False, resolver: Resolver = system_resolver
    ) -> OutboundPolicy:
        """From the setting's text (CIDRs), with the loopback when `loopback` is set."""
        allowed = networks_from(networks) + (LOOPBACK_NETWORKS if loopback else ())
        return cls(allowed, resolver)


class DestinationRefused(Exception):
    """A URL an outbound request may not go to; `reason` is a message key."""

    def __init__(self, reason: str, address: str | None = None) -> None:
        super().__init__(f"{reason}: {address}" if address else reason)
        self.reason = reason
        self.address = address


@dataclass(frozen=True)
class Destination:
    """Where a request really goes: the URL with the address in place of the host."""

    url: str
    address: str
    host_header: str
    server_name: str | None  # the TLS server name (https)


def destination(url: str, policy: OutboundPolicy) -> Destination:
    """The pinned destination of a URL; DestinationRefused when its host does not resolve,
    or resolves to any refused address."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        raise DestinationRefused("destination_invalid") from None
    if parts.scheme not in DEFAULT_PORTS or not host:
        raise DestinationRefused("destination_invalid")
    port = port or DEFAULT_PORTS[parts.scheme]
    try:
        addresses = [str(ipaddress.ip_address(host))]  # an address: nothing to resolve
    except ValueError:
        try:
            addresses = list(policy.resolver(host, port))
        except (OSError, UnicodeError):
            raise DestinationRefused("destination_unresolved", host) from None
    if not addresses:
        raise DestinationRefused("destination_unresolved", host)
    for address in addresses:
        if address_refused(address, policy.allowed):
            raise DestinationRefused("destination_internal", address)
    address = addresses[0].split("%", 1)[0]
    shown = f"[{address}]" if ":" in address else address
    netloc = shown if parts.port is None else f"{shown}:{parts.port}"
    name = host if host.isascii() else host.encode("idna").decode()  # internationalised
    host_header = name if parts.port is None else f"{name}:{parts.port}"
    return Destination(
        url=urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, "")),
        address=address,
        host_header=host_header,
        server_name=name if parts.scheme == "https" else None,
    )


def destination_problem(url: str, policy: OutboundPolicy) -> str | None:
    """Why a URL may not be registered (a message key), or None. A host that does not
    resolve yet is accepted: every delivery checks again."""
    try:
        destination(url, policy)
    except DestinationRefused as refused:
        return None if refused.reason == "destination_unresolved" else refused.reason
    return None


@dataclass(frozen=True)
class Answer:
    status: int | None  # None: not reached (refused, timeout, connection error)
    error: str | None = None


def post_pinned(
    client: httpx2.Client,
    url: str,
    *,
    body: bytes,
    headers: Mapping[str, str],
    policy: OutboundPolicy,
) -> Answer:
    """POST to the pinned destination; a refusal or transport error is an answer too."""
    try:
        where = destination(url, policy)
    except DestinationRefused as refused:
        return Answer(None, f"refused: {refused}"[:300])
    extensions = {"sni_hostname": where.server_name} if where.server_name else {}
    try:
        answer = client.post(
            where.url,
            content=body,
            headers={**headers, "Host": where.host_header},
            extensions=extensions,
            follow_redirects=False,
        )
    except httpx2.HTTPError as failed:
        return Answer(None, f"{type(failed).__name__}: {failed}"[:300])
    return Answer(answer.status_code)
