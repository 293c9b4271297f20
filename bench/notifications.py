"""Notifications delivered per second by two workers on PostgreSQL to a loopback receiver.

A scratch PostgreSQL database (migrated, demo users); Lan's company registers a callback URL
on a receiver this script serves on loopback (HTTP/1.1 keep-alive, answers 200, checks each
body's signature). N `declaration.registered` events are written to the outbox; then two
worker processes (`smartcustoms.worker.Worker`, the `smartcustoms worker` loop) start at
once: each claims outbox rows (`FOR UPDATE SKIP LOCKED`), makes the notifications, claims
the due pushes the same way, signs and POSTs them. Timed from the workers' start to the
receiver's N-th push; the check: N distinct notifications received, none twice.

Run: .venv/bin/python bench/notifications.py [--n 3000] [--workers 2] [--batch 200]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import multiprocessing.synchronize
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx2
from harness.cpu import machine_speed_ms
from harness.setup import PG_ADMIN_URL, prepare, scratch_database
from sqlalchemy import func, select

from smartcustoms.db import make_engine, make_session_factory, transaction
from smartcustoms.identity import service as identity
from smartcustoms.kit.clock import SystemClock
from smartcustoms.notifications import service as notifications
from smartcustoms.notifications.models import NotificationDelivery
from smartcustoms.notifications.rules import SIGNATURE_HEADER, verify
from smartcustoms.outbox import service as outbox
from smartcustoms.outbox.service import Event
from smartcustoms.worker import Worker, event_handlers


class Receiver:
    def __init__(self, secret_box: list[str], expected: int) -> None:
        self.lock = threading.Lock()
        self.seen: dict[int, int] = {}
        self.bad_signatures = 0
        self.expected = expected
        self.done = threading.Event()
        self.first_at: float | None = None
        self.last_at = 0.0
        self.secret_box = secret_box

    def arrived(self, headers: dict[str, str], body: bytes) -> None:
        now = time.perf_counter()
        try:
            verify(
                self.secret_box[0],
                header=headers.get(SIGNATURE_HEADER),
                body=body,
                now=SystemClock().now(),
            )
            good = True
        except Exception:
            good = False
        notification_id = int(json.loads(body)["id"])
        with self.lock:
            self.first_at = self.first_at or now
            self.last_at = now
            self.bad_signatures += not good
            self.seen[notification_id] = self.seen.get(notification_id, 0) + 1
            if len(self.seen) >= self.expected:
                self.done.set()


def serve(receiver: Receiver) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            receiver.arrived(dict(self.headers.items()), body)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run_worker(
    url: str,
    batch: int,
    ready: multiprocessing.synchronize.Semaphore,
    start: multiprocessing.synchronize.Event,
) -> None:
    engine = make_engine(url)
    with httpx2.Client(timeout=10) as client:
        worker = Worker(
            session_factory=make_session_factory(engine),
            clock=SystemClock(),
            handlers=event_handlers(),
            sender=notifications.HttpSender(client),
            batch=batch,
        )
        with transaction(worker.session_factory) as session:  # connected, imports done
            session.execute(select(1))
        ready.release()
        start.wait()
        idle = 0
        while idle < 3:  # nothing left for this worker (another may hold the rest)
            idle = idle + 1 if worker.run_pass().idle else 0
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch", type=int, default=200)
    args = parser.parse_args()
    print(f"machine speed: {machine_speed_ms():.0f} ms (fixed loop, best of 5)")
    with (
        tempfile.TemporaryDirectory() as tmp,
        scratch_database("postgresql", Path(tmp), PG_ADMIN_URL) as url,
    ):
        prepare(url)
        secret_box: list[str] = []
        receiver = Receiver(secret_box, args.n)
        server = serve(receiver)
        engine = make_engine(url)
        factory = make_session_factory(engine)
        at = SystemClock().now()
        with transaction(factory) as session:
            lan = identity.find_user(session, username="lan")
            assert lan is not None
            actor = identity.actor_for(session, user_id=lan.id)
            assert actor.organisation_id is not None
            view = notifications.register_endpoint(
                session,
                actor=actor,
                enterprise_id=actor.organisation_id,
                url=f"http://127.0.0.1:{server.server_address[1]}/hooks",
                allow_loopback=True,
                at=at,
            )
            assert view.secret is not None
            secret_box.append(view.secret)
            outbox.dispatch(session, event_handlers(), at=at)  # the seed's events first
            outbox.emit_all(
                session,
                [
                    Event(
                        "declaration.registered",
                        "declaration",
                        100_000 + i,
                        {"enterprise_id": actor.organisation_id, "number": str(i)},
                    )
                    for i in range(args.n)
                ],
                at=at,
            )
        context = multiprocessing.get_context("spawn")
        start, ready = context.Event(), context.Semaphore(0)
        workers = [
            context.Process(target=run_worker, args=(url, args.batch, ready, start))
            for _ in range(args.workers)
        ]
        for process in workers:
            process.start()
        for _ in workers:  # every process imported and connected before the clock starts
            assert ready.acquire(timeout=120)
        began = time.perf_counter()
        start.set()
        finished = receiver.done.wait(600)
        elapsed = time.perf_counter() - began
        for process in workers:
            process.join(60)
        with transaction(factory) as session:
            states = dict(
                session.execute(
                    select(NotificationDelivery.state, func.count()).group_by(
                        NotificationDelivery.state
                    )
                ).all()
            )
        engine.dispose()
        server.shutdown()
    twice = sum(1 for c in receiver.seen.values() if c > 1)
    print(f"workers: {args.workers}, batch {args.batch}, events: {args.n}, finished: {finished}")
    print(
        f"received: {len(receiver.seen)} distinct, {twice} twice, "
        f"{receiver.bad_signatures} bad signatures; deliveries by state: {states}"
    )
    print(
        f"events written -> all pushed: {elapsed:.2f} s = {len(receiver.seen) / elapsed:.0f} "
        "notifications/s"
    )
    print(f"machine speed: {machine_speed_ms():.0f} ms")


if __name__ == "__main__":
    main()
