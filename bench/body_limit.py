"""Peak memory of the real server when a 200 MB JSON body is sent to it, with and without the
request body limit (SMARTCUSTOMS_MAX_BODY_BYTES).

For each case a fresh server (uvicorn, one process, a scratch SQLite database on loopback)
receives one POST /api/v1/declarations/submit whose body is a 200 MB JSON document, streamed
in 1 MiB chunks, once with a Content-Length and once chunked. The figure is the server's peak
resident memory (VmHWM in /proc) before and after the request. "No limit" sets the limit to
1 GiB, which is how the platform behaved before it had one.

Run: .venv/bin/python bench/body_limit.py [MEGABYTES]
"""

from __future__ import annotations

import http.client
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from harness.server import free_port, stop, wait_until_ready

from smartcustoms.migrate import upgrade

CHUNK = 1024 * 1024
NO_LIMIT = 1024**3


@contextmanager
def server(workdir: Path, max_body_bytes: int) -> Iterator[tuple[int, int]]:
    """A uvicorn server with its own database and limit; (port, pid)."""
    url = f"sqlite:///{workdir / 'bench.db'}"
    upgrade(url)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMARTCUSTOMS_")}
    env.update(
        {
            "SMARTCUSTOMS_DATABASE_URL": url,
            "SMARTCUSTOMS_VAR_DIR": str(workdir / "var"),
            "SMARTCUSTOMS_SECRET_KEY": secrets.token_hex(32),
            "SMARTCUSTOMS_MAX_BODY_BYTES": str(max_body_bytes),
        }
    )
    command = [sys.executable, "-m", "uvicorn", "smartcustoms.app:create_app", "--factory"]
    command += ["--port", str(port), "--no-access-log", "--log-level", "warning"]
    log_path = workdir / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_until_ready(process, f"http://127.0.0.1:{port}", log_path)
        yield port, process.pid
    finally:
        stop(process)


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


def body(megabytes: int) -> Iterator[bytes]:
    yield b'{"foreign_party_name": "'
    chunk = b"x" * CHUNK
    for _ in range(megabytes):
        yield chunk
    yield b'"}'


def send(port: int, megabytes: int, *, chunked: bool) -> tuple[int, int, float]:
    """(status, bytes sent before the server answered or the body ended, seconds)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    started = time.perf_counter()
    connection.putrequest("POST", "/api/v1/declarations/submit")
    connection.putheader("Content-Type", "application/json")
    if chunked:
        connection.putheader("Transfer-Encoding", "chunked")
    else:
        connection.putheader("Content-Length", str(megabytes * CHUNK + 26))
    connection.endheaders()
    sent = 0
    try:
        for part in body(megabytes):
            connection.send(b"%x\r\n%s\r\n" % (len(part), part) if chunked else part)
            sent += len(part)
        if chunked:
            connection.send(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server answered and closed: the rest was never read
    status = connection.getresponse().status
    connection.close()
    return status, sent, time.perf_counter() - started


def main(megabytes: int = 200) -> None:
    print(f"POST /api/v1/declarations/submit with a {megabytes} MB JSON body; server peak RSS")
    for label, limit in (("no limit (1 GiB)", NO_LIMIT), ("default limit (1 MiB)", None)):
        for chunked in (False, True):
            with (
                tempfile.TemporaryDirectory() as scratch,
                server(Path(scratch), limit or 1024 * 1024) as (port, pid),
            ):
                before = peak_rss_mb(pid)
                status, sent, seconds = send(port, megabytes, chunked=chunked)
                after = peak_rss_mb(pid)
                framing = "chunked" if chunked else "Content-Length"
                print(
                    f"{label:22} {framing:15} -> {status}  peak RSS {before:6.0f} -> "
                    f"{after:6.0f} MB  ({sent / CHUNK:6.1f} MB sent, {seconds:5.1f} s)"
                )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
