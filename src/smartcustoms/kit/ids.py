"""Identifier bounds shared by every API and form."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

MAX_ID = 2**31 - 1  # database integer keys; larger values cannot name a row

RowId = Annotated[int, Field(ge=1, le=MAX_ID)]
