"""Every cache of one application, in one object (`AppCaches`), made by `create_app`.

Each cache is a `kit.caches.Kept`: bounded, with its expiry and what drops it stated where it
is made. The domains' caches reach their code through the app's sessions
(`db.sessions_carrying`: a session made by the app carries them, found by their class); the
API's signed-in users are `Services.caches.actors`. A script or a test that makes sessions
otherwise gets fresh caches per session (`db.carried`). docs/architecture.md lists them all:

| cache | bound | expiry | dropped when |
|---|---|---|---|
| `identity.api_actors` | 10,000 | 10 s | the token expires (each request still checks the user) |
| `reference.catalogs` | 4 | until dropped | a reference load through the app |
| `tariff.books` | 4 | until dropped | a tariff import commits through the app |
| `tariff.import_in_force` | 8 | recheck seconds | a tariff import commits through the app |
| `risk.selection_inputs` | 16 | until dropped | a rule or the policy changes (fingerprint) |
| `risk.latest_inputs` | 8 | until dropped | a rule or the policy changes through the app |
| `risk.models_by_file` / `_by_name` | 4 / 8 | until dropped | pushed out (the digest pins it) |
| `declarations.catalog` | 1 | until dropped | either part above is read again |
| `permits.registry` | 4 | until dropped | a registry change through the app (keyed by version) |
| `permits.latest_registry` | 8 | until dropped | a registry change through the app |
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from smartcustoms.config import Settings
from smartcustoms.db import sessions_carrying
from smartcustoms.identity.rules import Actor
from smartcustoms.identity.security import AccessToken
from smartcustoms.kit.caches import Kept
from smartcustoms.permits.service import PermitsCaches
from smartcustoms.reference.service import ReferenceCaches
from smartcustoms.registration import DeclarationCatalogs
from smartcustoms.risk.service import LoadedModels, RiskCaches
from smartcustoms.tariff.service import TariffCaches


class ActorCache:
    """Signed-in API users by access token, kept `ttl_seconds` per app.

    An API client sends many requests in a row with one token; verifying its signature and
    reading its user's roles and mandates again for each one cost more CPU than the rest of a
    small request. The same token string always verifies the same way, so only its expiry is
    checked again. Whether the user is disabled or the token revoked is not kept: every
    request asks the database (`identity.service.check_access`), and so is the revocation
    of the token's refresh family or API key. A role or a broker's delegation that changes
    (granted, revoked, ended) reaches a cached user within `ttl_seconds`.
    """

    def __init__(
        self,
        *,
        ttl_seconds: float = 10.0,
        max_entries: int = 10_000,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self.entries: Kept[str, tuple[AccessToken, Actor]] = Kept(
            "identity.api_actors",
            maxsize=max_entries,
            ttl_seconds=ttl_seconds,
            dropped_when="the token expires; disabling and revocation are checked per request",
            timer=timer,
        )

    def get(self, token: str, *, wall_clock: float) -> tuple[AccessToken, Actor] | None:
        """The token's verified claims and user, unless kept too long or the token expired."""
        entry = self.entries.get(token)
        if entry is None or wall_clock >= entry[0].expires_at:
            return None
        return entry

    def put(self, token: str, access: AccessToken, actor: Actor) -> None:
        self.entries.put(token, (access, actor))

    def clear(self) -> None:
        self.entries.clear()


@dataclass
class AppCaches:
    """The caches of one application (one per `create_app`, or per command or benchmark)."""

    actors: ActorCache = field(default_factory=ActorCache)
    reference: ReferenceCaches = field(default_factory=ReferenceCaches)
    tariff: TariffCaches = field(default_factory=TariffCaches)
    risk: RiskCaches = field(default_factory=RiskCaches)
    models: LoadedModels = field(default_factory=LoadedModels)
    declaration_catalogs: DeclarationCatalogs = field(default_factory=DeclarationCatalogs)
    permits: PermitsCaches = field(default_factory=PermitsCaches)

    @classmethod
    def for_settings(cls, settings: Settings) -> AppCaches:
        return cls(tariff=TariffCaches(recheck_seconds=settings.tariff_recheck_seconds))

    def sessions(self, factory: sessionmaker[Session]) -> sessionmaker[Session]:
        """A factory like `factory` whose sessions carry these caches to the domains."""
        parts = (
            self.reference,
            self.tariff,
            self.risk,
            self.models,
            self.declaration_catalogs,
            self.permits,
        )
        return sessions_carrying(factory, parts)

    def all(self) -> Iterator[Kept[Any, Any]]:
        """Every bounded cache, to describe or test them."""
        yield self.actors.entries
        for part in (self.reference, self.tariff, self.risk, self.models, self.permits):
            yield from part.all()

    def clear(self) -> None:
        for kept in self.all():
            kept.clear()
        self.declaration_catalogs.clear()
