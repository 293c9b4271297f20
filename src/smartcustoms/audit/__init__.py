"""The audit trail: every state change as a record in one SHA-256 hash chain."""
