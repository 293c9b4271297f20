"""Typed failures of the fraud model: bad input data and incompatible model files."""

from __future__ import annotations

from smartcustoms.errors import DomainError, ValidationFailed


class ModelDataError(ValidationFailed):
    """Declaration data for the fraud model is missing columns or holds malformed values."""

    code = "model_data_invalid"
    title = "Invalid model data"


class ModelSchemaMismatch(DomainError):
    """A saved model was built for a feature schema this code does not produce."""

    code = "model_schema_mismatch"
    status = 409
    title = "Model schema mismatch"


class ModelFileError(DomainError):
    """A model file cannot be read: missing, truncated or not a SmartCustoms model."""

    code = "model_file_invalid"
    status = 422
    title = "Invalid model file"
