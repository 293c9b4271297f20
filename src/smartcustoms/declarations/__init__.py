"""Customs declarations: drafting, validation, submission, registration, amendment."""
