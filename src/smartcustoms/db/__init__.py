"""The database: engines and sessions, column types, single-write units and insert batches.

Domains reach the database through their repository; these are the tools repositories use.
"""

from smartcustoms.db.carried import carried, sessions_carrying
from smartcustoms.db.engine import (
    database_key,
    first_row,
    make_engine,
    make_session_factory,
    read_only_unit,
    transaction,
)
from smartcustoms.db.quick_reads import QuickReads
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
    "QuickReads",
    "SecondWrite",
    "UtcDateTime",
    "carried",
    "database_key",
    "ends_without_io",
    "first_row",
    "make_engine",
    "make_session_factory",
    "note_write",
    "read_only_unit",
    "sessions_carrying",
    "single_write_unit",
    "transaction",
]
