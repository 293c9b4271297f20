"""Screenshots of the portal's main pages, in Vietnamese and English, at desktop and phone
width, into docs/screenshots/ (listed in docs/screenshots.md).

Run from the repository root: `.venv/bin/python scripts/screenshots.py [--out DIR]`. It
serves the platform on a loopback port with a scratch SQLite database holding what
`smartcustoms seed-demo` makes (reference data, the sample tariff, the demo people, Lan's
two declarations and her licence application in Thu's queue) and a few more licence
applications, so the agency's queue is a working one, the clock fixed on a demo day; files
one declaration as Lan (the demo import the tests file, smartcustoms.demo_payload), and
photographs each page in Debian's Chromium (/usr/bin/chromium) through Playwright.
All of it is SAMPLE data, not official law.
"""

from __future__ import annotations

import argparse
import socket
import tempfile
import threading
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import uvicorn
from playwright.sync_api import Page, ViewportSize, sync_playwright
from sqlalchemy.orm import Session, sessionmaker

from smartcustoms.adapters.storage import LocalBlobStorage
from smartcustoms.app import create_app
from smartcustoms.clearance import build_clearance
from smartcustoms.config import Settings
from smartcustoms.db import make_engine, transaction
from smartcustoms.demo import (
    DEMO_PASSWORD,
    ENTERPRISES_BY_KEY,
    demo_documents,
    seed,
    seed_declarations,
    seed_permit_application,
)
from smartcustoms.demo_payload import import_payload
from smartcustoms.identity import service as identity
from smartcustoms.identity.rules import Actor
from smartcustoms.kit.clock import FixedClock
from smartcustoms.migrate import upgrade
from smartcustoms.permits import service as permits
from smartcustoms.permits.rules import Action
from smartcustoms.reference.service import get_catalog, load_reference
from smartcustoms.registration import build_registration
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
# "open": the name of a menu shown opened (its button's aria-controls), or None.
PAGES: tuple[tuple[str, str | None, str, str | None], ...] = (
    ("login", None, "/login", None),
    ("declarations", "lan", "/declarations", "nav-declarations"),
    ("declaration-form", "lan", "/declarations/new", None),
    ("declaration-detail", "lan", "/declarations/{declaration}", None),
    ("tariff-search", "lan", "/tariff?q=dien+thoai", "nav-lookup"),
    ("broker-declarations", "minh", "/declarations", None),
    ("worklist", "hoa", "/worklist", "nav-risk"),
    ("risk-rules", "son", "/risk/rules", "nav-exchange"),
    ("permits-queue", "thu", "/permits/queue", None),
    ("admin-users", "admin", "/admin/users", "nav-admin"),
    ("admin-roles", "admin", "/admin/roles", None),
)
# More SAMPLE licence applications for Thu's queue (Plant Protection Department), beside
# the one `seed-demo` files for Lan: (filed by, enterprise key, goods, HS code, origin,
# quantity in kg, taken into review by Thu).
APPLICATIONS = (
    ("minh", "B", "Quýt tươi, thùng 10 kg (Fresh mandarins)", "08052100", "AU", 6000, True),
    ("binh", "B", "Xoài tươi Kent, khay 5 kg (Fresh mangoes)", "08045020", "US", 2400, False),
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(root: Path) -> tuple[uvicorn.Server, threading.Thread, str]:
    url = f"sqlite:///{root / 'screenshots.db'}"
    upgrade(url)
    settings = Settings(
        database_url=url,
        var_dir=root / "var",
        default_language="vi",
        secret_key="screenshots-" + "x" * 40,
        cookie_secure=False,
        # The pages are the subject, not the sign-in: the clock stands still on the demo
        # day, so a one-time code could not be given twice to sign the officers in again.
        second_factor_required_roles="",
    )
    engine = make_engine(url)
    storage = LocalBlobStorage(settings.documents_dir)
    with transaction(sessionmaker(bind=engine)) as session:
        load_reference(session)
        import_directory(session, SAMPLE_DIR, catalog=get_catalog(session), at=DEMO_DAY)
        seed(session, at=DEMO_DAY)
        seed_declarations(session, build_registration(settings), at=DEMO_DAY)
        seed_permit_application(session, storage, at=DEMO_DAY)
        seed_queue(session, storage, settings)
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


def _actor(session: Session, username: str) -> Actor:
    user = identity.find_user(session, username=username)
    if user is None:
        raise SystemExit(f"no demo user {username}")
    return identity.actor_for(session, user_id=user.id)


def seed_queue(session: Session, storage: LocalBlobStorage, settings: Settings) -> None:
    """The other applications of Thu's queue (APPLICATIONS), the first taken into review."""
    thu = _actor(session, "thu")
    for username, key, goods, hs_code, origin, kg, accepted in APPLICATIONS:
        trader = _actor(session, username)
        enterprise = identity.enterprise_by_tax_code(
            session, tax_code=ENTERPRISES_BY_KEY[key].tax_code
        )
        assert enterprise is not None
        application = permits.apply(
            session,
            actor=trader,
            enterprise_id=enterprise.id,
            procedure="plant_quarantine_import",
            hs_code=hs_code,
            goods=goods,
            origin_country=origin,
            quantity=Decimal(kg),
            unit="KGM",
            document_ids=demo_documents(session, storage, trader, enterprise.id, at=DEMO_DAY),
            seed="screenshots",
            at=DEMO_DAY,
        )
        if accepted:
            permits.act(
                session,
                actor=thu,
                application_id=application.id,
                action=Action.ACCEPT,
                clearance=build_clearance(settings),
                at=DEMO_DAY,
            )


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
        # Its own bill of lading and invoice: the seeded declarations have the demo's.
        data=import_payload(transport_document="HASLC01240012399", invoice_number="INV-2026-0044"),
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
            for name, username, path, menu in PAGES:
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
                    if menu is not None:
                        # One menu of the navigation shown open, as a click leaves it.
                        page.locator(f"button[aria-controls={menu}]").click()
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
