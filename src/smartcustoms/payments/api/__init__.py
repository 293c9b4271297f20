"""JSON API for payments: thin, every decision is in the services (one router, in parts)."""

from __future__ import annotations

from fastapi import APIRouter

from smartcustoms.openapi import AUTHENTICATED
from smartcustoms.payments.api import accounts, bank, notices, owed

router = APIRouter(prefix="/api/v1/payments", tags=["payments"], responses=AUTHENTICATED)
for part in (owed.router, bank.router, accounts.router, notices.router):
    router.include_router(part)
