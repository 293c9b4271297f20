"""Notifications pushed to the enterprise's callback URL (a real HTTP receiver on loopback):
signed over the body with a timestamp, retried with backoff, dead after 14 days, replayed
by an operator from the dead-letter list."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from bank_support import receiving
from notifications_support import file, register, worker_for
from smartcustoms.kit.clock import FixedClock
from smartcustoms.kit.signatures import SignatureInvalid
from smartcustoms.notifications.rules import ID_HEADER, SIGNATURE_HEADER, verify
from support import Users


def test_each_notification_arrives_signed_with_the_enterprise_secret(
    app_client: TestClient,
    users: Users,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
) -> None:
    lan = users.headers("lan")
    with receiving() as receiver, worker_for(session_factory, clock) as worker:
        secret = register(app_client, lan, receiver.url)
        declaration = file(app_client, lan)["declaration"]

        done = worker.run_pass()

        assert done.push.delivered >= 2
        assert done.push.failed == 0
        arrivals = [receiver.next() for _ in range(done.push.delivered)]
        assert receiver.nothing_more()
    bodies = [json.loads(a.body) for a in arrivals]
    assert "declaration_registered" in [
        b["code"] for b in bodies if b["declaration_id"] == declaration["id"]
    ]
    for arrival, body in zip(arrivals, bodies, strict=True):
        headers = {k.lower(): v for k, v in arrival.headers.items()}
        assert headers[ID_HEADER.lower()] == str(body["id"])
        signed = headers[SIGNATURE_HEADER.lower()]
        assert verify(secret, header=signed, body=arrival.body, now=clock.now())
        with pytest.raises(SignatureInvalid):  # another key, or a changed body, fails
            verify("whsec_other", header=signed, body=arrival.body, now=clock.now())
        with pytest.raises(SignatureInvalid):
            verify(secret, header=signed, body=arrival.body + b" ", now=clock.now())
    # What was pushed is what the queue holds.
    pulled = app_client.get("/api/v1/notifications", headers=lan).json()
    assert sorted(b["id"] for b in bodies) == sorted(n["id"] for n in pulled)


def test_a_receiver_that_is_down_is_retried_with_backoff_then_dead_lettered_and_replayed(
    app_client: TestClient,
    users: Users,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
) -> None:
    lan = users.headers("lan")
    with receiving() as receiver, worker_for(session_factory, clock) as worker:
        register(app_client, lan, receiver.url)
        file(app_client, lan)
        worker.dispatch()
        due = len(app_client.get("/api/v1/notifications", headers=lan).json())
        for _ in range(due):
            receiver.answers.put(503)

        first = worker.push()
        assert (first.delivered, first.failed, first.dead) == (0, due, 0)
        assert worker.push().failed == 0  # nothing due before the first retry (a minute)
        clock.advance(timedelta(minutes=1))
        for _ in range(due):
            receiver.answers.put(503)
        assert worker.push().failed == due
        clock.advance(timedelta(minutes=1))
        assert worker.push().failed == 0  # the second retry waits two minutes
        clock.advance(timedelta(minutes=1))
        # Down for the rest of the 14 days: every retry refused (not reached at all).
        receiver_url = receiver.url
    dead = 0
    with worker_for(session_factory, clock) as worker:
        for _ in range(400):
            clock.advance(timedelta(hours=1))
            dead += worker.push().dead
            if dead == due:
                break
    assert dead == due

    son = users.headers("son")
    letters = app_client.get("/api/v1/notifications/dead-letters", headers=son)
    assert letters.status_code == 200, letters.text
    assert letters.json()["total"] == due
    item = letters.json()["items"][0]
    assert item["delivery"]["state"] == "dead"
    assert item["delivery"]["url"] == receiver_url
    assert item["delivery"]["last_error"]
    lan = users.headers("lan")  # a fresh sign-in: two weeks have passed
    assert app_client.get("/api/v1/notifications/dead-letters", headers=lan).status_code == 403

    with receiving() as receiver, worker_for(session_factory, clock) as worker:
        register(app_client, users.headers("lan"), receiver.url)  # back, at a new address
        replayed = app_client.post(
            f"/api/v1/notifications/dead-letters/{item['delivery']['id']}/replay", headers=son
        )
        assert replayed.status_code == 202, replayed.text
        assert worker.push().delivered == 1
        assert json.loads(receiver.next().body)["id"] == item["notification"]["id"]
    again = app_client.post(
        f"/api/v1/notifications/dead-letters/{item['delivery']['id']}/replay", headers=son
    )
    assert again.status_code == 409
    assert app_client.get("/api/v1/notifications/dead-letters", headers=son).json()["total"] == (
        due - 1
    )


def test_a_trader_has_a_notification_pushed_again_within_90_days_only(
    app_client: TestClient,
    users: Users,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
) -> None:
    lan = users.headers("lan")
    with receiving() as receiver, worker_for(session_factory, clock) as worker:
        register(app_client, lan, receiver.url)
        file(app_client, lan)
        pushed = worker.run_pass().push.delivered
        first = json.loads(receiver.next().body)
        for _ in range(pushed - 1):
            receiver.next()

        answer = app_client.post(f"/api/v1/notifications/{first['id']}/redeliveries", headers=lan)
        assert answer.status_code == 202, answer.text
        assert worker.push().delivered == 1
        assert json.loads(receiver.next().body) == first  # the same notification, same body

    clock.advance(timedelta(days=91))
    late = app_client.post(
        f"/api/v1/notifications/{first['id']}/redeliveries", headers=users.headers("lan")
    )
    assert late.status_code == 422
    assert late.json()["code"] == "rule_violated"
    assert "90" in late.json()["detail"]


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/x", "https://user:pw@example.com/x", "not a url", "https://"],
)
def test_a_callback_url_that_is_not_http_is_refused(
    app_client: TestClient, users: Users, url: str
) -> None:
    answer = app_client.put(
        "/api/v1/notifications/endpoint", json={"url": url}, headers=users.headers("lan")
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["path"] == "url"


def test_only_the_enterprise_own_trader_sets_its_callback_url(
    app_client: TestClient, users: Users
) -> None:
    enterprise = users.actor("lan").organisation_id
    answer = app_client.put(
        "/api/v1/notifications/endpoint",
        json={"url": "https://example.com/hook", "enterprise_id": enterprise},
        headers=users.headers("minh"),
    )
    assert answer.status_code == 403, answer.text
