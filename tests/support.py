"""Test helpers shared by the suites: named users and valid payloads."""

from __future__ import annotations

import re
import secrets
import socket
from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi.dependencies import models as fastapi_dependency_models
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from smartcustoms import demo_payload
from smartcustoms.clearance import build_clearance
from smartcustoms.config import Settings
from smartcustoms.declarations.clearance import ClearanceSetup, ClearanceSubject
from smartcustoms.declarations.release_rules import ConditionKind, ConditionOutcome
from smartcustoms.demo import DEMO_PASSWORD
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor
from smartcustoms.payments.service import TaxesPaidOrGuaranteed

# The one instant the tests live at (09:00 in Hanoi). The app, the services and the seed
# data take their time from it, never from the wall clock: `make test` also runs the suite
# with the process clock two years ahead to prove it.
TEST_NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)

# The apps under test sign with a secret of this run's own, given explicitly: the platform
# has no default one, and a secret written here would be one more published secret.
TEST_SECRET_KEY = secrets.token_urlsafe(48)


@dataclass
class Database:
    backend: str
    url: str
    engine: Engine


@dataclass
class Users:
    """Named demo people: Lan (trader, A), Bình (trader, B), Minh (broker for A and B),
    Hoa (officer, 03CC), Tuấn (officer, 02CI), Sơn (supervisor, 03CC)."""

    client: TestClient
    session: Session

    def token(self, username: str) -> str:
        response = self.client.post(
            "/api/v1/auth/token", json={"username": username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])

    def headers(self, username: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(username)}"}

    def actor(self, username: str) -> Actor:
        user = identity.authenticate(self.session, username=username, password=DEMO_PASSWORD)
        return identity.actor_for(self.session, user_id=user.id)


@dataclass(frozen=True)
class ReleaseHeld:
    """A clearance condition never met, of the taxes' kind: it holds a declaration's goods as
    unpaid taxes do, whatever its channel."""

    name: str = "held"
    kind: ConditionKind = ConditionKind.TAXES

    def __call__(
        self, session: Session, subject: ClearanceSubject, at: datetime
    ) -> ConditionOutcome:
        return ConditionOutcome(False, "held", "the test's hold", "điều kiện giữ hàng của phép thử")


# FastAPI (0.16x) classifies each dependency and endpoint callable in module-level LRU caches
# of 4,096 entries keyed by the callable itself. An app's own closures (the API docs page,
# per-app dependencies) hold the app, so every test's app, with its caches, templates and
# engines, stayed alive until evicted: about 10 MB a test, 5 GB per xdist worker. A
# production process builds one app, so only the suite needs this.
FASTAPI_CALL_CACHES = (
    "_is_gen_callable_cached",
    "_is_async_gen_callable_cached",
    "_is_coroutine_callable_cached",
)


def forget_fastapi_call_caches() -> None:
    """Let the apps of finished tests go (called after every test by conftest)."""
    for name in FASTAPI_CALL_CACHES:
        getattr(fastapi_dependency_models, name).cache_clear()


def clearance_held(settings: Settings) -> ClearanceSetup:
    """The platform's clearance conditions and one never met."""
    return ClearanceSetup([*build_clearance(settings).conditions, ReleaseHeld()])


def taxes_aside(setup: ClearanceSetup) -> ClearanceSetup:
    """The conditions but the payments domain's "taxes paid or guaranteed": for tests of the
    channel's checks and the officers' decisions (payments' own tests cover the taxes)."""
    return ClearanceSetup([c for c in setup.conditions if not isinstance(c, TaxesPaidOrGuaranteed)])


def import_payload(**overrides: object) -> dict[str, object]:
    """A complete, valid A11 import declaration for Lan's enterprise, two goods items."""
    payload: dict[str, object] = demo_payload.import_payload()
    payload.update(overrides)
    return payload


def export_payload(**overrides: object) -> dict[str, object]:
    """A complete B11 export of the same goods by Lan's enterprise: no export duty on them
    and no VAT on exports, so it owes no tax (only the customs fee, which holds nothing up)."""
    export = import_payload(
        type_code="B11",
        country_of_export="VN",
        country_of_destination="CN",
        port_of_loading="VNHPH",
        port_of_discharge="CNSZX",
        departure_date="2026-11-21",
        arrival_date=None,
        transport_document=None,
    )
    export.update(overrides)
    return export


def csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def sign_in(client: TestClient, username: str) -> None:
    page = client.get("/login")
    response = client.post(
        "/login",
        data={
            "username": username,
            "password": DEMO_PASSWORD,
            "csrf_token": csrf(page.text),
            "next": "/",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def free_port() -> int:
    """A loopback port nobody listens on now, for a server the test starts."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
