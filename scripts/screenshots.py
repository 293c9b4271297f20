"""Screenshots of the portal's main pages, in Vietnamese and English, at desktop and phone
width, into docs/screenshots/ (listed in docs/screenshots.md).

Run from the repository root: `.venv/bin/python scripts/screenshots.py [--out DIR]`. It
serves the platform on a loopback port with a scratch SQLite database (reference data, the
sample tariff and the demo people, the clock fixed on a demo day), files one declaration as
Lan, and photographs each page in Debian's Chromium (/usr/bin/chromium) through Playwright.
"""

from __future__ import annotations

import argparse
import socket
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import uvicorn
from playwright.sync_api import Page, ViewportSize, sync_playwright
from sqlalchemy.orm import sessionmaker

from smartcustoms.app import create_app
from smartcustoms.config import Settings
from smartcustoms.db import make_engine, transaction
from smartcustoms.demo import DEMO_PASSWORD, seed
from smartcustoms.kit.clock import FixedClock
from smartcustoms.migrate import upgrade
from smartcustoms.reference.service import get_catalog, load_reference
from smartcustoms.tariff.importer import SAMPLE_DIR
from smartcustoms.tariff.service import import_directory

ROOT = Path(__file__).resolve().parents[1]
DEMO_DAY = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
CHROMIUM = "/usr/bin/chromium"
SIZES: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 800},
    "phone": {"width": 375, "height": 740},
}
# (file name, user, path); "{declaration}" is the declaration Lan files first.
PAGES = (
    ("login", None, "/login"),
    ("declarations", "lan", "/declarations"),
    ("declaration-form", "lan", "/declarations/new"),
    ("declaration-detail", "lan", "/declarations/{declaration}"),
    ("tariff-search", "lan", "/tariff?q=dien+thoai"),
    ("worklist", "hoa", "/worklist"),
    ("admin-users", "admin", "/admin/users"),
    ("admin-roles", "admin", "/admin/roles"),
)
PAYLOAD: dict[str, Any] = {
    "type_code": "A11",
    "office_code": "03CC",
    "foreign_party_name": "Shenzhen Bright Electronics Co., Ltd",
    "foreign_party_country": "CN",
    "country_of_export": "CN",
    "transport_mode": "1",
    "transport_means": "MV HAIAN PARK",
    "transport_document": "HASLC01240012345",
    "port_of_loading": "CNSZX",
    "port_of_discharge": "VNHPH",
    "arrival_date": "2026-11-20",
    "invoice_number": "INV-2026-0042",
    "invoice_date": "2026-11-10",
    "invoice_currency": "USD",
    "invoice_amount": "12500.00",
    "incoterms": "FOB",
    "freight": "350.00",
    "insurance": "25.00",
    "packages": 40,
    "gross_weight": "820.5",
    "items": [
        {
            "hs_code": "85171300",
            "description": "Smartphones, 6.1 inch, 128 GB",
            "origin_country": "CN",
            "quantity": "50",
            "unit": "H87",
            "unit_price": "200.00",
            "invoice_value": "10000.00",
            "net_weight": "12.5",
        },
        {
            "hs_code": "61091010",
            "description": "Cotton T-shirts, knitted",
            "origin_country": "CN",
            "quantity": "1000",
            "unit": "H87",
            "unit_price": "2.50",
            "invoice_value": "2500.00",
            "net_weight": "180",
        },
    ],
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(root: Path) -> tuple[uvicorn.Server, threading.Thread, str]:
    url = f"sqlite:///{root / 'screenshots.db'}"
    upgrade(url)
    engine = make_engine(url)
    with transaction(sessionmaker(bind=engine)) as session:
        load_reference(session)
        import_directory(session, SAMPLE_DIR, catalog=get_catalog(session), at=DEMO_DAY)
        seed(session, at=DEMO_DAY)
    settings = Settings(
        database_url=url,
        var_dir=root / "var",
        default_language="vi",
        secret_key="screenshots-" + "x" * 40,
        cookie_secure=False,
    )
    port = _free_port()
    app = create_app(settings, clock=FixedClock(DEMO_DAY))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    if not server.started:
        raise SystemExit("the portal did not start")
    return server, thread, f"http://127.0.0.1:{port}"


def sign_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def file_declaration(page: Page, base: str) -> int:
    token = page.request.post(
        f"{base}/api/v1/auth/token", data={"username": "lan", "password": DEMO_PASSWORD}
    ).json()["access_token"]
    answer = page.request.post(
        f"{base}/api/v1/declarations/submit",
        headers={"Authorization": f"Bearer {token}"},
        data=PAYLOAD,
    )
    if not answer.ok:
        raise SystemExit(f"filing failed: {answer.text()}")
    return int(answer.json()["declaration"]["id"])


def photograph(base: str, out: Path) -> list[Path]:
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for size_name, size in SIZES.items():
            page = browser.new_page(viewport=size)
            declaration = file_declaration(page, base)
            user: str | None = "?"
            for name, username, path in PAGES:
                if username != user:
                    if username is None:
                        page.context.clear_cookies()
                    else:
                        sign_in(page, base, username)
                    user = username
                for lang in ("vi", "en"):
                    target = path.format(declaration=declaration)
                    joiner = "&" if "?" in target else "?"
                    page.goto(f"{base}{target}{joiner}lang={lang}")
                    shot = out / f"{name}-{lang}-{size_name}.png"
                    # A phone shows the first screen, as a user sees it; a desktop the page.
                    page.screenshot(path=str(shot), full_page=size_name == "desktop")
                    written.append(shot)
            page.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        server, thread, base = serve(Path(scratch))
        try:
            written = photograph(base, args.out)
        finally:
            server.should_exit = True
            thread.join(timeout=10)
    for shot in written:
        print(shot.relative_to(ROOT) if shot.is_relative_to(ROOT) else shot)


if __name__ == "__main__":
    main()
