"""Pure tariff rules: schedule records, the indexed TariffBook and the quote of duties and taxes.

No I/O here: schedules, exchange rates, reference code lists and the declaration date all
come in as arguments. One module per concern; this package's names are the domain's face:

- `schedule`: what a published schedule holds (lines, rates over time, agreements, FX);
- `book`: the schedule indexed, the rate in force on a date;
- `request`: an item to be taxed and the checks of its figures and codes;
- `taxes`: one tax line, the amount a rate gives on a base;
- `preferences`: FTA eligibility, proofs of origin, the import duty;
- `quote`: valuation (CIF / FOB by Incoterm) and the quote of every duty and tax;
- `errors`: the typed errors (their texts are in `tariff.messages`).
"""

from __future__ import annotations

from smartcustoms.tariff.rules.book import MAX_REMEMBERED_CHECKS, CheckKey, TariffBook
from smartcustoms.tariff.rules.errors import (
    InvalidQuoteRequest,
    NoExchangeRate,
    NoRateInForce,
    ProofNotAccepted,
    UnitMismatch,
    UnknownTariffLine,
)
from smartcustoms.tariff.rules.preferences import (
    PreferenceCheck,
    PreferenceStatus,
    import_duty,
    preference_checks,
)
from smartcustoms.tariff.rules.quote import Quote, cif_value, fob_value, quote
from smartcustoms.tariff.rules.request import (
    MAX_FIGURE,
    PRICE_INCLUDES,
    Direction,
    Incoterm,
    QuoteRequest,
    check_request,
)
from smartcustoms.tariff.rules.schedule import (
    COUNTRY_RE,
    CURRENCY_RE,
    HS8_RE,
    HUNDRED,
    LINE_NAMES,
    ZERO,
    Agreement,
    ExchangeRate,
    FtaRate,
    NomenclatureLine,
    RateKind,
    TariffSchedule,
    Tax,
    TaxName,
    TaxRate,
    format_decimal,
)
from smartcustoms.tariff.rules.taxes import TaxLine, assess, tax_line

__all__ = [
    "COUNTRY_RE",
    "CURRENCY_RE",
    "HS8_RE",
    "HUNDRED",
    "LINE_NAMES",
    "MAX_FIGURE",
    "MAX_REMEMBERED_CHECKS",
    "PRICE_INCLUDES",
    "ZERO",
    "Agreement",
    "CheckKey",
    "Direction",
    "ExchangeRate",
    "FtaRate",
    "Incoterm",
    "InvalidQuoteRequest",
    "NoExchangeRate",
    "NoRateInForce",
    "NomenclatureLine",
    "PreferenceCheck",
    "PreferenceStatus",
    "ProofNotAccepted",
    "Quote",
    "QuoteRequest",
    "RateKind",
    "TariffBook",
    "TariffSchedule",
    "Tax",
    "TaxLine",
    "TaxName",
    "TaxRate",
    "UnitMismatch",
    "UnknownTariffLine",
    "assess",
    "check_request",
    "cif_value",
    "fob_value",
    "format_decimal",
    "import_duty",
    "preference_checks",
    "quote",
    "tax_line",
]
