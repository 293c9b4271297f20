"""Typed notifications to traders, pushed to their callback URL (signed) or pulled."""
