"""Portal form posts do their work off the event loop: a slow one holds up no other request."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient

from smartcustoms.identity import service as identity
from support import csrf

WAIT_SECONDS = 10.0  # a bound for a broken build, never reached when the page works


def test_a_slow_sign_in_does_not_hold_up_other_pages(
    app_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Password hashing is slow on purpose; the sign-in waits here until another page has
    been served, which can only happen if the sign-in is not blocking the event loop."""
    entered, other_page_served = threading.Event(), threading.Event()
    original = identity.authenticate

    def slow_authenticate(*args: Any, **kwargs: Any) -> Any:
        entered.set()
        other_page_served.wait(WAIT_SECONDS)
        return original(*args, **kwargs)

    monkeypatch.setattr(identity, "authenticate", slow_authenticate)
    token = csrf(app_client.get("/login").text)
    answers: dict[str, Any] = {}

    def sign_in() -> None:
        answers["sign-in"] = app_client.post(
            "/login",
            data={"username": "lan", "password": "wrong-password", "csrf_token": token},
        )

    def other_page() -> None:
        answers["other"] = app_client.get("/login")
        other_page_served.set()

    signing_in = threading.Thread(target=sign_in)
    signing_in.start()
    assert entered.wait(WAIT_SECONDS), "the sign-in never reached authentication"
    other = threading.Thread(target=other_page)
    other.start()
    other.join(WAIT_SECONDS)
    served_while_signing_in = not other.is_alive()
    other_page_served.set()  # let the sign-in finish whatever happened
    signing_in.join(WAIT_SECONDS)
    other.join(WAIT_SECONDS)

    assert served_while_signing_in, "another page waited for the sign-in: the loop was blocked"
    assert answers["other"].status_code == 200
    assert answers["sign-in"].status_code == 401
