"""The portal's main navigation: a few menus by area, each a list of pages, for the signed-in
user's role. base.html shows a menu of one page as a plain link, and a menu of several as a
disclosure menu (a button that shows or hides its links; static/menus.js), which without
script is a link to its first page whose list opens on hover or keyboard focus."""

from __future__ import annotations

from dataclasses import dataclass

from smartcustoms.identity.rules import Actor, Role


@dataclass(frozen=True)
class Link:
    label: str  # a key of the portal's catalogue
    href: str


@dataclass(frozen=True)
class Menu:
    key: str  # the menu's id in the page: "nav-<key>"
    label: str  # a key of the portal's catalogue
    links: tuple[Link, ...]

    @property
    def href(self) -> str:
        """Where the menu's name leads without script: its first page."""
        return self.links[0].href


LOOK_UP = Menu(
    "lookup",
    "nav_lookup",
    (Link("hs_search", "/hs"), Link("tariff", "/tariff")),
)

TRADE = (
    Menu(
        "declarations",
        "declarations",
        (
            Link("nav_declaration_list", "/declarations"),
            Link("new_declaration", "/declarations/new"),
            Link("documents", "/documents"),
        ),
    ),
    Menu("payments", "payments", (Link("payments", "/payments"),)),
    Menu("border", "border", (Link("border", "/border/manifests"),)),
    Menu("single-window", "nav_single_window", (Link("nsw_licences", "/permits"),)),
)

CUSTOMS = (
    Menu(
        "declarations",
        "declarations",
        (
            Link("worklist", "/worklist"),
            Link("nav_yellow", "/risk/worklist/yellow"),
            Link("nav_red", "/risk/worklist/red"),
        ),
    ),
    Menu(
        "risk",
        "nav_risk",
        (Link("risk_rules", "/risk/rules"), Link("risk_models", "/risk/models")),
    ),
    Menu("payments", "payments", (Link("payments", "/payments/office"),)),
    Menu("border", "border", (Link("border", "/border/holds"),)),
)

AGENCY = Menu("single-window", "nav_single_window", (Link("nsw_queue", "/permits/queue"),))

PARTNER_MESSAGES = Link("ptn_messages", "/partners/messages")
PARTNER_CUSTOMS = Link("nav_partner_customs", "/partners/messages")
DEAD_LETTERS = Link("ntf_dead_letters", "/notifications/dead-letters")
AUDIT_TRAIL = Link("aud_trail", "/audit")

ADMINISTRATION = Menu(
    "admin",
    "admin",
    (
        Link("admin_users", "/admin/users"),
        Link("admin_enterprises", "/admin/enterprises"),
        Link("admin_offices", "/admin/offices"),
        Link("admin_roles", "/admin/roles"),
        DEAD_LETTERS,
        AUDIT_TRAIL,
    ),
)


def menus_for(actor: Actor | None) -> tuple[Menu, ...]:
    """The menus the user sees, in display order (none signed out)."""
    if actor is None:
        return ()
    if actor.is_trade:
        return (*TRADE, LOOK_UP)
    if actor.is_customs:
        supervising = actor.role == Role.SUPERVISOR
        # An officer's one page of it, a link named short enough for the menus' line.
        exchange = (
            (PARTNER_MESSAGES, DEAD_LETTERS, AUDIT_TRAIL) if supervising else (PARTNER_CUSTOMS,)
        )
        return (*CUSTOMS, Menu("exchange", "nav_exchange", exchange), LOOK_UP)
    if actor.role == Role.AGENCY_OFFICER:
        return (AGENCY, LOOK_UP)
    if actor.role == Role.ADMIN:
        return (ADMINISTRATION, LOOK_UP)
    return (LOOK_UP,)


def current_href(menus: tuple[Menu, ...], path: str) -> str | None:
    """The link of the page shown, or of the page it belongs to (a declaration's page is
    under /declarations): the longest href the path is, or is below."""
    found = [
        link.href
        for menu in menus
        for link in menu.links
        if path == link.href or path.startswith(link.href.rstrip("/") + "/")
    ]
    return max(found, key=len, default=None)
