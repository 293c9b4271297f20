"""The main navigation's menus for each role (web.navigation): every page a role may open
from the menus, once, and nothing of another role's."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from smartcustoms.identity.rules import Actor, Role
from smartcustoms.web.navigation import current_href, menus_for
from smartcustoms.web.portal import install


def actor(role: Role) -> Actor:
    return Actor(user_id=1, username="x", role=role, organisation_id=None)


def hrefs(role: Role) -> list[str]:
    return [link.href for menu in menus_for(actor(role)) for link in menu.links]


def test_nobody_signed_in_sees_no_menu() -> None:
    assert menus_for(None) == ()


@pytest.mark.parametrize("role", [Role.TRADER, Role.BROKER])
def test_trade_users_see_their_declarations_payments_border_and_licences(role: Role) -> None:
    assert hrefs(role) == [
        "/declarations",
        "/declarations/new",
        "/documents",
        "/payments",
        "/border/manifests",
        "/permits",
        "/hs",
        "/tariff",
    ]


def test_an_officer_sees_the_office_s_work_and_a_supervisor_also_dead_letters_and_audit() -> None:
    officer = hrefs(Role.OFFICER)
    assert officer == [
        "/worklist",
        "/risk/worklist/yellow",
        "/risk/worklist/red",
        "/risk/rules",
        "/risk/models",
        "/payments/office",
        "/border/holds",
        "/partners/messages",
        "/hs",
        "/tariff",
    ]
    assert hrefs(Role.SUPERVISOR) == [
        *officer[:8],
        "/notifications/dead-letters",
        "/audit",
        *officer[8:],
    ]


def test_an_agency_officer_and_an_administrator_see_their_own_pages() -> None:
    assert hrefs(Role.AGENCY_OFFICER) == ["/permits/queue", "/hs", "/tariff"]
    assert hrefs(Role.ADMIN)[:6] == [
        "/admin/users",
        "/admin/enterprises",
        "/admin/offices",
        "/admin/roles",
        "/notifications/dead-letters",
        "/audit",
    ]


@pytest.mark.parametrize("role", list(Role))
def test_every_menu_and_link_is_named_in_both_languages(role: Role) -> None:
    app = FastAPI()
    install(app)  # the portal's words: the shared ones and every domain's
    words: dict[str, tuple[str, str]] = app.state.renderer.catalog
    for menu in menus_for(actor(role)):
        for key in (menu.label, *(link.label for link in menu.links)):
            assert key in words, key
            english, vietnamese = words[key]
            assert english, key
            assert vietnamese != english, key


def test_the_current_page_is_the_longest_link_the_path_is_or_is_below() -> None:
    menus = menus_for(actor(Role.TRADER))
    assert current_href(menus, "/declarations/new") == "/declarations/new"
    assert current_href(menus, "/declarations/42") == "/declarations"
    assert current_href(menus, "/declarationsX") is None
    assert current_href(menus, "/account") is None
