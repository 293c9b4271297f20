"""What one running bank holds: its settings, database, clock, key, faults and worker."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request
from sqlalchemy.orm import Session, sessionmaker

from smartcustoms.bank_sandbox.config import SandboxSettings
from smartcustoms.bank_sandbox.delivery import CallbackWorker
from smartcustoms.bank_sandbox.service import Faults
from smartcustoms.kit.clock import Clock


@dataclass
class Bank:
    settings: SandboxSettings
    sessions: sessionmaker[Session]
    clock: Clock
    key: bytes = field(repr=False)
    worker: CallbackWorker
    faults: Faults = field(default_factory=Faults.none)


async def get_bank(request: Request) -> Bank:
    """Async: it does no I/O, so FastAPI runs it on the loop rather than in a thread."""
    bank: Bank = request.app.state.bank
    return bank
