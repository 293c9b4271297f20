"""The database: engines and sessions, column types, single-write units and insert batches.

Domains reach the database through their repository; these are the tools repositories use.
"""

from smartcustoms.db.engine import (
    database_key,
    first_row,
    make_engine,
    make_session_factory,
    transaction,
)
from smartcustoms.db.single_write import (
    SecondWrite,
    ends_without_io,
    note_write,
    single_write_unit,
)
from smartcustoms.db.types import NAMING, Base, ExactDecimal, UtcDateTime

__all__ = [
    "NAMING",
    "Base",
    "ExactDecimal",
    "SecondWrite",
    "UtcDateTime",
    "database_key",
    "ends_without_io",
    "first_row",
    "make_engine",
    "make_session_factory",
    "note_write",
    "single_write_unit",
    "transaction",
]
