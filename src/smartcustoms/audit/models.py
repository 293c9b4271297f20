"""The audit chain's tables: the records, and the head row appends lock."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from smartcustoms.db import Base, UtcDateTime


class AuditRecord(Base):
    """One state change, chained to the one before by its hash (audit/rules.py)."""

    __tablename__ = "audit_records"

    # The chain's order; no sequence, as the appender takes the head's number + 1 under a lock.
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer, index=True)
    on_behalf_of: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(80))
    details: Mapped[str] = mapped_column(Text)  # canonical JSON, as hashed


class AuditChainHead(Base):
    """The one row (id 1) holding the chain's last number and hash. Appenders lock it (FOR
    UPDATE) so two transactions never chain onto the same record; it also remembers how long
    the chain was, so deleting the last records is detected."""

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))


class AuditCheckpoint(Base):
    """The chain's head at a moment, signed with the platform's checkpoint key (Ed25519), so
    a chain truncated or rewritten after it is detected (audit/checkpoints.py). Exported
    copies kept outside the platform anchor it even if these rows are deleted."""

    __tablename__ = "audit_checkpoints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    head_hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    key_id: Mapped[str] = mapped_column(String(64))  # SHA-256 of the raw public key, hex
    signature: Mapped[str] = mapped_column(String(100))  # base64 of the 64-byte signature
