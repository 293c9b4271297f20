"""Portal sign-in cookie and CSRF token, both keyed with the secret key.

The sign-in cookie carries the user, their token generation and a session id of its own;
signing out withdraws that id server-side (identity.revoke_token), so a copy of the cookie
taken before stops working. The CSRF token a form echoes is an HMAC of the session it was
rendered for (the signed-in session's id, or before sign-in a random browser id kept in a
cookie): a token from another session, or one an attacker made up, is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

SESSION_COOKIE = "sc_session"
CSRF_COOKIE = "sc_csrf"  # the browser's id before sign-in (never the token itself)
CSRF_FIELD = "csrf_token"


@dataclass(frozen=True)
class PortalSession:
    """What a validly signed sign-in cookie says."""

    user_id: int
    generation: int
    session_id: str | None  # cookies signed before sessions had ids have none


@dataclass(frozen=True)
class CookieSigner:
    secret: str
    max_age_seconds: int
    secure: bool

    def _serializer(self, salt: str) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self.secret, salt=salt)

    def signed_in(self, request: Request) -> PortalSession | None:
        """The session the sign-in cookie names, if its signature holds (whether it is still
        in force is the identity domain's to say)."""
        raw = request.cookies.get(SESSION_COOKIE)
        if not raw:
            return None
        try:
            data = self._serializer("session").loads(raw, max_age=self.max_age_seconds)
        except BadSignature:
            return None
        if not isinstance(data, dict) or "uid" not in data:
            return None
        sid = data.get("sid")
        # A cookie signed before generations were written belongs to generation 0.
        return PortalSession(
            int(data["uid"]), int(data.get("gen", 0)), sid if isinstance(sid, str) else None
        )

    def sign_in(self, response: Response, user_id: int, generation: int) -> str:
        """Set the sign-in cookie of a new session; its id is returned."""
        session_id = secrets.token_urlsafe(24)
        value = self._serializer("session").dumps(
            {"uid": user_id, "gen": generation, "sid": session_id}
        )
        response.set_cookie(
            SESSION_COOKIE,
            value,
            max_age=self.max_age_seconds,
            httponly=True,
            secure=self.secure,
            samesite="lax",
        )
        return session_id

    def sign_out(self, response: Response) -> None:
        response.delete_cookie(SESSION_COOKIE, httponly=True, secure=self.secure, samesite="lax")

    def _binding(self, request: Request) -> str | None:
        """What this browser's CSRF token is tied to: the signed-in session, else the
        browser's own id (made on the first page it is shown)."""
        signed = self.signed_in(request)
        if signed is not None:
            if signed.session_id is not None:
                return f"session:{signed.session_id}"
            return f"user:{signed.user_id}:{signed.generation}"
        browser = request.cookies.get(CSRF_COOKIE)
        if browser and len(browser) >= 32:
            return f"browser:{browser}"
        return None

    def _token_for(self, binding: str) -> str:
        mac = hmac.new(self.secret.encode(), f"csrf|{binding}".encode(), hashlib.sha256)
        return mac.hexdigest()

    def csrf_token(self, request: Request) -> str:
        """The token this browser's forms must echo back."""
        binding = self._binding(request)
        if binding is None:
            cached: str | None = getattr(request.state, "new_browser_id", None)
            if cached is None:
                cached = secrets.token_urlsafe(32)
                request.state.new_browser_id = cached
            binding = f"browser:{cached}"
        return self._token_for(binding)

    def set_csrf_cookie(self, request: Request, response: Response) -> None:
        browser: str | None = getattr(request.state, "new_browser_id", None)
        if browser:
            response.set_cookie(
                CSRF_COOKIE, browser, httponly=True, secure=self.secure, samesite="lax"
            )

    def csrf_ok(self, request: Request, submitted: str | None) -> bool:
        binding = self._binding(request)
        if binding is None or not submitted:
            return False
        return hmac.compare_digest(self._token_for(binding), submitted)
