"""The portal's main pages, by who sees them: the accessibility check and the phone-width
check visit each of them in both languages."""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import APIRequestContext, Page

from e2e_support import headers, post, sign_in
from support import import_payload


@dataclass(frozen=True)
class MainPage:
    name: str
    username: str | None  # None: signed out
    path: str  # "{declaration}" is filled in with a filed declaration's id


MAIN_PAGES = (
    MainPage("login", None, "/login"),
    MainPage("declarations", "lan", "/declarations"),
    MainPage("declaration-form", "lan", "/declarations/new"),
    MainPage("declaration-detail", "lan", "/declarations/{declaration}"),
    MainPage("tariff-search", "lan", "/tariff?q=dien+thoai"),
    MainPage("hs-search", "lan", "/hs?q=laptop"),
    MainPage("worklist", "hoa", "/worklist"),
    MainPage("worklist-yellow", "hoa", "/risk/worklist/yellow"),
    MainPage("partner-messages", "hoa", "/partners/messages"),
    MainPage("officer-detail", "hoa", "/declarations/{declaration}"),
    MainPage("admin-users", "admin", "/admin/users"),
    MainPage("admin-user", "admin", "/admin/users/1"),
    MainPage("admin-enterprises", "admin", "/admin/enterprises"),
    MainPage("admin-offices", "admin", "/admin/offices"),
    MainPage("admin-roles", "admin", "/admin/roles"),
)


def filed_declaration(api: APIRequestContext, base: str) -> int:
    """A declaration Lan filed (registered at 03CC), for the detail pages."""
    filed = post(
        api, f"{base}/api/v1/declarations/submit", headers(api, base, "lan"), import_payload()
    )
    return int(filed["declaration"]["id"])


def visit(
    page: Page, base: str, main: MainPage, lang: str, declaration: int, who: list[str]
) -> None:
    """Open the page as its user (signing in or out when the user changes), in `lang`."""
    wanted = main.username or ""
    if who[0] != wanted:
        page.context.clear_cookies()
        if main.username is not None:
            sign_in(page, base, main.username)
        who[0] = wanted
    path = main.path.format(declaration=declaration)
    joiner = "&" if "?" in path else "?"
    answer = page.goto(f"{base}{path}{joiner}lang={lang}")
    assert answer is not None, main.name
    assert answer.ok, f"{main.name}: {answer.status}"
