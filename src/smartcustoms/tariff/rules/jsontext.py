"""The JSON text of quote parts, written piece by piece so shared parts are encoded once.

The as_json() methods write what json.dumps() (default settings) writes for as_dict():
strings (StrEnum members included, as their value) through the escaping function json.dumps
uses, integers as int.__repr__, None as null.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring_ascii as json_str
from typing import Any, Protocol

__all__ = ["encoded_once", "json_int_or_null", "json_or_null", "json_str"]


class _EncodedOnce(Protocol):
    @property
    def _json(self) -> str | None: ...

    def as_dict(self) -> dict[str, Any]: ...


def encoded_once(value: _EncodedOnce) -> str:
    """json.dumps(value.as_dict()), kept in the frozen value's _json field after the first call."""
    encoded = value._json
    if encoded is None:
        encoded = json.dumps(value.as_dict())
        object.__setattr__(value, "_json", encoded)
    return encoded


def json_or_null(value: str | None) -> str:
    return "null" if value is None else json_str(value)


def json_int_or_null(value: int | None) -> str:
    return "null" if value is None else int.__repr__(value)
