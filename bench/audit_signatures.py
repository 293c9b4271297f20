"""Added latency of issue 15's audit append and signature verification, on PostgreSQL.

1. Audit append per registration: filings (a 10-item import, tariff and risk steps, in a
   single-write unit as the API files) timed one by one, in alternating rounds with the
   audit append and with it switched off (`audit.service.add_entries` made a no-op for the
   round); p50 and p99 wall time per filing each way, and the difference.
2. Signature verification: `signatures.rules.verify_jws` of a detached JWS over a filed
   declaration's canonical form (chain to the CA, validity, key usage, digest), RS256 with a
   2048-bit key and ES256 (P-256), p50 and p99.

Run: .venv/bin/python bench/audit_signatures.py [ROUNDS] [FILINGS_PER_ROUND]
"""

from __future__ import annotations

import base64
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID
from harness.cpu import machine_speed_ms
from harness.payloads import ten_items
from harness.setup import PG_ADMIN_URL, prepare, scratch_database
from sqlalchemy.orm import Session, sessionmaker

from smartcustoms.audit import service as audit
from smartcustoms.config import Settings
from smartcustoms.db import make_engine, make_session_factory, single_write_unit
from smartcustoms.declarations import service as declarations
from smartcustoms.identity import repository as identity_repository
from smartcustoms.identity import service as identity
from smartcustoms.kit.clock import utcnow
from smartcustoms.registration import build_registration
from smartcustoms.signatures.rules import canonical_declaration, verify_jws

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


def _cert(
    subject: str, key: PrivateKey, issuer: x509.Name | None, signer: ec.EllipticCurvePrivateKey
) -> x509.Certificate:
    name = x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, subject)]
        + ([] if issuer is None else [x509.NameAttribute(NameOID.USER_ID, "MST:0101234565")])
    )
    now = utcnow()
    usage = x509.KeyUsage(True, True, False, False, False, False, False, False, False)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer or name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(usage, critical=True)
        .sign(signer, hashes.SHA256())
    )


def _jws(payload: bytes, cert: x509.Certificate, key: PrivateKey, alg: str) -> str:
    x5c = [base64.b64encode(cert.public_bytes(Encoding.DER)).decode()]
    headers = {"x5c": x5c, "sigT": utcnow().isoformat()}
    return jwt.api_jws.encode(
        payload, key, algorithm=alg, headers=headers, is_payload_detached=True
    )


def _quantile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _filings(
    factory: sessionmaker[Session], file: Callable[[Session], None], n: int
) -> list[float]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        with factory() as session:
            single_write_unit(session)
            file(session)
            session.commit()
        times.append((time.perf_counter() - start) * 1000)
    return times


def audit_append(rounds: int, per_round: int) -> None:
    with (
        tempfile.TemporaryDirectory() as tmp,
        scratch_database("postgresql", Path(tmp), PG_ADMIN_URL) as url,
    ):
        prepare(url)
        engine = make_engine(url, pool_size=1)
        factory = make_session_factory(engine)
        setup = build_registration(Settings(database_url=url, var_dir=Path(tmp) / "var"))
        with factory() as session:
            user = identity_repository.user_by_username(session, "lan")
            assert user is not None
            actor = identity.actor_for(session, user_id=user.id)
        content = ten_items()

        def file(session: Session) -> None:
            declarations.file_and_submit(
                session,
                actor=actor,
                enterprise_id=next(iter(actor.enterprise_ids)),
                content=content,
                setup=setup,
                at=utcnow(),
            )

        real = audit.add_entries

        def off(_batch: Any, _entries: Any) -> None:
            return None

        _filings(factory, file, per_round)  # warm-up
        found: dict[bool, list[float]] = {True: [], False: []}
        for index in range(rounds):
            for on in (True, False) if index % 2 == 0 else (False, True):
                audit.add_entries = real if on else off  # type: ignore[assignment]
                found[on].extend(_filings(factory, file, per_round))
        audit.add_entries = real
        with factory() as session:
            checked = audit.verify(session)
        engine.dispose()
    print(f"audit append: {rounds} rounds of {per_round} filings each way (ABBA), single-write")
    for on, name in ((False, "without audit"), (True, "with audit")):
        p50, p99 = statistics.median(found[on]), _quantile(found[on], 0.99)
        print(f"  {name:14} p50 {p50:6.2f} ms  p99 {p99:6.2f} ms per filing")
    d50 = statistics.median(found[True]) - statistics.median(found[False])
    d99 = _quantile(found[True], 0.99) - _quantile(found[False], 0.99)
    print(f"  added by the audit append: p50 {d50:+.2f} ms, p99 {d99:+.2f} ms")
    print(f"  chain after the run: {checked.count} records, intact: {checked.broken is None}")


def signature_verification(n: int) -> None:
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _cert("Bench CA", ca_key, None, ca_key)
    form = canonical_declaration({"declaration_id": 1, "content": {"items": ["x" * 200] * 10}})
    now = utcnow()
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ec_key = ec.generate_private_key(ec.SECP256R1())
    keys: list[tuple[str, PrivateKey, str]] = [
        ("RS256 (RSA 2048)", rsa_key, "RS256"),
        ("ES256 (P-256)", ec_key, "ES256"),
    ]
    for name, key, alg in keys:
        token = _jws(form, _cert("Signer", key, ca.subject, ca_key), key, alg)
        times = []
        for _ in range(n):
            start = time.perf_counter()
            verify_jws(token, form, trusted=[ca], now=now)
            times.append((time.perf_counter() - start) * 1000)
        p50, p99 = statistics.median(times), _quantile(times, 0.99)
        print(f"signature verification {name:17} p50 {p50:5.2f} ms  p99 {p99:5.2f} ms ({n} runs)")


if __name__ == "__main__":
    print(f"machine speed: a fixed Python loop took {machine_speed_ms():.0f} ms (lower is faster)")
    audit_append(
        int(sys.argv[1]) if len(sys.argv) > 1 else 4,
        int(sys.argv[2]) if len(sys.argv) > 2 else 100,
    )
    signature_verification(500)
    print(f"machine speed at the end: the same loop took {machine_speed_ms():.0f} ms")
