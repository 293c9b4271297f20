"""XAdES-signed WCO XML filings, CRLs (a directory, a distribution point on loopback),
declaration types that must be signed and signed licence applications, on SQLite and
PostgreSQL; every refusal bilingual and in the audit chain."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from permits_support import APPLES, Window
from signature_support import SigningCA, crl, crl_der, pem, sign, sign_xml
from smartcustoms.audit.models import AuditRecord
from smartcustoms.config import Settings
from smartcustoms.declarations.schemas import DeclarationFiling
from smartcustoms.exchange import wco
from smartcustoms.signatures.crls import CrlStore
from support import TEST_NOW, Users, import_payload

LAN_MST = "0101234565"
URL = "/api/v1/exchange/wco/declarations"
XML = {"Content-Type": "application/xml"}
BASE = "/api/v1/signatures"


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    """CRLs from a directory; declarations of type A11 must be signed (a test's own list)."""
    (tmp_path / "crls").mkdir()
    required = tmp_path / "required.yaml"
    required.write_text("declaration_types: [A11]\n", encoding="utf-8")
    return settings.model_copy(
        update={"signing_crl_dir": tmp_path / "crls", "signing_required_file": required}
    )


def _xml(**overrides: object) -> bytes:
    data = DeclarationFiling.model_validate(import_payload(**overrides)).model_dump(mode="json")
    return wco.write(data, direction="import")


def _register(app_client: TestClient, headers: dict[str, str], cert: x509.Certificate) -> None:
    answer = app_client.post(f"{BASE}/certificates", json={"pem": pem(cert)}, headers=headers)
    assert answer.status_code == 201, answer.text


def _refusals(session: Session, object_type: str) -> list[str]:
    session.expire_all()
    rows = session.scalars(
        select(AuditRecord).where(AuditRecord.action == f"{object_type}.signature_refused")
    )
    return [str(json.loads(r.details)["reason"]) for r in rows]


def test_a_signed_xml_declaration_registers_and_stays_verifiable(
    app_client: TestClient, users: Users, ca: SigningCA
) -> None:
    lan = users.headers("lan")
    cert = ca.issue(LAN_MST)
    _register(app_client, lan, cert)

    answer = app_client.post(URL, content=sign_xml(_xml(), cert), headers={**lan, **XML})

    assert answer.status_code == 201, answer.text
    assert answer.json()["status"] == "registered"
    declaration_id = answer.json()["declaration_id"]
    checks = app_client.get(f"{BASE}/declarations/{declaration_id}", headers=lan).json()
    assert [(c["valid"], c["tax_code"]) for c in checks] == [(True, LAN_MST)]


def test_an_unsigned_declaration_of_a_type_that_must_be_signed_is_rejected_bilingually(
    app_client: TestClient, users: Users
) -> None:
    lan = users.headers("lan")
    unsigned = app_client.post(URL, content=_xml(), headers={**lan, **XML})
    assert unsigned.status_code == 201, unsigned.text
    assert unsigned.json()["status"] == "rejected"
    (reason,) = unsigned.json()["errors"]
    assert reason["code"] == "signature_required"

    filed = app_client.post("/api/v1/declarations/submit", json=import_payload(), headers=lan)
    declaration = filed.json()["declaration"]
    assert declaration["status"] == "rejected"
    assert "phải được ký số" in declaration["status_reasons"][0]["message_vi"]


def test_a_draft_signed_with_a_jws_registers_when_its_type_must_be_signed(
    app_client: TestClient, users: Users, ca: SigningCA
) -> None:
    lan = users.headers("lan")
    cert = ca.issue(LAN_MST)
    _register(app_client, lan, cert)
    draft = app_client.post("/api/v1/declarations", json=import_payload(), headers=lan).json()
    form = app_client.get(f"{BASE}/declarations/{draft['id']}/form", headers=lan).content
    signed = app_client.post(
        f"{BASE}/declarations/{draft['id']}", json={"signature": sign(form, cert)}, headers=lan
    )
    assert signed.status_code == 201, signed.text

    submitted = app_client.post(f"/api/v1/declarations/{draft['id']}/submit", headers=lan)

    assert submitted.status_code == 200, submitted.text
    answer = submitted.json()
    assert answer.get("declaration", answer)["status"] == "registered"
    # The direction set at submission is not in the signed form: the signature still holds.
    checks = app_client.get(f"{BASE}/declarations/{draft['id']}", headers=lan).json()
    assert [c["valid"] for c in checks] == [True]


def test_a_tampered_or_revoked_xml_signature_is_refused_and_audited(
    app_client: TestClient, users: Users, ca: SigningCA, settings: Settings, session: Session
) -> None:
    lan = users.headers("lan")
    cert = ca.issue(LAN_MST)
    _register(app_client, lan, cert)
    signed = sign_xml(_xml(), cert)
    tampered = signed.replace(b"<ID>61091010</ID>", b"<ID>61091020</ID>")
    answer = app_client.post(URL, content=tampered, headers={**lan, **XML, "Accept-Language": "vi"})
    assert answer.status_code == 422, answer.text
    assert answer.json()["reason"] == "signature_invalid"
    assert "Chữ ký không khớp" in answer.json()["detail"]

    assert settings.signing_crl_dir is not None
    revoked_on = TEST_NOW - timedelta(days=1)
    (settings.signing_crl_dir / "ca.crl").write_bytes(crl_der(crl(ca, [(cert, revoked_on)])))
    revoked = app_client.post(URL, content=signed, headers={**lan, **XML})
    assert revoked.status_code == 422, revoked.text
    assert revoked.json()["reason"] == "certificate_revoked_by_ca"
    assert revoked_on.strftime("%Y-%m-%d") in revoked.json()["detail"]
    assert _refusals(session, "declaration_filing") == [
        "signature_invalid",
        "certificate_revoked_by_ca",
    ]


def test_a_stale_crl_refuses_a_signature_as_revocation_unknown(
    app_client: TestClient, users: Users, ca: SigningCA, settings: Settings
) -> None:
    lan = users.headers("lan")
    cert = ca.issue(LAN_MST)
    _register(app_client, lan, cert)
    assert settings.signing_crl_dir is not None
    stale = crl(ca, issued=TEST_NOW - timedelta(days=10), next_update=TEST_NOW - timedelta(days=3))
    (settings.signing_crl_dir / "ca.pem").write_bytes(crl_der(stale))

    answer = app_client.post(URL, content=sign_xml(_xml(), cert), headers={**lan, **XML})

    assert answer.status_code == 422, answer.text
    assert answer.json()["reason"] == "revocation_stale"
    assert "Revocation status unknown" in answer.json()["detail"]


@pytest.fixture
def crl_server() -> Iterator[tuple[str, dict[str, bytes], list[str]]]:
    served: dict[str, bytes] = {}
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            body = served.get(self.path)
            self.send_response(200 if body else 404)
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *_: Any) -> None:
            return

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", served, asked
    finally:
        server.shutdown()
        server.server_close()


