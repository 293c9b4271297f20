"""Every API route and portal page that needs sign-in names its action from the policy
table (identity/policy.py); only an explicit list of public routes names none."""

from __future__ import annotations

from fastapi.testclient import TestClient

from policy_support import PUBLIC, actions_of, name_of, routes_of
from smartcustoms.identity.policy import ACTIONS


def test_every_route_but_the_public_ones_declares_exactly_one_known_action(
    app_client: TestClient,
) -> None:
    routes = [r.route for r in routes_of(app_client.app)]  # type: ignore[arg-type]
    assert len(routes) > 200, "the walk over the app's routers found too few routes"
    undeclared, doubled, unknown, public_but_gated = [], [], [], []
    for route in routes:
        name = name_of(route)
        actions = actions_of(route.dependant)
        if name in PUBLIC:
            if actions:
                public_but_gated.append(name)
            continue
        if not actions:
            undeclared.append(f"{sorted(route.methods)} {route.path} ({name})")
        elif len(set(actions)) > 1:
            doubled.append(f"{name}: {actions}")
        unknown.extend(a for a in actions if a not in ACTIONS)
    assert not undeclared, "routes that declare no action:\n" + "\n".join(undeclared)
    assert not doubled, doubled
    assert not unknown, unknown
    assert not public_but_gated, f"listed as public but gated: {public_but_gated}"
    assert {name_of(r) for r in routes} >= PUBLIC, "a public route listed no longer exists"


def test_every_operation_of_the_openapi_document_is_gated_or_public(
    app_client: TestClient,
) -> None:
    """The OpenAPI document lists no operation the walk above missed."""
    served = {
        (method, r.path): r.route
        for r in routes_of(app_client.app)  # type: ignore[arg-type]
        if r.route.include_in_schema
        for method in r.methods
    }
    paths = app_client.get("/api/openapi.json").json()["paths"]
    documented = {(m.upper(), path) for path, ops in paths.items() for m in ops}
    assert len(documented) > 100
    assert documented == set(served), documented ^ set(served)
    for key, route in served.items():
        assert name_of(route) in PUBLIC or actions_of(route.dependant), key
