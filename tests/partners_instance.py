"""One SmartCustoms instance in a process of its own, for the two-instance exchange test:
`python tests/partners_instance.py DATABASE_URL PORT COUNTRY KEY_FILE VAR_DIR`.

It binds the loopback port first and prints `listening PORT` once bound (connections wait in
the backlog until the server takes them), then serves the app on that socket, its clock
fixed at TEST_NOW as in the other tests. The database is prepared by the test.
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import uvicorn

sys.path.insert(0, str(Path(__file__).parent))

from smartcustoms.app import create_app
from smartcustoms.config import Settings
from smartcustoms.kit.clock import FixedClock
from support import TEST_NOW, TEST_SECRET_KEY


def main(database_url: str, port: int, country: str, key_file: str, var_dir: str) -> None:
    settings = Settings(
        database_url=database_url,
        var_dir=Path(var_dir),
        secret_key=TEST_SECRET_KEY,
        cookie_secure=False,
        partners_country=country,
        partners_signing_key_file=Path(key_file),
        partners_allow_http=True,
        outbound_allowed_networks="127.0.0.0/8",  # the partner instance on the loopback
    )
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(64)
    print(f"listening {sock.getsockname()[1]}", flush=True)
    app = create_app(settings, clock=FixedClock(TEST_NOW))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    server.run(sockets=[sock])


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5])
