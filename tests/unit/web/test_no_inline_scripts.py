"""The portal's templates hold no inline script, event handler attribute or javascript: URL:
the Content-Security-Policy (security_headers.py) would refuse them in the browser."""

from __future__ import annotations

import re
from pathlib import Path

import smartcustoms

TEMPLATES = sorted(Path(smartcustoms.__file__).parent.rglob("templates/**/*.html"))
INLINE = re.compile(r"<script(?![^>]*\bsrc=)|\son[a-z]+\s*=|javascript:", re.IGNORECASE)


def test_no_template_has_an_inline_script() -> None:
    assert TEMPLATES
    found = [
        f"{path.name}: {match.group(0)}"
        for path in TEMPLATES
        for match in INLINE.finditer(path.read_text("utf-8"))
    ]
    assert found == []
