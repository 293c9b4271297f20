"""Tariff use cases, the domain's public face: routes and other domains call only these.

- `schedules`: import a published schedule; the import in force and its indexed book;
- `quotes`: search lines, a line's roadmap, a what-if quote of one item;
- `assessment`: the registration step that computes and records a declaration's taxes,
  and what it assessed as a later step (payments) reads it.
"""

from __future__ import annotations

from smartcustoms.tariff.service.assessment import (
    TARIFF_ERRORS,
    TaxAssessmentStep,
    assess,
    assessed_taxes,
    assessment_for,
    item_requests,
    tax_date,
)
from smartcustoms.tariff.service.quotes import Roadmap, line_names, quote, roadmap, search_lines
from smartcustoms.tariff.service.schedules import (
    ImportKey,
    TariffCaches,
    get_book,
    import_directory,
    import_id_in_force,
    latest_import,
    national_lines,
)

__all__ = [
    "TARIFF_ERRORS",
    "ImportKey",
    "Roadmap",
    "TariffCaches",
    "TaxAssessmentStep",
    "assess",
    "assessed_taxes",
    "assessment_for",
    "get_book",
    "import_directory",
    "import_id_in_force",
    "item_requests",
    "latest_import",
    "line_names",
    "national_lines",
    "quote",
    "roadmap",
    "search_lines",
    "tax_date",
]
