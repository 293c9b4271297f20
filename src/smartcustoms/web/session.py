"""Portal sign-in cookie and CSRF token (double submit), both signed with the secret key."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

SESSION_COOKIE = "sc_session"
CSRF_COOKIE = "sc_csrf"
CSRF_FIELD = "csrf_token"


@dataclass(frozen=True)
class CookieSigner:
    secret: str
    max_age_seconds: int
    secure: bool

    def _serializer(self, salt: str) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self.secret, salt=salt)

    def signed_in(self, request: Request) -> tuple[int, int] | None:
        """The signed-in user's id and the token generation the cookie was issued under."""
        raw = request.cookies.get(SESSION_COOKIE)
        if not raw:
            return None
        try:
            data = self._serializer("session").loads(raw, max_age=self.max_age_seconds)
        except BadSignature:
            return None
        if not isinstance(data, dict) or "uid" not in data:
            return None
        # A cookie signed before generations were written belongs to generation 0.
        return int(data["uid"]), int(data.get("gen", 0))

    def sign_in(self, response: Response, user_id: int, generation: int) -> None:
        value = self._serializer("session").dumps({"uid": user_id, "gen": generation})
        response.set_cookie(
            SESSION_COOKIE,
            value,
            max_age=self.max_age_seconds,
            httponly=True,
            secure=self.secure,
            samesite="lax",
        )

    def sign_out(self, response: Response) -> None:
        response.delete_cookie(SESSION_COOKIE)

    def csrf_token(self, request: Request) -> str:
        """The token forms must echo back; made once per browser, kept in a cookie."""
        token = request.cookies.get(CSRF_COOKIE)
        if token and len(token) >= 32:
            return token
        cached: str | None = getattr(request.state, "new_csrf", None)
        if cached is None:
            cached = secrets.token_urlsafe(32)
            request.state.new_csrf = cached
        return cached

    def set_csrf_cookie(self, request: Request, response: Response) -> None:
        token: str | None = getattr(request.state, "new_csrf", None)
        if token:
            response.set_cookie(
                CSRF_COOKIE, token, httponly=True, secure=self.secure, samesite="lax"
            )

    def csrf_ok(self, request: Request, submitted: str | None) -> bool:
        cookie = request.cookies.get(CSRF_COOKIE)
        return bool(cookie and submitted and secrets.compare_digest(cookie, submitted))
