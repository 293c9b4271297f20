"""Organisations, users, roles, login and tokens: one identity across the platform."""
