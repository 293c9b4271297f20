"""What every printed PDF of the platform shares: DejaVu Sans (Vietnamese letters), text made
safe for ReportLab's paragraph markup, and a QR code as a PNG.

DejaVu Sans comes from Debian's fonts-dejavu-core (`make` installs it where it is missing) and
is embedded in each PDF so any reader shows ă, ơ, ư, đ."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import segno
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import SimpleDocTemplate

# Where Linux distributions put DejaVu Sans (Debian/Ubuntu first: the project's machines).
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts/dejavu"),
)
REGULAR, BOLD = "SmartCustomsSans", "SmartCustomsSans-Bold"


class FontMissing(Exception):
    """No font with Vietnamese letters: a PDF would print boxes for ă, ơ, ư, đ …"""


_fonts_lock = threading.Lock()


def font_files() -> tuple[Path, Path]:
    """DejaVu Sans regular and bold; FontMissing if the system has neither place."""
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    raise FontMissing(
        "DejaVu Sans is not installed (looked in "
        + ", ".join(str(folder) for folder in FONT_DIRS)
        + "): `apt-get install fonts-dejavu-core`, or run `make`, which does"
    )


def register_fonts() -> None:
    """Register REGULAR and BOLD with ReportLab, once per process."""
    with _fonts_lock:
        if REGULAR in pdfmetrics.getRegisteredFontNames():
            return
        regular, bold = font_files()
        pdfmetrics.registerFont(TTFont(REGULAR, str(regular)))
        pdfmetrics.registerFont(TTFont(BOLD, str(bold)))


def escape(text: str) -> str:
    """Paragraph text is ReportLab's mini-markup: a name like "A & B <Ltd>" must stay text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def qr_png(url: str) -> bytes:
    """The QR code of `url` as a PNG, four pixels a module: sharp when printed at 30 mm."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=4, border=4)
    return buffer.getvalue()


def a4_document(
    buffer: io.BytesIO, *, title: str, vertical_margin_mm: float, subject: str = ""
) -> SimpleDocTemplate:
    """An A4 page layout with 20 mm side margins, by SmartCustoms; `invariant` so the same
    content gives the same bytes (tests compare them, and a reprint matches the first)."""
    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=vertical_margin_mm * mm,
        bottomMargin=vertical_margin_mm * mm,
        title=title,
        author="SmartCustoms",
        subject=subject,
        invariant=True,
    )
