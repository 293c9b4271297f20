"""A trader's state changes become typed notifications, one per outbox event, read from a
queue the client acknowledges and can replay for 90 days."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from notifications_support import codes_about, file, pull, worker_for
from smartcustoms.kit.clock import FixedClock
from smartcustoms.notifications import service
from smartcustoms.outbox import service as outbox
from support import Users


def test_a_filed_declaration_tells_its_trader_registered_and_its_channel(
    app_client: TestClient,
    users: Users,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
) -> None:
    lan = users.headers("lan")
    declaration = file(app_client, lan)["declaration"]
    assert pull(app_client, lan) == []  # nothing until the worker has run

    with worker_for(session_factory, clock) as worker:
        assert worker.run_pass().events > 0

    found = pull(app_client, lan)
    codes = codes_about(found, declaration["id"])
    assert "declaration_registered" in codes
    assert {"channel_selected", "documents_requested"} & set(codes)
    registered = next(n for n in found if n["code"] == "declaration_registered")
    assert registered["title"] == {"en": "Declaration registered", "vi": "Tờ khai đã được đăng ký"}
    assert registered["data"]["number"] == declaration["number"]
    assert len({n["event_id"] for n in found}) == len(found)
    # Bình's company is not told of Lan's declaration, and may not read her queue.
    assert codes_about(pull(app_client, users.headers("binh")), declaration["id"]) == []
    other = app_client.get(
        "/api/v1/notifications",
        params={"enterprise_id": registered["enterprise_id"]},
        headers=users.headers("binh"),
    )
    assert other.status_code == 404


def test_an_event_handled_again_makes_no_second_notification(
    app_client: TestClient, users: Users, session: Session, clock: FixedClock
) -> None:
    lan = users.headers("lan")
    declaration = file(app_client, lan)["declaration"]
    events = outbox.events_for(
        session, aggregate_type="declaration", aggregate_id=declaration["id"]
    )
    assert events

    first = service.make_notifications(session, events, at=clock.now())
    again = service.make_notifications(session, events, at=clock.now())

    assert "declaration_registered" in [n.code for n in first]
    assert again == []
    found = pull(app_client, lan)
    assert len([n for n in found if n["event_id"] in {e.id for e in events}]) == len(first)


def test_acknowledged_notifications_leave_the_queue_but_replay_for_90_days(
    app_client: TestClient,
    users: Users,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
) -> None:
    lan = users.headers("lan")
    file(app_client, lan)
    with worker_for(session_factory, clock) as worker:
        worker.run_pass()
    queued = pull(app_client, lan)
    assert queued
    ids = [n["id"] for n in queued]

    answer = app_client.post(
        "/api/v1/notifications/acknowledgements", json={"ids": ids}, headers=lan
    )
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"acknowledged": len(ids)}
    again = app_client.post(
        "/api/v1/notifications/acknowledgements", json={"ids": ids}, headers=lan
    )
    assert again.json() == {"acknowledged": 0}
    assert pull(app_client, lan) == []
    replayed = pull(app_client, lan, include_acknowledged="true")
    assert [n["id"] for n in replayed] == ids

    clock.advance(timedelta(days=91))
    lan = users.headers("lan")  # yesterday's token has expired
    assert pull(app_client, lan, include_acknowledged="true") == []


def test_a_broker_reads_the_queue_of_an_enterprise_it_acts_for(
    app_client: TestClient,
    users: Users,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
) -> None:
    declaration = file(app_client, users.headers("lan"))["declaration"]
    with worker_for(session_factory, clock) as worker:
        worker.run_pass()
    enterprise = users.actor("lan").organisation_id

    found = pull(app_client, users.headers("minh"), enterprise_id=enterprise)

    assert "declaration_registered" in codes_about(found, declaration["id"])


def test_the_payments_reminder_job_tells_the_trader_duty_due_as_a_notification_too(
    app_client: TestClient, users: Users
) -> None:
    lan = users.headers("lan")
    declaration = file(app_client, lan)["declaration"]

    ran = app_client.post("/api/v1/payments/reminders", headers=users.headers("hoa"))
    assert ran.status_code == 200, ran.text
    assert ran.json()["duty_due"] >= 1

    found = pull(app_client, lan)
    due = [n for n in found if n["code"] == "duty_due"]
    assert [n["data"]["chain_id"] for n in due] == [declaration["id"]]
    assert due[0]["title"]["vi"] == "Sắp đến hạn nộp thuế"
    # The registration's events were handled in the same pass: nothing is left behind.
    assert "declaration_registered" in codes_about(found, declaration["id"])
    # The payments domain's own list has it too (one event, two views of it).
    notices = app_client.get("/api/v1/payments/notifications", headers=lan).json()
    assert [n["kind"]["code"] for n in notices if n["declaration_id"] == declaration["id"]] == [
        "duty_due"
    ]
