"""Instants as the API writes them."""

from __future__ import annotations

from datetime import datetime


def iso(at: datetime) -> str:
    """`2026-11-20T10:00:00Z`: the API's form of an instant."""
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")