def test_a_crl_is_fetched_from_the_distribution_point_once_until_its_next_update(
    crl_server: tuple[str, dict[str, bytes], list[str]], ca: SigningCA
) -> None:
    base, served, asked = crl_server
    served["/ca.crl"] = crl_der(crl(ca))
    cert = ca.issue(LAN_MST, crl_url=f"{base}/ca.crl")
    store = CrlStore(fetch=True, timeout_seconds=2)

    first = store([cert], TEST_NOW)
    again = store([cert], TEST_NOW + timedelta(days=1))
    after = store([cert], TEST_NOW + timedelta(days=8))

    assert len(first) == len(again) == len(after) == 1
    assert asked == ["/ca.crl", "/ca.crl"]  # kept until nextUpdate, then fetched again
    assert store([ca.issue(LAN_MST, crl_url=f"{base}/missing.crl")], TEST_NOW) == []


def test_a_signed_licence_application_is_kept_and_an_unsigned_one_refused(
    app_client: TestClient, users: Users, ca: SigningCA, session: Session
) -> None:
    session.execute(
        text("UPDATE permit_procedures SET definition = :d WHERE code = 'plant_quarantine_import'"),
        {"d": _required_definition(session)},
    )
    session.commit()
    lan = users.headers("lan")
    body = _application(app_client, users)
    unsigned = app_client.post("/api/v1/permits/applications", json=body, headers=lan)
    assert unsigned.status_code == 422, unsigned.text
    assert unsigned.json()["reason"] == "signature_required_application"

    cert = ca.issue(LAN_MST)
    _register(app_client, lan, cert)
    from smartcustoms.signatures.service import application_form

    token = sign(application_form(body), cert)
    signed = app_client.post(
        "/api/v1/permits/applications", json={**body, "signature": token}, headers=lan
    )
    assert signed.status_code == 201, signed.text
    wrong = sign(application_form({**body, "quantity": "999"}), cert)
    refused = app_client.post(
        "/api/v1/permits/applications", json={**body, "signature": wrong}, headers=lan
    )
    assert refused.json()["reason"] == "signature_invalid"
    assert _refusals(session, "permit_application_filing") == [
        "signature_required_application",
        "signature_invalid",
    ]
    count = session.execute(text("SELECT count(*) FROM application_signatures")).scalar()
    assert count == 1


