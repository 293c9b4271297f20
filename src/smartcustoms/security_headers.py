"""Security headers on every response: a pure ASGI middleware.

- Content-Security-Policy: scripts from this site only, plus the inline scripts the platform
  writes itself (the tariff roadmap's chart, the API docs' start-up), each carrying this
  request's nonce (`csp_nonce`); styles from this site and inline (Plotly and Swagger UI set
  element styles); images from this site and data: URLs; no plugins, no <base>, forms post
  only here (and to the configured bank), and no site may frame a page
  (`frame-ancestors 'none'`, X-Frame-Options DENY).
- X-Content-Type-Options nosniff, Referrer-Policy same-origin.
- Strict-Transport-Security when the request came over HTTPS (behind a proxy, uvicorn's
  --proxy-headers makes the scheme the client's).
- Cache-Control: no-store on every answer that did not set its own (pages, API answers),
  except the static assets, which hold nothing private.
"""

from __future__ import annotations

import secrets

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

NONCE_KEY = "csp_nonce"
PUBLIC_PREFIXES = ("/static/", "/api/docs/assets/")
HSTS = "max-age=31536000; includeSubDomains"


def content_security_policy(nonce: str, form_targets: tuple[str, ...] = ()) -> str:
    """The policy; `form_targets`: other origins a form may lead to (the bank where a payer
    confirms a payment: CSP's form-action covers the redirect after the post too)."""
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'none'",
            " ".join(("form-action 'self'", *form_targets)),
            "frame-ancestors 'none'",
        )
    )


def csp_nonce(request: Request) -> str:
    """This request's nonce, for an inline <script nonce="…"> the platform writes itself."""
    nonce: str = request.scope.get("state", {}).get(NONCE_KEY, "")
    return nonce


def with_nonce(html: str, nonce: str) -> str:
    """Inline scripts of generated HTML (Plotly's, Swagger UI's) given the request's nonce."""
    return html.replace("<script", f'<script nonce="{nonce}"')


class SecurityHeaders:
    def __init__(self, app: ASGIApp, form_targets: tuple[str, ...] = ()) -> None:
        self.app = app
        self.form_targets = form_targets

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(18)
        scope.setdefault("state", {})[NONCE_KEY] = nonce
        over_https = scope.get("scheme") == "https"
        public = str(scope.get("path", "")).startswith(PUBLIC_PREFIXES)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault(
                    "Content-Security-Policy", content_security_policy(nonce, self.form_targets)
                )
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "same-origin")
                if over_https:
                    headers.setdefault("Strict-Transport-Security", HSTS)
                if not public:
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)
