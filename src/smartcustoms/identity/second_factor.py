"""Two-factor sign-in (xác thực hai yếu tố) with TOTP (RFC 6238, pyotp) for officers,
supervisors and administrators: enrolment with a QR code, confirmed by a first code; ten
one-time recovery codes kept as hashes; once on, every sign-in asks for a code, and wrong
codes count towards the same lockout as wrong passwords."""

from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import datetime, timedelta

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.errors import Conflict, NotAuthenticated, NotFound, PermissionDenied
from smartcustoms.identity import repository, throttle
from smartcustoms.identity.messages import error
from smartcustoms.identity.models import RecoveryCode, User
from smartcustoms.identity.rules import CUSTOMS_ROLES, Role, SignInLimits
from smartcustoms.identity.security import read_signed, sign_claims

ISSUER = "SmartCustoms"
RECOVERY_CODES = 10
SECOND_FACTOR_ROLES = frozenset({*CUSTOMS_ROLES, Role.ADMIN, Role.AGENCY_OFFICER})


class SecondFactorRequired(NotAuthenticated):
    code = "second_factor_required"


class SecondFactorWrong(NotAuthenticated):
    code = "second_factor_wrong"


def _box(signing_secret: str) -> Fernet:
    """The TOTP secrets' cipher, keyed from the platform's secret (a stolen database alone
    gives no second factor; changing the platform's secret means enrolling again)."""
    key = hashlib.sha256(f"totp-secret|{signing_secret}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def _totp_secret(user: User, signing_secret: str) -> str | None:
    if user.totp_secret is None:
        return None
    try:
        return _box(signing_secret).decrypt(user.totp_secret.encode()).decode()
    except InvalidToken:
        return None


def _digest(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").strip().lower().encode()).hexdigest()


def is_on(user: User) -> bool:
    """Whether signing in as this user needs a second factor."""
    return user.totp_enabled_at is not None


def must_enrol(user: User, required_roles: str) -> bool:
    """Whether this user's role must have a second factor and the user has none yet."""
    return not is_on(user) and user.role in required_roles.split()


class SecondFactorEnrolmentRequired(PermissionDenied):
    code = "second_factor_enrolment_required"


def refuse_unless_enrolled(user: User, required_roles: str) -> None:
    """For the API: no token for a user who must have a second factor and has none."""
    if must_enrol(user, required_roles):
        raise error(SecondFactorEnrolmentRequired, SecondFactorEnrolmentRequired.code)


def start_enrolment(session: Session, *, user_id: int, signing_secret: str) -> tuple[str, str, str]:
    """A new TOTP secret for the user (not yet required): (the otpauth URI, the QR code
    of it as SVG, the secret in base32 to type in by hand)."""
    user = _user(session, user_id)
    if user.role not in SECOND_FACTOR_ROLES:
        raise error(PermissionDenied, "second_factor_not_for_role")
    if is_on(user):
        raise error(Conflict, "second_factor_already_on")
    secret = pyotp.random_base32()
    user.totp_secret = _box(signing_secret).encrypt(secret.encode()).decode()
    session.flush()
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=ISSUER)
    svg = segno.make(uri, error="m").svg_inline(scale=4)
    return uri, svg, secret


def confirm_enrolment(
    session: Session, *, user_id: int, code: str, signing_secret: str, at: datetime
) -> list[str]:
    """Turn the second factor on once a first code from the app matches; the recovery codes
    are returned this once (kept only as hashes)."""
    user = _user(session, user_id)
    if is_on(user):
        raise error(Conflict, "second_factor_already_on")
    secret = _totp_secret(user, signing_secret)
    if secret is None:
        raise error(Conflict, "second_factor_not_started")
    totp = pyotp.TOTP(secret)
    if not totp.verify(code.strip(), for_time=at, valid_window=1):
        raise error(SecondFactorWrong, SecondFactorWrong.code)
    user.totp_enabled_at = at
    # The code just shown is used: it does not sign anyone in again.
    user.totp_last_step = totp.timecode(at)
    repository.drop_recovery_codes(session, user.id)
    codes = [f"{secrets.token_hex(4)}-{secrets.token_hex(4)}" for _ in range(RECOVERY_CODES)]
    for one in codes:
        session.add(RecoveryCode(user_id=user.id, code_hash=_digest(one)))
    session.flush()
    _audit(session, user, "second_factor.enrolled", at)
    return codes


def _audit(session: Session, user: User, action: str, at: datetime) -> None:
    audit.record(
        session,
        action=action,
        object_type="user",
        object_id=user.id,
        at=at,
        actor_id=user.id,
        details={"username": user.username},
    )


def enrol_with_secret(
    session: Session, *, user_id: int, secret: str, signing_secret: str, at: datetime
) -> None:
    """Turn the second factor on with a given TOTP secret, without recovery codes: for the
    demo's SAMPLE accounts only (demo.seed_second_factors), whose secrets are published."""
    user = _user(session, user_id)
    if user.role not in SECOND_FACTOR_ROLES:
        raise error(PermissionDenied, "second_factor_not_for_role")
    user.totp_secret = _box(signing_secret).encrypt(secret.encode()).decode()
    user.totp_enabled_at = at
    user.totp_last_step = None
    session.flush()
    _audit(session, user, "second_factor.enrolled", at)


def reset(session: Session, *, user_id: int, at: datetime, by: int | None = None) -> User:
    """Turn a user's second factor off (a lost phone): the secret and recovery codes go, and
    a role that must have one enrols again at the next sign-in. Their sessions end too."""
    user = _user(session, user_id)
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    user.token_generation += 1
    repository.drop_recovery_codes(session, user.id)
    session.flush()
    audit.record(
        session,
        action="second_factor.reset",
        object_type="user",
        object_id=user.id,
        at=at,
        actor_id=by,
        details={"username": user.username},
    )
    return user


def current_code(
    session: Session, *, username: str, published: str, signing_secret: str, at: datetime
) -> str:
    """The TOTP code of a demo account at `at`, only when its secret is `published` (the
    SAMPLE secret the repository publishes for it): a real enrolment's secret is random, and
    its codes are never shown."""
    user = repository.user_by_username(session, username)
    if user is None:
        raise error(NotFound, "user_not_found", user_id=username)
    secret = _totp_secret(user, signing_secret) if is_on(user) else None
    if secret is None or not secrets.compare_digest(secret, published):
        raise error(PermissionDenied, "second_factor_code_not_demo")
    return pyotp.TOTP(secret).at(at)


def verify(
    session: Session,
    *,
    user: User,
    code: str | None,
    client_address: str,
    limits: SignInLimits,
    signing_secret: str,
    at: datetime,
) -> None:
    """Refuse unless `code` is the user's current TOTP code or an unused recovery code
    (then used up). Throttled like passwords: refused while the account or the address is
    locked, and a wrong code is recorded as a failed sign-in (the caller must let that
    commit: answer the error rather than raise it past the request)."""
    if not is_on(user):
        return
    if not code or not code.strip():
        raise error(SecondFactorRequired, SecondFactorRequired.code)
    username, client_address = user.username[:100], client_address[:64]
    throttle.refuse_while_locked(session, username, client_address, limits, at)
    if _matches(session, user, code.strip(), signing_secret, at):
        repository.clear_login_failures(session, username=username)
        return
    throttle.record_failure(session, username, client_address, limits, at)
    raise error(SecondFactorWrong, SecondFactorWrong.code)


def _matches(session: Session, user: User, code: str, signing_secret: str, at: datetime) -> bool:
    secret = _totp_secret(user, signing_secret)
    if secret is not None and code.isdigit() and len(code) == 6:
        totp = pyotp.TOTP(secret)
        # One step either side for clocks that drift; a code already used is refused.
        for offset in (-1, 0, 1):
            step = totp.timecode(at) + offset
            if secrets.compare_digest(totp.generate_otp(step), code):
                if user.totp_last_step is not None and step <= user.totp_last_step:
                    return False
                user.totp_last_step = step
                session.flush()
                return True
        return False
    digest = _digest(code)
    for recovery in repository.recovery_codes(session, user.id):
        if recovery.used_at is None and secrets.compare_digest(recovery.code_hash, digest):
            recovery.used_at = at
            session.flush()
            return True
    return False


SECOND_STEP_TTL = timedelta(minutes=5)


def step(user: User, *, secret: str, at: datetime) -> str:
    """What the second step of a sign-in carries (signed, for 5 minutes): whose password
    (or e-identity) was right, under which token generation."""
    return sign_claims(
        {"typ": "second_factor", "uid": user.id, "gen": user.token_generation},
        secret=secret,
        at=at,
        ttl=SECOND_STEP_TTL,
    )


def awaiting(session: Session, *, pending: str, secret: str, at: datetime) -> User:
    """The user a second step is for, unless it expired or their sessions were ended."""
    claims = read_signed(pending, secret=secret, at=at, typ="second_factor")
    uid = claims.get("uid") if claims is not None else None
    user = repository.user_by_id(session, uid) if isinstance(uid, int) else None
    if claims is None or user is None or not user.active:
        raise error(NotAuthenticated, "second_factor_step_expired")
    if user.token_generation != claims.get("gen"):
        raise error(NotAuthenticated, "second_factor_step_expired")
    return user


def recovery_codes_left(session: Session, *, user_id: int) -> int:
    return sum(1 for c in repository.recovery_codes(session, user_id) if c.used_at is None)


def _user(session: Session, user_id: int) -> User:
    user = repository.user_by_id(session, user_id)
    if user is None:
        raise error(NotAuthenticated, "session_no_longer_valid")
    return user
