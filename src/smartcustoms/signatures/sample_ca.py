"""A SAMPLE certification authority for the demo, generated on the machine at seed time (no
key is shipped): a root "SmartCustoms SAMPLE CA", and a signing certificate with its key
for a demo enterprise, written as PEM files the demo's broker software (`smartcustoms
signatures sign`) uses. Trusted only where SMARTCUSTOMS_SIGNING_TRUSTED_CAS names it
(`make run` does, for the demo). Not a real CA: nothing outside the demo trusts it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

CA_NAME = "SmartCustoms SAMPLE CA (demo only)"


@dataclass(frozen=True)
class SampleSigner:
    ca_cert: Path
    key: Path
    cert: Path


def _write(path: Path, data: bytes, *, secret: bool = False) -> None:
    path.write_bytes(data)
    if secret:
        os.chmod(path, 0o600)


def _key(path: Path) -> ec.EllipticCurvePrivateKey:
    if path.exists():
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if isinstance(loaded, ec.EllipticCurvePrivateKey):
            return loaded
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    _write(path, pem, secret=True)
    return key


def sample_signer(
    directory: Path, *, key_name: str, tax_code: str, name: str, at: datetime
) -> SampleSigner:
    """The sample CA and one enterprise's signing certificate, made once in `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    ca_key = _key(directory / "sample-ca.key")
    ca_path = directory / "sample-ca.pem"
    if ca_path.exists():
        ca_cert = x509.load_pem_x509_certificate(ca_path.read_bytes())
    else:
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                x509.NameAttribute(NameOID.COMMON_NAME, CA_NAME),
            ]
        )
        ca_cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(ca_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(at - timedelta(days=1))
            .not_valid_after(at + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .sign(ca_key, hashes.SHA256())
        )
        _write(ca_path, ca_cert.public_bytes(serialization.Encoding.PEM))
    key = _key(directory / f"{key_name}.key")
    cert_path = directory / f"{key_name}.pem"
    if not cert_path.exists():
        usage = x509.KeyUsage(
            digital_signature=True,
            content_commitment=True,
            key_encipherment=False,
            data_encipherment=False,
            key_agreement=False,
            key_cert_sign=False,
            crl_sign=False,
            encipher_only=False,
            decipher_only=False,
        )
        cert = (
            x509.CertificateBuilder()
            .subject_name(
                x509.Name(
                    [
                        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                        x509.NameAttribute(NameOID.COMMON_NAME, f"{name} (SAMPLE)"),
                        x509.NameAttribute(NameOID.USER_ID, f"MST:{tax_code}"),
                    ]
                )
            )
            .issuer_name(ca_cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(at - timedelta(hours=1))
            .not_valid_after(at + timedelta(days=730))
            .add_extension(usage, critical=True)
            .sign(ca_key, hashes.SHA256())
        )
        _write(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    return SampleSigner(ca_path, directory / f"{key_name}.key", cert_path)