def _required_definition(session: Session) -> str:
    raw = session.execute(
        text("SELECT definition FROM permit_procedures WHERE code = 'plant_quarantine_import'")
    ).scalar()
    definition = json.loads(raw) if isinstance(raw, str) else dict(raw or {})
    return json.dumps({**definition, "signature_required": True})


def _application(app_client: TestClient, users: Users) -> dict[str, Any]:
    window = Window(app_client, users)
    return {
        "enterprise_id": window.enterprise(),
        "procedure": "plant_quarantine_import",
        "hs_code": APPLES,
        "goods": "Fresh apples, Fuji",
        "origin_country": "NZ",
        "quantity": "10000",
        "unit": "KGM",
        "document_ids": window.dossier(),
        "certificate_country": "NZ",
    }


def test_the_verification_endpoint_and_page_accept_a_jws_or_a_signed_xml(
    app_client: TestClient, users: Users, ca: SigningCA
) -> None:
    from support import sign_in

    lan = users.headers("lan")
    cert = ca.issue(LAN_MST)
    _register(app_client, lan, cert)
    form = b'{"declaration_id":1}'
    jws = app_client.post(
        f"{BASE}/verify",
        json={"signature": sign(form, cert), "payload": form.decode()},
        headers=lan,
    ).json()
    assert (jws["format"], jws["valid"], jws["tax_code"], jws["registered"]) == (
        "jws",
        True,
        LAN_MST,
        True,
    )
    xml = sign_xml(_xml(), cert).decode()
    xades = app_client.post(f"{BASE}/verify", json={"signature": xml}, headers=lan).json()
    assert (xades["format"], xades["valid"]) == ("xades", True)
    tampered = app_client.post(
        f"{BASE}/verify",
        json={"signature": sign(form, cert), "payload": '{"declaration_id":2}'},
        headers={**lan, "Accept-Language": "vi"},
    ).json()
    assert (tampered["valid"], tampered["reason"]) == (False, "signature_invalid")
    assert "Chữ ký không khớp" in tampered["message"]

    sign_in(app_client, "lan")
    page = app_client.get("/signatures/verify?lang=vi")
    assert page.status_code == 200
    assert "Kiểm tra chữ ký số" in page.text
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    checked = app_client.post(
        "/signatures/verify?lang=vi", data={"csrf_token": token, "signature": xml}
    )
    assert checked.status_code == 200, checked.text
    assert "Hợp lệ" in checked.text
    assert LAN_MST in checked.text
