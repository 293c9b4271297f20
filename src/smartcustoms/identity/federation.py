"""Single sign-on with the national e-identity (VNeID) or any OpenID Connect provider: the
person's national ID number, vouched for by the provider, opens the platform account it is
linked to (and so that account's enterprise and delegations). An unknown number is refused,
unless the settings let a newcomer in for an enterprise the provider names."""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from smartcustoms.config import Settings
from smartcustoms.errors import Conflict, NotAuthenticated, NotFound, ValidationFailed
from smartcustoms.identity import oidc, repository
from smartcustoms.identity.messages import error, texts
from smartcustoms.identity.models import User
from smartcustoms.identity.oidc import OidcFailure, PendingLogin, ProviderConfig
from smartcustoms.identity.rules import Role
from smartcustoms.identity.security import read_signed, sign_claims

# A CCCD (citizen identity card) number: 12 digits, the one VNeID accounts are keyed by.
_NATIONAL_ID = re.compile(r"^[0-9]{12}$")
FLOW_TTL = timedelta(minutes=10)


class SingleSignOnRefused(NotAuthenticated):
    code = "single_sign_on_refused"


def _refused(key: str, **params: object) -> SingleSignOnRefused:
    en, vi = texts(key, **params)
    return SingleSignOnRefused(message_en=en, message_vi=vi)


def provider_config(settings: Settings) -> ProviderConfig | None:
    """The provider the settings name, or None when single sign-on is not configured."""
    if not settings.oidc_issuer or not settings.oidc_client_id:
        return None
    secret = settings.oidc_client_secret.get_secret_value() if settings.oidc_client_secret else ""
    if not secret and settings.oidc_client_secret_file is not None:
        secret = settings.oidc_client_secret_file.read_text(encoding="utf-8").strip()
    return ProviderConfig(
        issuer=settings.oidc_issuer,
        client_id=settings.oidc_client_id,
        client_secret=secret,
        scope=settings.oidc_scope,
        timeout_seconds=settings.oidc_timeout_seconds,
    )


def _configured(settings: Settings) -> ProviderConfig:
    config = provider_config(settings)
    if config is None:
        raise error(NotFound, "single_sign_on_off")
    return config


def start_single_sign_on(
    settings: Settings, *, redirect_uri: str, next_path: str, secret: str, at: datetime
) -> tuple[str, str]:
    """The provider's URL to send the browser to, and the signed flow (state, nonce, PKCE
    verifier) the browser must bring back to the callback."""
    config = _configured(settings)
    try:
        metadata = oidc.discover(config)
    except OidcFailure as failure:
        raise _refused(failure.reason) from failure
    url, pending = oidc.start_login(
        config, metadata, redirect_uri=redirect_uri, next_path=next_path
    )
    flow = sign_claims(
        {
            "typ": "oidc_flow",
            "state": pending.state,
            "nonce": pending.nonce,
            "cv": pending.code_verifier,
            "ru": pending.redirect_uri,
            "next": pending.next_path,
        },
        secret=secret,
        at=at,
        ttl=FLOW_TTL,
    )
    return url, flow


def finish_single_sign_on(
    session: Session,
    settings: Settings,
    *,
    flow: str | None,
    state: str | None,
    code: str | None,
    provider_error: str | None,
    secret: str,
    at: datetime,
) -> tuple[User, str]:
    """The account the provider's answer opens, and where to go next; refused (with the
    reason, in both languages) when the answer is not the one we asked for, or invalid."""
    config = _configured(settings)
    claims = read_signed(flow or "", secret=secret, at=at, typ="oidc_flow")
    if claims is None:
        raise _refused("oidc_flow_expired")
    pending = PendingLogin(
        state=str(claims["state"]),
        nonce=str(claims["nonce"]),
        code_verifier=str(claims["cv"]),
        redirect_uri=str(claims["ru"]),
        next_path=str(claims["next"]),
    )
    if provider_error:
        # Refused either way; some providers leave the state out of an error answer.
        raise _refused("oidc_denied")
    if not state or not secrets.compare_digest(state, pending.state):
        raise _refused("oidc_state_mismatch")
    if not code:
        raise _refused("oidc_code_refused")
    try:
        metadata = oidc.discover(config)
        identity_claims = oidc.finish_login(config, metadata, pending, code=code, at=at)
    except OidcFailure as failure:
        raise _refused(failure.reason) from failure
    user = federated_user(session, settings, claims=identity_claims, at=at)
    return user, pending.next_path


def federated_user(
    session: Session, settings: Settings, *, claims: dict[str, Any], at: datetime
) -> User:
    """The active account linked to the national ID number the claims carry."""
    raw = claims.get(settings.oidc_national_id_claim)
    national_id = str(raw).strip() if isinstance(raw, (str, int)) else ""
    if not _NATIONAL_ID.match(national_id):
        raise _refused("oidc_no_national_id", claim=settings.oidc_national_id_claim)
    user = repository.user_by_national_id(session, national_id)
    if user is None and settings.oidc_create_unknown_users:
        user = _newcomer(session, settings, national_id=national_id, claims=claims, at=at)
    if user is None:
        raise _refused("national_id_unknown", masked=mask_national_id(national_id))
    if not user.active:
        raise _refused("national_id_account_disabled")
    return user


def _newcomer(
    session: Session,
    settings: Settings,
    *,
    national_id: str,
    claims: dict[str, Any],
    at: datetime,
) -> User | None:
    """A trader account for the enterprise the provider names (an existing one), made on
    first sign-in when the settings allow it; None if no known enterprise is named."""
    from smartcustoms.identity import service  # the face: create_user checks and emits

    tax_code = claims.get(settings.oidc_tax_code_claim)
    if not isinstance(tax_code, str):
        return None
    enterprise = repository.organisation_by_tax_code(session, tax_code.strip())
    if enterprise is None or enterprise.kind != "enterprise":
        return None
    name = claims.get("name")
    user = service.create_user(
        session,
        username=f"vneid-{national_id}",
        # No password signs this account in: only the e-identity does.
        password=secrets.token_urlsafe(32),
        full_name=name if isinstance(name, str) and name.strip() else f"VNeID {national_id}",
        role=Role.TRADER,
        organisation_id=enterprise.id,
        at=at,
    )
    user.national_id = national_id
    session.flush()
    return user


def mask_national_id(national_id: str) -> str:
    """The number as shown back to a person: its last four digits only."""
    return "•" * (len(national_id) - 4) + national_id[-4:]


def link_national_id(session: Session, *, user_id: int, national_id: str) -> User:
    """Link an account to a person's national ID number (an administrator's act)."""
    national_id = national_id.strip()
    if not _NATIONAL_ID.match(national_id):
        raise error(ValidationFailed, "national_id_invalid")
    user = repository.user_by_id(session, user_id)
    if user is None:
        raise error(NotFound, "user_not_found", user_id=user_id)
    other = repository.user_by_national_id(session, national_id)
    if other is not None and other.id != user.id:
        raise error(Conflict, "national_id_taken", masked=mask_national_id(national_id))
    user.national_id = national_id
    session.flush()
    return user
