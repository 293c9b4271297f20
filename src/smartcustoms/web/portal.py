"""Portal wiring: templates, static files, session cookies and CSRF."""

from __future__ import annotations

from fastapi import FastAPI


def install(app: FastAPI) -> None:
    """Mount the portal's pages and static files."""
