"""The policy a new password must meet (ASVS 4.0 V2.1): at least 12 characters, not blank,
not one of the 1,000 most common passwords (a list shipped in the package), even padded with
digits and signs, and a strength
estimate (zxcvbn, with the user's own name and username as known words) of 3 out of 4 or
more. Applied when a password is set; passwords set before still sign in."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from zxcvbn import zxcvbn

from smartcustoms.errors import ValidationFailed
from smartcustoms.identity.messages import field_error, texts

MIN_PASSWORD_LENGTH = 12
MIN_STRENGTH = 3  # zxcvbn's score: 3 is "safely unguessable: moderate protection offline"
# zxcvbn's time grows with the length; nothing longer is needed (and argon2 takes it whole).
ESTIMATED_PREFIX = 100


@lru_cache
def common_passwords() -> frozenset[str]:
    """The shipped list (identity/data/common_passwords.txt says where it comes from)."""
    text = files("smartcustoms.identity").joinpath("data/common_passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line and not line.startswith("#")
    )


def _core(password: str) -> str:
    """The password without the digits and signs people pad a common one with
    ("Password2024!" -> "password")."""
    return password.strip().lower().strip(_PADDING)


_PADDING = "0123456789!@#$%^&*()-_=+.,;:?~ "


def password_problem(password: str, *, user_inputs: tuple[str, ...] = ()) -> str | None:
    """The code of the first rule the password breaks, or None."""
    if not password.strip():
        return "password_blank"
    if len(password) < MIN_PASSWORD_LENGTH:
        return "password_too_short"
    if _core(password) in common_passwords() or password.strip().lower() in common_passwords():
        return "password_common"
    # The user's names, whole, run together and word by word, are known words to zxcvbn.
    inputs = [
        word
        for given in user_inputs
        for word in (given.lower(), given.lower().replace(" ", ""), *given.lower().split())
        if word
    ]
    if zxcvbn(password[:ESTIMATED_PREFIX], user_inputs=inputs)["score"] < MIN_STRENGTH:
        return "password_weak"
    return None


def check_new_password(password: str, *, user_inputs: tuple[str, ...] = ()) -> None:
    """Refuse a password that breaks the policy, saying which rule (both languages)."""
    problem = password_problem(password, user_inputs=user_inputs)
    if problem is None:
        return
    en, vi = texts(problem, minimum=MIN_PASSWORD_LENGTH)
    wrong = field_error("password", problem, minimum=MIN_PASSWORD_LENGTH)
    raise ValidationFailed(message_en=en, message_vi=vi, errors=[wrong])
