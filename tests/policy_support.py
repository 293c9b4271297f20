"""The app's routes and the action each one declares from the policy table."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from smartcustoms.deps import ACTION_ATTRIBUTE

# Routes anyone may call, signed in or not, by "module:function" (smartcustoms. left out):
# signing in, the public checks of receipts, declarations and gate passes, the gates' public
# slot boards, the tariff's public search, the sign-language switch, the API's documents, and
# what banks and partner customs send, which they sign themselves (checked in the route).
PUBLIC = frozenset(
    {
        "identity.api:issue_token",
        "identity.api:refresh_token",
        "identity.api:client_token",
        "identity.web:login_form",
        "identity.web:login",
        "identity.web:logout",
        "identity.sso_web:start_oidc",
        "identity.sso_web:oidc_callback",
        "identity.sso_web:second_factor",
        "identity.sso_web:enrol_at_sign_in",
        "web.portal:home",
        "web.portal:switch_language",
        "api_docs:api_docs",
        "reference.api:search_hs",
        "tariff.api:search_lines",
        "tariff.api:quote",
        "tariff.api:line_roadmap",
        "tariff.web:plotly_js",
        "payments.api.bank:bank_notice",
        "partners.api:inbox",
        "border.api:gates",
        "border.api:pass_qr",
        "border.api:board",
        "border.web:gates_page",
        "border.web:board_page",
        "border.web:board_live",
        "border.web:pass_page",
        "payments.web.receipts:verify_form",
        "payments.web.receipts:verify_code",
        "web.printing:verify_page",
        "audit.api:checkpoint_key",
    }
)


@dataclass(frozen=True)
class Routed:
    """A route as the app serves it: its full path (with its routers' prefixes)."""

    path: str
    methods: frozenset[str]
    route: APIRoute


def routes_of(app: FastAPI) -> Iterator[Routed]:
    """Every API route and portal page, through included routers."""
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute):
            yield Routed(context.path_format or "", frozenset(context.methods or ()), route)


def name_of(route: APIRoute) -> str:
    return f"{route.endpoint.__module__.removeprefix('smartcustoms.')}:{route.endpoint.__name__}"


def actions_of(dependant: Dependant) -> list[str]:
    """The policy actions a route's dependencies declare (its own and its routers')."""
    found = []
    for sub in dependant.dependencies:
        action = getattr(sub.call, ACTION_ATTRIBUTE, None)
        if isinstance(action, str):
            found.append(action)
        found.extend(actions_of(sub))
    return found
