"""A real OpenID Connect provider process on a loopback port, for the single sign-on tests
(integration and browser): started per module, stopped after it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import parse_qs, urlsplit

import httpx2

from support import TEST_NOW, free_port

LAUNCHER = Path(__file__).parent / "oidc_provider.py"
CLIENT_ID = "smartcustoms-portal"
CLIENT_SECRET = "a-client-secret-for-tests"  # the provider accepts any secret for any client


@dataclass
class Provider:
    issuer: str

    def set_person(self, sub: str, **claims: object) -> None:
        """What the provider vouches for when `sub` signs in (PUT /users/{sub})."""
        answer = httpx2.put(f"{self.issuer}/users/{sub}", json=claims, timeout=10)
        assert answer.status_code == 204, answer.text

    def authorize(self, authorization_url: str, sub: str) -> str:
        """The person `sub` signs in at the provider's page (its form, posted as a browser
        would): the provider's redirect back, with the code and our state."""
        answer = httpx2.post(authorization_url, data={"sub": sub}, timeout=10)
        assert answer.status_code == 302, answer.text
        return str(answer.headers["location"])

    def deny(self, authorization_url: str) -> str:
        answer = httpx2.post(authorization_url, data={"action": "deny"}, timeout=10)
        assert answer.status_code == 302, answer.text
        return str(answer.headers["location"])


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


@contextmanager
def running_provider() -> Iterator[Provider]:
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    command = [
        sys.executable,
        str(LAUNCHER),
        "--at",
        TEST_NOW.isoformat(),
        "--",
        "--port",
        str(port),
        "--require-nonce",
        "--token-max-age",
        "600",
    ]
    # Its log goes to a file: a pipe nobody reads would fill and stall it.
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdout=log, stderr=log, env=_env())
        try:
            _wait_until_up(issuer, process, log)
            yield Provider(issuer)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMARTCUSTOMS_TEST_CLOCK")}
    env["NO_COLOR"] = "1"
    return env


def _wait_until_up(issuer: str, process: subprocess.Popen[bytes], log: IO[bytes]) -> None:
    waiting = threading.Event()
    for _ in range(300):  # bounded: about 15 s
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"the OIDC provider exited: {log.read().decode()[-2000:]}")
        try:
            answer = httpx2.get(f"{issuer}/.well-known/openid-configuration", timeout=1)
            if answer.status_code == 200 and json.loads(answer.text)["issuer"] == issuer:
                return
        except httpx2.HTTPError:
            pass
        waiting.wait(0.05)
    raise RuntimeError("the OIDC provider did not start")
