"""Portal pages for payments (one router, in parts): what I owe and paying it, my accounts,
receipts and their public verification, the office's view; and the financial panel on a
declaration's page. Same services as the API."""

from __future__ import annotations

from fastapi import APIRouter

from smartcustoms.payments.web import notices, office, receipts, trade
from smartcustoms.payments.web.office import dues_panel

router = APIRouter(include_in_schema=False)
for part in (trade.router, notices.router, office.router, receipts.router):
    router.include_router(part)

__all__ = ["dues_panel", "router"]
