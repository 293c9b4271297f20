"""The policy table on the portal: every page that needs sign-in (GET, its path filled in
with enterprise A's declaration) is refused to a role the table gives no reach for its
action (403, naming the action), and sends someone not signed in to sign in."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from border_support import machine_user
from policy_support import PUBLIC, actions_of, name_of, routes_of
from smartcustoms.identity.policy import ACTIONS, Reach, reach_of
from smartcustoms.identity.rules import Role
from support import TEST_NOW, Database, Users, import_payload, sign_in

PEOPLE = {
    Role.TRADER: "lan",
    Role.BROKER: "minh",
    Role.OFFICER: "hoa",
    Role.SUPERVISOR: "son",
    Role.AGENCY_OFFICER: "thu",
    Role.ADMIN: "admin",
    Role.GATE_SYSTEM: "gate.pages",
}


@pytest.mark.slow
def test_every_page_is_refused_to_the_roles_the_table_leaves_out(
    app_client: TestClient,
    users: Users,
    session: Session,
    session_factory: sessionmaker[Session],
    database: Database,
) -> None:
    if database.backend != "sqlite":
        pytest.skip("one app, one database: the table's gates read no table")
    machine_user(session, "gate.pages", TEST_NOW)
    draft = app_client.post(
        "/api/v1/declarations", json=import_payload(), headers=users.headers("lan")
    )
    assert draft.status_code == 201, draft.text
    filled = {"declaration_id": str(draft.json()["id"]), "fmt": "csv", "channel": "yellow"}
    pages = []
    for routed in routes_of(app_client.app):  # type: ignore[arg-type]
        route = routed.route
        if route.include_in_schema or "GET" not in routed.methods or name_of(route) in PUBLIC:
            continue
        names = re.findall(r"{(\w+)(?::\w+)?}", routed.path)
        if any(n not in filled for n in names):
            continue
        url = re.sub(r"{(\w+)(?::\w+)?}", lambda m: filled[m.group(1)], routed.path)
        (action,) = set(actions_of(route.dependant))
        pages.append((url, action))
    assert len(pages) > 40, pages

    connection = session_factory.kw["bind"]
    wrong = []
    for url, _action in pages:
        anonymous = app_client.get(url, follow_redirects=False)
        if anonymous.status_code != 303 or "/login" not in anonymous.headers["location"]:
            wrong.append(f"{url} not signed in: {anonymous.status_code}")
    for role, username in PEOPLE.items():
        sign_in(app_client, username)
        app_client.cookies.set("lang", "en")
        for url, action in pages:
            savepoint = connection.begin_nested()
            try:
                answer = app_client.get(url, follow_redirects=False)
            finally:
                savepoint.rollback()
            named = ACTIONS[action].label_en in html.unescape(answer.text)
            refused = answer.status_code == 403 and named
            if (reach_of(role, action) == Reach.NONE) != refused:
                wrong.append(f"{url} as {role}: {answer.status_code}")
        app_client.cookies.clear()
    assert not wrong, "\n".join(wrong)
