"""The real server (uvicorn with the app factory) in its own process group, for a run."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2 as httpx  # the project's dev dependency (plain httpx has the same API)

from smartcustoms.demo import DEMO_PASSWORD

SERVER_START_SECONDS = 90.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(
    url: str,
    workdir: Path,
    *,
    workers: int,
    pool_size: int | None,
    threads: int | None,
    extra_env: dict[str, str] | None = None,
    port: int | None = None,
) -> Iterator[tuple[str, int]]:
    """uvicorn with the app factory in its own process group; stopped even on failure."""
    port = port or free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMARTCUSTOMS_")}
    env.update(
        {
            "SMARTCUSTOMS_DATABASE_URL": url,
            "SMARTCUSTOMS_VAR_DIR": str(workdir / "var"),
            "SMARTCUSTOMS_SECRET_KEY": secrets.token_hex(32),
        }
    )
    env.update(extra_env or {})
    if pool_size is not None:
        env["SMARTCUSTOMS_DB_POOL_SIZE"] = str(pool_size)
    if threads is not None:
        env["SMARTCUSTOMS_WORKER_THREADS"] = str(threads)
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "smartcustoms.app:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    log_path = workdir / "server.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_ready(server, base, log_path)
        yield base, server.pid
    finally:
        stop(server)


def wait_until_ready(server: subprocess.Popen[bytes], base: str, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    with httpx.Client(base_url=base, timeout=2.0) as client:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise RuntimeError(f"server exited ({server.returncode}):\n{tail(log_path)}")
            try:
                client.get("/api/v1/me")  # 401 without a token: the app answers
                return
            except httpx.TransportError:
                time.sleep(0.1)
    raise RuntimeError(f"server not ready after {SERVER_START_SECONDS:.0f}s:\n{tail(log_path)}")


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)  # uvicorn stops its workers, then itself
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)  # the group holds only this server
            server.wait(timeout=10)


def tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def get_token(base: str) -> str:
    with httpx.Client(base_url=base, timeout=30.0) as client:
        response = client.post(
            "/api/v1/auth/token", json={"username": "lan", "password": DEMO_PASSWORD}
        )
        response.raise_for_status()
        return str(response.json()["access_token"])
