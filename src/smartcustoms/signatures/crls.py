"""Where certificate revocation lists come from: files in a configured directory (PEM or
DER, any name), and, if enabled, each certificate's CRL distribution point over HTTP(S),
fetched with a short timeout and kept until its nextUpdate. A fetch that fails leaves the
status to the files (and to the policy: `rules.check_revocation`)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import httpx2
from cryptography import x509

log = logging.getLogger(__name__)

CRL = x509.CertificateRevocationList


def load_crl(data: bytes) -> CRL | None:
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_crl(data)
        return x509.load_der_x509_crl(data)
    except ValueError:
        return None


def distribution_points(cert: x509.Certificate) -> list[str]:
    """The http(s) URLs of a certificate's CRL distribution points."""
    try:
        points = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    except x509.ExtensionNotFound:
        return []
    urls = []
    for point in points:
        for name in point.full_name or ():
            if isinstance(name, x509.UniformResourceIdentifier) and name.value.startswith(
                ("http://", "https://")
            ):
                urls.append(name.value)
    return urls


@dataclass
class CrlStore:
    """The CRLs of a directory (read again when a file changes) and those fetched."""

    directory: Path | None = None
    fetch: bool = False
    timeout_seconds: float = 3.0
    _files: dict[Path, tuple[float, CRL | None]] = field(default_factory=dict)
    _fetched: dict[str, CRL] = field(default_factory=dict)

    def __call__(self, chain: Sequence[x509.Certificate], now: datetime) -> list[CRL]:
        found = self._from_directory()
        if self.fetch:
            for cert in chain:
                for url in distribution_points(cert):
                    crl = self._from_url(url, now)
                    if crl is not None:
                        found.append(crl)
        return found

    def _from_directory(self) -> list[CRL]:
        if self.directory is None or not self.directory.is_dir():
            return []
        found = []
        for path in sorted(self.directory.iterdir()):
            if not path.is_file():
                continue
            mtime = path.stat().st_mtime
            kept = self._files.get(path)
            if kept is None or kept[0] != mtime:
                kept = (mtime, load_crl(path.read_bytes()))
                self._files[path] = kept
            if kept[1] is not None:
                found.append(kept[1])
        return found

    def _from_url(self, url: str, now: datetime) -> CRL | None:
        kept = self._fetched.get(url)
        if kept is not None and kept.next_update_utc is not None and now <= kept.next_update_utc:
            return kept
        try:
            response = httpx2.get(url, timeout=self.timeout_seconds, follow_redirects=False)
            response.raise_for_status()
        except httpx2.HTTPError as exc:
            log.warning("CRL not fetched from %s: %s", url, exc)
            return kept  # the last one known, stale or not: the rules judge it
        crl = load_crl(response.content)
        if crl is not None:
            self._fetched[url] = crl
        return crl if crl is not None else kept


_STORES: dict[tuple[Path | None, bool, float], CrlStore] = {}


def store_for(directory: Path | None, *, fetch: bool, timeout_seconds: float) -> CrlStore:
    """One store per configuration and process, so its cache is shared by the requests."""
    key = (directory, fetch, timeout_seconds)
    if key not in _STORES:
        _STORES[key] = CrlStore(directory, fetch, timeout_seconds)
    return _STORES[key]
