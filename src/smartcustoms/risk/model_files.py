"""Fraud model files: their digest, loading one checked, and the models an app keeps loaded."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any, Protocol

from smartcustoms.kit.caches import UNTIL_DROPPED, Kept
from smartcustoms.risk.messages import error
from smartcustoms.risk.ml.errors import ModelFileError, ModelSchemaMismatch
from smartcustoms.risk.ml.features import FEATURE_SCHEMA_VERSION
from smartcustoms.risk.ml.model import FraudModel


class StoredModel(Protocol):
    """What names a stored model version's file (a `ModelVersion` row or an `ActiveModel`)."""

    @property
    def file_name(self) -> str: ...

    @property
    def sha256(self) -> str: ...


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_checked(path: Path, sha256: str | None) -> FraudModel:
    """Load a model file, refusing one that changed or was built for other features."""
    if not path.is_file():
        raise error(ModelFileError, "model_file_invalid.missing", name=path.name)
    if sha256 is not None and file_sha256(path) != sha256:
        raise error(ModelFileError, "model_file_invalid.changed", name=path.name)
    # Refuses a file built for another feature schema (ModelSchemaMismatch).
    model = FraudModel.load(path)
    if model.schema_version != FEATURE_SCHEMA_VERSION:
        raise error(
            ModelSchemaMismatch,
            ModelSchemaMismatch.code,
            built=model.schema_version,
            current=FEATURE_SCHEMA_VERSION,
        )
    return model


class LoadedModels:
    """The fraud models an app has loaded (made by `caches.AppCaches`, carried by its sessions).

    - `by_file`: each model by its resolved file and SHA-256, at most 4 (a LightGBM model
      takes a few MB); the digest pins the content, so an entry is never stale.
    - `by_name`: the same models by the names registration gives (directory, file, digest),
      at most 8, found without a system call.

    Activating another version changes the selection inputs' fingerprint, so registration
    asks for the new one; the old one is pushed out by the bound. `clear()` makes the next
    use read (and check) the files again.
    """

    def __init__(self) -> None:
        dropped_when = "pushed out by the bound (the digest in the key pins the content)"
        self.by_file: Kept[tuple[str, str], FraudModel] = Kept(
            "risk.models_by_file", maxsize=4, ttl_seconds=UNTIL_DROPPED, dropped_when=dropped_when
        )
        self.by_name: Kept[tuple[str, str, str], FraudModel] = Kept(
            "risk.models_by_name", maxsize=8, ttl_seconds=UNTIL_DROPPED, dropped_when=dropped_when
        )
        self._loading = threading.Lock()  # one load of a file at a time, not one per request

    def load(self, version: StoredModel, *, models_dir: Path) -> FraudModel:
        """The version's model, kept or read from its checked file."""
        # Registration asks at every declaration: first by the names given, which needs no
        # system call; the digest in the key still pins the content.
        named = (str(models_dir), version.file_name, version.sha256)
        found = self.by_name.get(named)
        if found is not None:
            return found
        path = models_dir / version.file_name
        key = (str(path.resolve()), version.sha256)
        with self._loading:
            found = self.by_file.get(key)
            if found is None:
                found = load_checked(path, version.sha256)
                self.by_file.put(key, found)
        self.by_name.put(named, found)
        return found

    def clear(self) -> None:
        self.by_name.clear()
        self.by_file.clear()

    def all(self) -> tuple[Kept[Any, Any], ...]:
        return (self.by_file, self.by_name)
