"""Composition root of the background worker (`smartcustoms worker`): which handlers see
the outbox's events, and the loop that runs them and pushes the notifications.

Each pass is up to four units of work: the outbox (a batch of events claimed with
`FOR UPDATE SKIP LOCKED` on PostgreSQL, handed to every handler that wants them, marked
delivered, committed), then the pushes due (claimed the same way, sent, committed), then
the messages due to partner customs (the same way); then, once a day (settings), a signed
checkpoint of the audit chain's head. Several worker processes on PostgreSQL
share the work without handling a row twice; on SQLite run one (it has no row locks, and
one writer at a time).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session, sessionmaker

from smartcustoms.audit import service as audit
from smartcustoms.config import Settings
from smartcustoms.db import transaction
from smartcustoms.kit.clock import Clock
from smartcustoms.notifications import service as notifications
from smartcustoms.outbox import service as outbox
from smartcustoms.outbox.service import Handler, OutboxEvent
from smartcustoms.partners import service as partners
from smartcustoms.payments import service as payments
from smartcustoms.risk import service as risk

log = logging.getLogger(__name__)


def _payments_notices(session: Session, events: Sequence[OutboxEvent], at: datetime) -> None:
    payments.store_notices(session, events, at=at)


PAYMENTS_NOTICES = Handler("payments.notices", frozenset(payments.NOTICE_TOPICS), _payments_notices)
TRADER_NOTIFICATIONS = Handler("notifications", notifications.EVENT_TOPICS, notifications.record)


def partner_acdd(signer: partners.Signer | None) -> Handler:
    """The ACDD of a released export, queued for the destination's customs."""

    def handle(session: Session, events: Sequence[OutboxEvent], at: datetime) -> None:
        partners.send_at_release(session, events, at, signer=signer)

    return Handler("partners.acdd", partners.RELEASE_TOPICS, handle)


# Where the fraud models are when no settings say (`var/models`, the default var_dir's).
DEFAULT_MODELS_DIR = Path("var") / "models"


def event_handlers(
    relay: Handler | None = None,
    *,
    partner_signer: partners.Signer | None = None,
    models_dir: Path = DEFAULT_MODELS_DIR,
) -> list[Handler]:
    """Every handler of the platform, in order; the relay (if configured) last. Late facts
    (a manifest or an ACDD after registration) are scored again by risk (`models_dir`)."""
    handlers = [
        PAYMENTS_NOTICES,
        TRADER_NOTIFICATIONS,
        partner_acdd(partner_signer),
        risk.late_facts_handler(models_dir),
    ]
    return [*handlers, relay] if relay is not None else handlers


def signer_from(settings: Settings) -> partners.Signer | None:
    """This instance's signing key for partner messages (SMARTCUSTOMS_PARTNERS_…)."""
    return partners.signer_from(settings.partners_country, settings.partners_signing_key_file)


def models_dir_from(settings: Settings) -> Path:
    """The fraud models' directory (under SMARTCUSTOMS_VAR_DIR)."""
    return risk.models_dir(settings.var_dir)


def handlers_besides_payments(
    relay: Handler | None = None,
    *,
    partner_signer: partners.Signer | None = None,
    models_dir: Path = DEFAULT_MODELS_DIR,
) -> list[Handler]:
    """What the payments reminder job runs beside its own handler (it claims the events)."""
    every = event_handlers(relay, partner_signer=partner_signer, models_dir=models_dir)
    return [h for h in every if h is not PAYMENTS_NOTICES]


def checkpoint_key_from(settings: Settings) -> Ed25519PrivateKey | None:
    """The audit checkpoint key (made in its file at first use) when the worker anchors."""
    if settings.audit_checkpoint_key_file is None or not settings.audit_checkpoint_hours:
        return None
    return audit.checkpoint_key(settings.audit_checkpoint_key_file)


def relay_from(settings: Settings) -> Handler | None:
    """The RabbitMQ relay when SMARTCUSTOMS_AMQP_URL is set; None otherwise."""
    if settings.amqp_url is None:
        return None
    from smartcustoms.adapters.amqp import AmqpRelay

    relay = AmqpRelay(
        settings.amqp_url.get_secret_value(),
        exchange=settings.amqp_exchange,
        timeout_seconds=settings.notifications_timeout_seconds,
    )
    return relay.handler()


@dataclass(frozen=True)
class PassResult:
    events: int  # outbox events handled
    push: notifications.PushRun
    partner: partners.DeliveryRun  # messages to partner customs

    @property
    def idle(self) -> bool:
        return (
            self.events == 0
            and self.push == notifications.PushRun(0, 0, 0)
            and self.partner == partners.DeliveryRun(0, 0, 0)
        )


@dataclass
class Worker:
    """One worker: `run_pass` once, or `run` until `stop` is set."""

    session_factory: sessionmaker[Session]
    clock: Clock
    handlers: Sequence[Handler]
    sender: notifications.Sender
    batch: int = 200
    poll_seconds: float = 1.0
    # The audit chain's periodic anchor: a signed checkpoint of its head when the last is
    # this old (and the chain grew); None: the worker signs none.
    checkpoint_key: Ed25519PrivateKey | None = None
    checkpoint_every: timedelta | None = None

    def __post_init__(self) -> None:
        self.stop = threading.Event()

    def dispatch(self) -> int:
        with transaction(self.session_factory) as session:
            return outbox.dispatch(session, self.handlers, at=self.clock.now(), limit=self.batch)

    def push(self) -> notifications.PushRun:
        with transaction(self.session_factory) as session:
            return notifications.push_due(
                session, sender=self.sender, at=self.clock.now(), limit=self.batch
            )

    def deliver_to_partners(self) -> partners.DeliveryRun:
        with transaction(self.session_factory) as session:
            return partners.deliver_due(
                session, sender=self.sender, at=self.clock.now(), limit=self.batch
            )

    def anchor(self) -> audit.Checkpoint | None:
        if self.checkpoint_key is None or not self.checkpoint_every:
            return None
        with transaction(self.session_factory) as session:
            return audit.checkpoint_if_due(
                session, key=self.checkpoint_key, at=self.clock.now(), every=self.checkpoint_every
            )

    def run_pass(self) -> PassResult:
        found = PassResult(self.dispatch(), self.push(), self.deliver_to_partners())
        self.anchor()
        return found

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                done = self.run_pass()
            except Exception:
                # The pass rolled back: its events and pushes wait for the next one.
                log.exception("worker pass failed")
                self.stop.wait(self.poll_seconds)
                continue
            if done.idle:
                self.stop.wait(self.poll_seconds)
