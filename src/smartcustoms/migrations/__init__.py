"""Alembic migrations (run with `smartcustoms migrate`)."""
