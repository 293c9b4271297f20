"""A certification authority of the tests' own, built with `cryptography`: signing
certificates as a licensed Vietnamese CA issues them (the tax code as `UID=MST:…`), and
detached JWS signatures as a broker's software makes them."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from support import TEST_NOW

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

# Key generation is the slow part: one RSA and one EC key per process, reused.
_RSA = rsa.generate_private_key(public_exponent=65537, key_size=2048)
_EC = ec.generate_private_key(ec.SECP256R1())
_CA_KEY = ec.generate_private_key(ec.SECP256R1())
_OTHER_CA_KEY = ec.generate_private_key(ec.SECP256R1())


def _name(common_name: str, tax_code: str | None = None) -> x509.Name:
    parts = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ]
    if tax_code is not None:
        parts.append(x509.NameAttribute(NameOID.USER_ID, f"MST:{tax_code}"))
    return x509.Name(parts)


@dataclass
class SigningCA:
    """A root CA; `issue` makes a signer's certificate under it."""

    name: str = "SmartCustoms Test CA"
    key: ec.EllipticCurvePrivateKey = field(default_factory=lambda: _CA_KEY)
    cert: x509.Certificate = field(init=False)

    def __post_init__(self) -> None:
        subject = _name(self.name)
        self.cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(TEST_NOW - timedelta(days=3650))
            .not_valid_after(TEST_NOW + timedelta(days=3650 * 2))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(self.key, hashes.SHA256())
        )

    def pem_file(self, directory: Path) -> Path:
        path = directory / f"{self.name.replace(' ', '-')}.pem"
        path.write_bytes(self.cert.public_bytes(Encoding.PEM))
        return path

    def issue(
        self,
        tax_code: str | None,
        *,
        key: PrivateKey = _RSA,
        valid_from: datetime = TEST_NOW - timedelta(days=30),
        valid_for: timedelta = timedelta(days=365 * 4),
        signing: bool = True,
        common_name: str = "Công ty TNHH Thương mại Sông Hồng",
        crl_url: str | None = None,
    ) -> x509.Certificate:
        usage = x509.KeyUsage(
            digital_signature=signing,
            content_commitment=signing,
            key_encipherment=not signing,
            data_encipherment=False,
            key_agreement=False,
            key_cert_sign=False,
            crl_sign=False,
            encipher_only=False,
            decipher_only=False,
        )
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(common_name, tax_code))
            .issuer_name(self.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(valid_from)
            .not_valid_after(valid_from + valid_for)
            .add_extension(usage, critical=True)
        )
        if crl_url is not None:
            point = x509.DistributionPoint(
                full_name=[x509.UniformResourceIdentifier(crl_url)],
                relative_name=None,
                reasons=None,
                crl_issuer=None,
            )
            builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
        return builder.sign(self.key, hashes.SHA256())


def other_ca() -> SigningCA:
    """A CA customs does not trust (same name, another key: a forger's)."""
    return SigningCA(key=_OTHER_CA_KEY)


def pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(Encoding.PEM).decode()


def sign(
    payload: bytes,
    cert: x509.Certificate,
    *,
    key: PrivateKey = _RSA,
    at: datetime = TEST_NOW,
    algorithm: str | None = None,
) -> str:
    """A detached JWS over `payload` as a signer's software makes it."""
    alg = algorithm or ("ES256" if isinstance(key, ec.EllipticCurvePrivateKey) else "RS256")
    headers = {
        "x5c": [base64.b64encode(cert.public_bytes(Encoding.DER)).decode()],
        "sigT": at.isoformat(),
    }
    return jwt.api_jws.encode(
        payload, key, algorithm=alg, headers=headers, is_payload_detached=True
    )


EC_KEY = _EC
RSA_KEY = _RSA


def crl(
    ca: SigningCA,
    revoked: list[tuple[x509.Certificate, datetime]] = (),  # type: ignore[assignment]
    *,
    issued: datetime = TEST_NOW - timedelta(hours=1),
    next_update: datetime = TEST_NOW + timedelta(days=7),
    key: PrivateKey | None = None,
) -> x509.CertificateRevocationList:
    """A CRL of `ca` (signed by `key`, the CA's own unless a forger's is given)."""
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.cert.subject)
        .last_update(issued)
        .next_update(next_update)
    )
    for cert, when in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(cert.serial_number)
            .revocation_date(when)
            .build()
        )
    return builder.sign(key or ca.key, hashes.SHA256())


def crl_der(found: x509.CertificateRevocationList) -> bytes:
    return found.public_bytes(Encoding.DER)


def sign_xml(
    xml: bytes, cert: x509.Certificate, *, key: PrivateKey = _RSA, at: datetime = TEST_NOW
) -> bytes:
    """An enveloped XAdES over a WCO XML declaration, as a broker's software makes it."""
    from smartcustoms.signatures.xades import sign_xml as xades_sign

    return xades_sign(xml, key=key, chain=[cert], at=at)
