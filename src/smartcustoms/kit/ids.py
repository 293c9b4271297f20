"""Identifier bounds shared by every API and form."""

from __future__ import annotations

from typing import Annotated

from smartcustoms.kit.wire import WholeNumber

MAX_ID = 2**31 - 1  # database integer keys; larger values cannot name a row

# In a body: a JSON integer, or up to nine digits as a string (a portal form's value).
RowId = Annotated[int, WholeNumber(digits=9, minimum=1, maximum=MAX_ID)]
