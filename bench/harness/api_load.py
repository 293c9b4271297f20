"""Declarations filed through the HTTP API by clients with one keep-alive connection each,
in one request (file and submit) or two (draft, then submit)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time

from harness.cpu import CpuWatch
from harness.measure import Run, Tickets, stop_if_interrupted
from harness.payloads import payload

ONE, TWO = "one request", "two requests"


class Http11:
    """One keep-alive HTTP/1.1 connection sending prepared requests, as wrk does: the bytes of
    a request are joined once and the answer is read by its Content-Length. A general
    client (aiohttp) took about 0.7 ms of CPU per declaration on the cores the server needs.
    """

    def __init__(self, host: str, port: int, token: str) -> None:
        self.host, self.port = host, port
        self.head = (
            f"Host: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
            "Content-Type: application/json\r\nConnection: keep-alive\r\n"
        ).encode()
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes) -> tuple[int, str]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(
            b"POST %s HTTP/1.1\r\n%sContent-Length: %d\r\n\r\n%s"
            % (path.encode(), self.head, len(body), body)
        )
        head = await asyncio.wait_for(self.reader.readuntil(b"\r\n\r\n"), timeout=30.0)
        status_line, _, fields = head.partition(b"\r\n")
        length = 0
        for field_line in fields.split(b"\r\n"):
            name, _, value = field_line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        answer = await asyncio.wait_for(self.reader.readexactly(length), timeout=30.0)
        return int(status_line.split(b" ", 2)[1]), answer.decode()

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def api_client(
    base: str, token: str, flow: str, work: Tickets, run: Run, bodies: dict[int, bytes]
) -> None:
    host, _, port = base.removeprefix("http://").partition(":")
    client = Http11(host, int(port), token)
    try:
        while (index := work.take()) is not None:
            body = bodies[index]
            started = time.perf_counter()
            try:
                if flow == ONE:
                    ok = await file_in_one(client, body, run)
                else:
                    ok = await file_in_two(client, body, run, started)
            except (OSError, asyncio.IncompleteReadError, TimeoutError) as error:
                run.fail(f"transport {type(error).__name__}", repr(error))
                client.close()
                client = Http11(host, int(port), token)
                continue
            if ok:
                run.done += 1
                run.latencies.append(time.perf_counter() - started)
    finally:
        client.close()


async def file_in_one(client: Http11, body: bytes, run: Run) -> bool:
    status, text = await client.post("/api/v1/declarations/submit", body)
    if status != 201 or registered_status(text) not in REGISTERED:
        run.fail(f"file {status} {registered_status(text)}", text)
        return False
    return True


async def file_in_two(client: Http11, body: bytes, run: Run, started: float) -> bool:
    status, text = await client.post("/api/v1/declarations", body)
    if status != 201:
        run.fail(f"create {status}", text)
        return False
    created_at = time.perf_counter()
    run.request_latencies["create"].append(created_at - started)
    declaration_id = json.loads(text)["id"]
    status, text = await client.post(f"/api/v1/declarations/{declaration_id}/submit", b"")
    if status != 200 or registered_status(text) not in REGISTERED:
        run.fail(f"submit {status} {registered_status(text)}", text)
        return False
    run.request_latencies["submit"].append(time.perf_counter() - created_at)
    return True


# A green declaration whose clearance conditions are met is cleared as it registers.
REGISTERED = ("registered", "cleared")


def registered_status(text: str) -> str | None:
    """The declaration's status in a submit answer, or None when the body is not one."""
    try:
        status = json.loads(text)["declaration"]["status"]
    except (ValueError, KeyError, TypeError):
        return None
    return str(status)


def through_api(
    base: str,
    token: str,
    flow: str,
    *,
    start: int,
    n: int,
    clients: int,
    seconds: float,
    watch: CpuWatch,
) -> Run:
    run = Run(request_latencies={"create": [], "submit": []} if flow == TWO else {})
    work = Tickets(start, n, seconds)
    # Bodies are made before the clock starts, as a load generator such as wrk sends
    # prepared requests: the cores this script shares with the server go to the server.
    today = dt.date.today()
    bodies = {i: json.dumps(payload(i, today)).encode() for i in range(start, start + n)}

    async def load() -> None:
        await asyncio.gather(
            *(api_client(base, token, flow, work, run, bodies) for _ in range(clients))
        )

    with watch:
        started = time.perf_counter()
        asyncio.run(load())
        run.seconds = time.perf_counter() - started
    run.cpu = watch
    stop_if_interrupted()
    return run
