"""Every request body has a ceiling, enforced before the body is read whole."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import anyio
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import ASGIApp, Message

from smartcustoms.app import create_app
from smartcustoms.config import Settings
from smartcustoms.declarations.content import MAX_ITEMS
from smartcustoms.declarations.schemas import DeclarationWrite
from smartcustoms.kit.clock import FixedClock
from support import Users, import_payload

CHUNK = 64 * 1024
TWO_HUNDRED_MB = 200 * 1024 * 1024
PDF = b"%PDF-1.7\n" + b"0" * 60_000 + b"\n%%EOF\n"


class Sent:
    """What an ASGI app answered, and how many body chunks it asked for."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.chunks_read = 0

    @property
    def status(self) -> int:
        return int(self.messages[0]["status"])

    @property
    def headers(self) -> dict[str, str]:
        return {k.decode(): v.decode() for k, v in self.messages[0]["headers"]}

    @property
    def body(self) -> Any:
        return json.loads(b"".join(m.get("body", b"") for m in self.messages[1:]))


def post_streamed(
    app: ASGIApp, path: str, headers: dict[str, str], chunks: Iterator[bytes]
) -> Sent:
    """POST a body chunk by chunk straight to the ASGI app, as a server streams one."""
    sent = Sent()

    async def receive() -> Message:
        chunk = next(chunks, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        sent.chunks_read += 1
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: Message) -> None:
        sent.messages.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    # A thread of its own: a test before this one may have left an event loop in this one.
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(anyio.run, app, scope, receive, send).result()
    return sent


def two_hundred_megabytes() -> Iterator[bytes]:
    chunk = b" " * CHUNK
    yield b'{"foreign_party_name": "'
    for _ in range(TWO_HUNDRED_MB // CHUNK):
        yield chunk


def test_a_body_declared_larger_than_the_limit_is_refused_unread(
    app_client: TestClient, users: Users, settings: Settings
) -> None:
    headers = {
        **users.headers("lan"),
        "Content-Type": "application/json",
        "Content-Length": str(TWO_HUNDRED_MB),
        "Accept-Language": "vi",
    }
    sent = post_streamed(
        app_client.app, "/api/v1/declarations/submit", headers, two_hundred_megabytes()
    )
    assert sent.status == 413
    assert sent.chunks_read == 0
    assert sent.headers["content-type"] == "application/problem+json"
    problem = sent.body
    assert problem["code"] == "content_too_large"
    assert problem["limit_bytes"] == settings.max_body_bytes
    assert problem["detail"].startswith("Nội dung yêu cầu lớn hơn giới hạn 1.048.576 byte")


def test_a_chunked_body_is_refused_at_the_first_chunk_past_the_limit(
    app_client: TestClient, users: Users, settings: Settings
) -> None:
    headers = {**users.headers("lan"), "Content-Type": "application/json"}
    sent = post_streamed(
        app_client.app, "/api/v1/declarations/submit", headers, two_hundred_megabytes()
    )
    assert sent.status == 413, sent.messages
    assert sent.body["code"] == "content_too_large"
    assert sent.body["detail"] == "The request body is larger than the limit of 1,048,576 bytes."
    # The opening 24 bytes and 16 chunks of 64 KiB, which pass the limit; not 3,201 chunks.
    assert sent.chunks_read == 1 + settings.max_body_bytes // CHUNK


@pytest.mark.release_held  # "registered": filed, and not cleared at once
def test_a_body_of_exactly_the_limit_is_filed_and_one_byte_more_is_refused(
    app_client: TestClient, users: Users, settings: Settings
) -> None:
    lan = {**users.headers("lan"), "Content-Type": "application/json"}
    body = json.dumps(import_payload()).encode()
    padded = body + b" " * (settings.max_body_bytes - len(body))
    filed = app_client.post("/api/v1/declarations/submit", content=padded, headers=lan)
    assert filed.status_code == 201, filed.text
    assert filed.json()["declaration"]["status"] == "registered"
    refused = app_client.post("/api/v1/declarations/submit", content=padded + b" ", headers=lan)
    assert refused.status_code == 413
    assert refused.headers["content-type"] == "application/problem+json"


def test_uploads_keep_their_own_larger_limit(
    settings: Settings, session_factory: sessionmaker[Session], clock: FixedClock, users: Users
) -> None:
    small_bodies = settings.model_copy(update={"max_body_bytes": 16 * 1024})
    app = create_app(small_bodies, session_factory=session_factory, clock=clock)
    lan = users.headers("lan")
    with TestClient(app) as client:
        uploaded = client.post(
            "/api/v1/documents",
            files={"file": ("invoice.pdf", PDF, "application/pdf")},
            data={"doc_type": "invoice"},
            headers=lan,
        )
        assert uploaded.status_code == 201, uploaded.text
        too_large = client.post(
            "/api/v1/declarations",
            json=import_payload(foreign_party_address="x" * 17 * 1024),
            headers=lan,
        )
        assert too_large.status_code == 413
        oversize_upload = client.post(
            "/api/v1/documents",
            files={"file": ("big.pdf", b"%PDF-" + b"0" * (200 * 1024), "application/pdf")},
            headers=lan,
        )
        assert oversize_upload.status_code == 413
        assert oversize_upload.json()["code"] == "content_too_large"


def test_a_portal_form_over_the_limit_gets_the_portal_error_page(app_client: TestClient) -> None:
    response = app_client.post(
        "/login",
        content=b"username=" + b"x" * (1024 * 1024),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/html")


def largest_legal_declaration(char: str) -> dict[str, Any]:
    """50 goods items, every field at its longest: text fields full of `char`."""
    schema = DeclarationWrite.model_json_schema()

    def filled(properties: dict[str, Any]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, prop in properties.items():
            options = prop.get("anyOf", [prop])
            longest = max((o.get("maxLength", 0) for o in options), default=0)
            kinds = {o.get("type") for o in options} | {o.get("format") for o in options}
            if name in ("items", "document_ids"):
                continue
            if "date" in kinds:
                values[name] = "2026-12-31"
            elif longest and "number" not in kinds:
                values[name] = char * longest
            elif "integer" in kinds:
                values[name] = -(10**9) if name == "packages" else 2**31 - 1
            else:  # an amount: 14 digits and 4 decimals at most
                values[name] = "-9999999999999.9999"
        return values

    body = filled(schema["properties"])
    item = filled(schema["$defs"]["ItemWrite"]["properties"])
    return {**body, "items": [item] * MAX_ITEMS, "document_ids": [2**31 - 1] * 100}


def test_the_largest_legal_declaration_fits_the_limit_twice_over(
    app_client: TestClient, users: Users, settings: Settings
) -> None:
    # Every character astral and escaped as a surrogate pair: 12 bytes each, the worst case.
    worst = json.dumps(largest_legal_declaration("\U0001f600"), indent=2).encode()
    assert 2 * len(worst) < settings.max_body_bytes, len(worst)
    response = app_client.post(
        "/api/v1/declarations/submit",
        content=worst,
        headers={**users.headers("lan"), "Content-Type": "application/json"},
    )
    assert response.status_code != 413
