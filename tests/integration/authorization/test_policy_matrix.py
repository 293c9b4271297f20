"""The policy table's matrix, generated from the OpenAPI document: every operation, called as
a user of every role, is refused (403 `action_not_allowed`) exactly when the table gives the
role no reach for the operation's action; called as another enterprise or another office,
on enterprise A's declaration at office 03CC, it never succeeds (403 or 404 when it reads);
and every operation that needs sign-in answers 401 to a forged, an expired and a revoked
token, to a disabled user's and to a revoked API key's.

One app, one SQLite database: each call runs in a savepoint rolled back after it, so no call
changes what the next one sees. PostgreSQL runs the same gates (the check reads no table).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection
from sqlalchemy.orm import Session, sessionmaker

from border_support import machine_user
from policy_support import PUBLIC, actions_of, name_of, routes_of
from smartcustoms.identity import service as identity
from smartcustoms.identity.policy import Reach, reach_of, roles_for
from smartcustoms.identity.rules import Role
from smartcustoms.kit.clock import FixedClock
from support import DEMO_PASSWORD, TEST_NOW, Database, Users, import_payload

# A user of every role, of enterprise A (trader, broker for A) or office 03CC.
HOME = {
    Role.TRADER: "lan",
    Role.BROKER: "minh",
    Role.OFFICER: "hoa",
    Role.SUPERVISOR: "son",
    Role.AGENCY_OFFICER: "thu",
    Role.AGENCY_SYSTEM: "ppd-system",
    Role.ADMIN: "admin",
    Role.GATE_SYSTEM: "gate.policy",
}
# The same roles from elsewhere: another enterprise (B), a broker no one delegated to,
# another office (02CI).
AWAY = {
    Role.TRADER: "binh",
    Role.BROKER: "broker.away",
    Role.OFFICER: "tuan",
    Role.SUPERVISOR: "son.away",
}

Call = tuple[str, str, dict[str, Any]]  # method, url, request keywords


def _value(name: str, schema: dict[str, Any], ids: dict[str, int]) -> Any:
    if name in ids:
        return ids[name]
    if "enum" in schema:
        return schema["enum"][0]
    if schema.get("type") == "integer":
        return 1
    if schema.get("format") == "date":
        return TEST_NOW.date().isoformat()
    known = {"hs8": "85171300", "country": "JP", "gate": "HP-GATE-1", "bank": "SANDBOX"}
    return known.get(name, "1")


def _example(schema: dict[str, Any], components: dict[str, Any], depth: int = 0) -> Any:
    """A small instance of a JSON schema: its required properties, first choices."""
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    for choice in ("anyOf", "oneOf", "allOf"):
        if choice in schema:
            options = [s for s in schema[choice] if s.get("type") != "null"]
            return _example(options[0], components, depth) if options else None
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    if "example" in schema:
        return schema["example"]
    kind = schema.get("type")
    if kind == "object" and depth < 6:
        props = schema.get("properties", {})
        return {k: _example(props[k], components, depth + 1) for k in schema.get("required", [])}
    if kind == "array":
        return []
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if schema.get("format") == "date":
        return TEST_NOW.date().isoformat()
    if schema.get("format") == "date-time":
        return TEST_NOW.isoformat()
    return "x" * max(1, schema.get("minLength", 1))


def _calls(document: dict[str, Any], ids: dict[str, int]) -> list[tuple[str, str, Call]]:
    """(method, documented path, call) for every operation of the document."""
    components = document["components"]["schemas"]
    found = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            url, query = path, {}
            for p in operation.get("parameters", []):
                value = _value(p["name"], p.get("schema", {}), ids)
                if p["in"] == "path":
                    url = url.replace("{" + p["name"] + "}", str(value))
                elif p["in"] == "query" and p.get("required"):
                    query[p["name"]] = value
            kwargs: dict[str, Any] = {"params": query}
            body = operation.get("requestBody", {}).get("content", {})
            if "application/json" in body:
                kwargs["json"] = _example(body["application/json"]["schema"], components)
            found.append((method.upper(), path, (method.upper(), url, kwargs)))
    return found


class Matrix:
    def __init__(self, client: TestClient, connection: Connection, tokens: dict[str, str]):
        self.client = client
        self.connection = connection
        self.tokens = tokens

    def call(self, call: Call, *, token: str) -> Any:
        """The call, with everything it changed rolled back after it."""
        method, url, kwargs = call
        savepoint = self.connection.begin_nested()
        try:
            return self.client.request(
                method, url, headers={"Authorization": f"Bearer {token}"}, **kwargs
            )
        finally:
            savepoint.rollback()


def _refused_by_policy(answer: Any) -> bool:
    return answer.status_code == 403 and answer.json().get("code") == "action_not_allowed"


def _seed(session: Session, users: Users) -> None:
    machine_user(session, "gate.policy", TEST_NOW)
    away = identity.create_enterprise(
        session, name="SAMPLE Away Brokerage", tax_code="0312345673", at=TEST_NOW
    )
    for username, role, org, office in (
        ("broker.away", Role.BROKER, away.id, None),
        ("son.away", Role.SUPERVISOR, None, "02CI"),
    ):
        identity.create_user(
            session,
            username=username,
            password=DEMO_PASSWORD,
            full_name=f"SAMPLE {username}",
            role=role,
            organisation_id=org,
            office_code=office,
            at=TEST_NOW,
        )
    session.commit()


@pytest.mark.slow
def test_every_operation_as_every_role_is_allowed_or_refused_as_the_policy_table_says(
    app_client: TestClient,
    users: Users,
    session: Session,
    session_factory: sessionmaker[Session],
    clock: FixedClock,
    database: Database,
) -> None:
    if database.backend != "sqlite":
        pytest.skip("one app, one database: the table's gates read no table")
    _seed(session, users)
    everyone = {**{u: r for r, u in HOME.items()}, **{u: r for r, u in AWAY.items()}}
    tokens = {username: users.token(username) for username in everyone}
    lan = {"Authorization": f"Bearer {tokens['lan']}"}
    draft = app_client.post("/api/v1/declarations", json=import_payload(), headers=lan)
    assert draft.status_code == 201, draft.text
    declaration_id = draft.json()["id"]
    submitted = app_client.post(f"/api/v1/declarations/{declaration_id}/submit", headers=lan)
    assert submitted.status_code in (200, 201), submitted.text
    enterprise_a = users.actor("lan").organisation_id
    assert enterprise_a is not None
    connection = session_factory.kw["bind"]
    matrix = Matrix(app_client, connection, tokens)

    document = app_client.get("/api/openapi.json").json()
    served = {
        (method, r.path): r.route
        for r in routes_of(app_client.app)  # type: ignore[arg-type]
        for method in r.methods
    }
    ids = {"declaration_id": declaration_id, "enterprise_id": enterprise_a}
    calls = _calls(document, ids)
    gated = []
    wrong = []
    from_elsewhere = 0
    for method, path, call in calls:
        route = served[(method, path)]
        if name_of(route) in PUBLIC:
            continue
        (action,) = set(actions_of(route.dependant))
        gated.append((action, path, call))
        if roles_for(action) != set(Role):
            documented = document["paths"][path][method.lower()]["responses"]
            if "403" not in documented:
                wrong.append(f"{method} {path}: 403 is not documented")
        for username, role in everyone.items():
            answer = matrix.call(call, token=tokens[username])
            reach = reach_of(role, action)
            refused = _refused_by_policy(answer)
            if (reach == Reach.NONE) != refused or answer.status_code == 401:
                wrong.append(f"{method} {path} as {role} ({username}): {answer.status_code}")
                continue
            # Another enterprise's or office's: A's declaration at 03CC, A's money.
            away = username in AWAY.values()
            owned = "{declaration_id}" in path or "{enterprise_id}" in path
            scoped = reach in (Reach.OWN_ENTERPRISE, Reach.DELEGATED) or (
                reach == Reach.OWN_OFFICE and "{declaration_id}" in path
            )
            if away and owned and scoped:
                from_elsewhere += 1
                expected = (403, 404) if method == "GET" else range(400, 500)
                if answer.status_code not in expected:
                    wrong.append(
                        f"{method} {path} as {username} from elsewhere: {answer.status_code}"
                    )
    assert not wrong, "\n".join(wrong)
    assert len(gated) > 100
    assert from_elsewhere > 50, from_elsewhere

    # Credentials that are not (or no longer) good: 401, whatever the operation.
    secret = app_client.app.state.services.signing_secret  # type: ignore[attr-defined]
    forged = tokens["admin"][:-4] + ("AAAA" if not tokens["admin"].endswith("AAAA") else "BBBB")
    revoked = users.token("son")
    assert (
        app_client.post(
            "/api/v1/auth/revoke", headers={"Authorization": f"Bearer {revoked}"}
        ).status_code
        == 204
    )
    key = app_client.post(
        "/api/v1/api-keys", json={"name": "SAMPLE key", "scopes": ["view"]}, headers=lan
    )
    assert key.status_code == 201, key.text
    tax_code = users.actor("lan").tax_code_of(enterprise_a)
    by_key = app_client.post(
        "/api/v1/auth/client-token", json={"tax_code": tax_code, "api_key": key.json()["api_key"]}
    ).json()["access_token"]
    gone = app_client.post(f"/api/v1/api-keys/{key.json()['key_id']}/revoke", headers=lan)
    assert gone.status_code == 200, gone.text
    disabled = users.token("binh")
    identity.disable_user(
        session, user_id=users.actor("binh").user_id, reason="SAMPLE leaver", at=TEST_NOW
    )
    session.commit()
    other_secret = identity.access_token(
        user=identity.find_user(session, username="admin"),  # type: ignore[arg-type]
        secret=secret + "x",
        at=TEST_NOW,
        ttl_minutes=15,
    )
    bad = {
        "forged": forged,
        "signed with another key": other_secret,
        "revoked": revoked,
        "disabled user's": disabled,
        "revoked API key's": by_key,
    }
    for _action, path, call in gated:
        for why, token in bad.items():
            answer = matrix.call(call, token=token)
            if answer.status_code != 401:
                wrong.append(f"{path} with a {why} token: {answer.status_code}")
    clock.advance(timedelta(minutes=16))  # every token above is past its 15 minutes
    for _action, path, call in gated:
        answer = matrix.call(call, token=tokens["lan"])
        if answer.status_code != 401:
            wrong.append(f"{path} with an expired token: {answer.status_code}")
    assert not wrong, "\n".join(wrong)
