"""The audit chain's checkpoints over JSON, for outside parties."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class CheckpointKeyRead(BaseModel):
    """The public key that checks the platform's checkpoints."""

    algorithm: str = Field(examples=["Ed25519"])
    key_id: str = Field(description="SHA-256 of the raw 32-byte public key, hex.")
    public_key_pem: str


class CheckpointRead(BaseModel):
    """The chain's head at a time, signed: the signature is Ed25519 over the bytes
    `smartcustoms audit checkpoint v1\\n` followed by the canonical JSON (keys sorted, no
    spaces) of {"at", "hash", "key", "seq"}, `at` in UTC to the microsecond."""

    seq: int
    head_hash: str
    at: datetime
    key_id: str
    signature: str = Field(description="base64")
