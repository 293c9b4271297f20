"""A certified OpenID Provider that enforces PKCE (panva's `oidc-provider` on the machine's
Node.js), for the PKCE test: installed with npm into tests/.oidc-node/ at first use, started
per module on a loopback port. Without node or npm the test is skipped with the reason,
except in CI (CI=true), where that is a failure."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx2
import pytest

from support import free_port

HERE = Path(__file__).parent / "oidc_node"
INSTALLED = Path(__file__).parent / ".oidc-node"
CLIENT_ID = "smartcustoms-portal"
CLIENT_SECRET = "a-client-secret-for-tests-only"
REDIRECT_URI = "http://127.0.0.1:9/login/oidc/callback"  # never reached: the code is read


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required when CI=true)")
    pytest.skip(reason)


def _installed() -> Path:
    """tests/.oidc-node with the pinned oidc-provider, installed there once. Two xdist
    workers may both come here first: the install holds a file lock, and the check is made
    again under it, so one installs and the other finds it done."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        _unavailable("Node.js and npm are needed to run the PKCE-enforcing OpenID Provider")
    marker = INSTALLED / "node_modules" / "oidc-provider" / "package.json"
    if marker.exists():
        return INSTALLED
    INSTALLED.mkdir(exist_ok=True)
    with open(INSTALLED.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not marker.exists():
            for name in ("package.json", "package-lock.json"):  # the lock pins every package
                shutil.copy(HERE / name, INSTALLED / name)
            done = subprocess.run(
                [str(npm), "install", "--no-audit", "--no-fund", "--prefix", str(INSTALLED)],
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            if done.returncode != 0:
                _unavailable(f"npm could not install oidc-provider: {done.stderr[-500:]}")
    return INSTALLED


@dataclass
class Browser:
    """The provider's pages as a browser walks them: cookies kept by hand (the test's
    clock may be shifted ahead, and a cookie jar would then drop every cookie as expired)."""

    issuer: str
    cookies: dict[str, str] = field(default_factory=dict)

    def _go(self, method: str, url: str, data: dict[str, str] | None = None) -> httpx2.Response:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        answer = httpx2.request(
            method,
            urljoin(self.issuer, url),
            data=data,
            headers={"Cookie": cookie} if cookie else {},
            timeout=10,
            follow_redirects=False,
        )
        for raw in answer.headers.get_list("set-cookie"):
            name, _, rest = raw.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return answer

    def sign_in(self, authorization_url: str, sub: str) -> tuple[str, datetime]:
        """Sign in as `sub` (any password) and consent: the code the provider sends back,
        and the provider's own time then (its Date header)."""
        answer = self._go("GET", authorization_url)
        for _ in range(12):
            location = answer.headers.get("location")
            if location is not None and location.startswith(REDIRECT_URI):
                query = parse_qs(urlsplit(location).query)
                assert "code" in query, location
                return query["code"][0], parsedate_to_datetime(answer.headers["date"])
            if location is not None:
                answer = self._go("GET", location)
                continue
            assert answer.status_code == 200, answer.text
            form = re.search(r'<form[^>]*action="([^"]+)"', answer.text)
            assert form is not None, answer.text
            fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', answer.text))
            fields.update({"login": sub, "password": "any"})
            answer = self._go("POST", form.group(1), data=fields)
        raise AssertionError("the provider did not send the browser back")

    def refused(self, authorization_url: str) -> str:
        """The error the provider answers an authorization request with."""
        answer = self._go("GET", authorization_url)
        location = answer.headers.get("location", "")
        return parse_qs(urlsplit(location).query).get("error", [answer.text[:200]])[0]


@contextmanager
def running_node_provider() -> Iterator[str]:
    """The provider's issuer URL while it runs."""
    modules = _installed()
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    command = [
        "node",
        str(HERE / "provider.mjs"),
        str(port),
        CLIENT_ID,
        CLIENT_SECRET,
        REDIRECT_URI,
        str(modules),
    ]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdout=log, stderr=log)
        try:
            _wait_until_up(issuer, process, log)
            yield issuer
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def _wait_until_up(issuer: str, process: subprocess.Popen[bytes], log: IO[bytes]) -> None:
    waiting = threading.Event()
    for _ in range(300):  # bounded: about 15 s
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"the OpenID Provider exited: {log.read().decode()[-2000:]}")
        try:
            answer = httpx2.get(f"{issuer}/.well-known/openid-configuration", timeout=1)
            if answer.status_code == 200 and answer.json()["issuer"] == issuer:
                return
        except httpx2.HTTPError:
            pass
        waiting.wait(0.05)
    raise RuntimeError("the OpenID Provider did not start")
