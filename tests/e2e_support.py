"""Browser steps the journeys share: tokens and calls through the browser's API context,
signing in, paying online through the sandbox bank."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import APIRequestContext, Page, expect

from smartcustoms.demo import DEMO_PASSWORD

REFERENCE = re.compile(r"^SCP[0-9A-Z]{12}$")  # the platform's payment reference


def headers(api: APIRequestContext, base: str, username: str) -> dict[str, str]:
    answer = api.post(
        f"{base}/api/v1/auth/token", data={"username": username, "password": DEMO_PASSWORD}
    )
    assert answer.ok, answer.text()
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def post(api: APIRequestContext, url: str, who: dict[str, str], body: Any = None) -> Any:
    answer = api.post(url, headers=who, data=body if body is not None else {})
    assert answer.ok, answer.text()
    return answer.json()


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login?lang=en")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")


def pay_in_the_sandbox(page: Page, base: str, declaration_id: int) -> None:
    """From "What I owe", pay a declaration online: the bank's page, Confirm, and back to
    the platform's order page until the bank's callback has booked it."""
    page.goto(f"{base}/payments?lang=en")
    section = page.locator(f"section.card:has(a[href='/declarations/{declaration_id}'])")
    section.locator("button.pay-online").click()
    expect(page.locator("[data-testid=reference]")).to_have_text(REFERENCE)
    page.locator("button.primary").click()  # the bank's Confirm
    # Back on the platform: the order page asks again until the callback has arrived.
    expect(page.locator("#status")).to_have_text("paid", timeout=15_000)
