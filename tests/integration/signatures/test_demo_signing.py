"""The demo's SAMPLE CA, generated at seed time: Lan's certificate registered, and her broker
software (`smartcustoms signatures sign`) signs a declaration's form and its WCO XML
browser-free, in a way the platform accepts."""

from __future__ import annotations

import stat
from pathlib import Path

from cryptography import x509
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from smartcustoms.cli import app
from smartcustoms.demo import seed_signing
from smartcustoms.identity import service as identity
from smartcustoms.signatures import service as signatures
from smartcustoms.signatures.rules import canonical_declaration, verify_jws
from smartcustoms.signatures.xades import verify_xades
from support import TEST_NOW, Users


def test_the_demo_signs_with_a_sample_ca_made_at_seed_time(
    session: Session, users: Users, tmp_path: Path
) -> None:
    signer = seed_signing(session, tmp_path, at=TEST_NOW)
    assert signer is not None
    again = seed_signing(session, tmp_path, at=TEST_NOW)  # idempotent: the same files, once
    assert again == signer
    lan = identity.actor_for(session, user_id=users.actor("lan").user_id)
    (registered,) = signatures.certificates(session, actor=lan)
    assert "SAMPLE" in registered.subject
    assert stat.S_IMODE(signer.key.stat().st_mode) == 0o600
    ca = x509.load_pem_x509_certificate(signer.ca_cert.read_bytes())

    form = tmp_path / "form.json"
    form.write_bytes(canonical_declaration({"declaration_id": 1}))
    xml = tmp_path / "declaration.xml"
    xml.write_bytes(
        b'<Declaration xmlns="urn:wco:datamodel:WCO:DEC-DMS:2"><ID>1</ID></Declaration>'
    )
    runner = CliRunner()
    common = ["--key", str(signer.key), "--cert", str(signer.cert), "--at", TEST_NOW.isoformat()]
    jws = runner.invoke(app, ["signatures", "sign", *common, str(form)])
    assert jws.exit_code == 0, jws.output
    found = verify_jws(jws.output.strip(), form.read_bytes(), trusted=[ca], now=TEST_NOW)
    assert found.chain[0].serial_number == int(registered.serial, 16)
    signed_xml = tmp_path / "signed.xml"
    xades = runner.invoke(app, ["signatures", "sign", *common, "--out", str(signed_xml), str(xml)])
    assert xades.exit_code == 0, xades.output
    assert (
        verify_xades(signed_xml.read_bytes(), trusted=[ca], now=TEST_NOW).document
        == xml.read_bytes()
    )
