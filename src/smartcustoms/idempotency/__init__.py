"""Idempotency keys: a retried request gets the first answer, never a second effect."""
