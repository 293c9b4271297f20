"""Signing certificates and signed declarations through the API, on SQLite and PostgreSQL:
registered, signed over the canonical form, checked again after the fact; expired, revoked,
unknown, untrusted, mismatched or tampered signatures refused in both languages."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from signature_support import SigningCA, other_ca, pem, sign
from smartcustoms.audit import service as audit
from smartcustoms.cli import app
from smartcustoms.config import get_settings
from smartcustoms.db import make_engine, make_session_factory
from smartcustoms.declarations import service as declarations
from smartcustoms.declarations.content import DeclarationContent
from smartcustoms.identity import service as identity
from smartcustoms.signatures import service as signatures
from support import TEST_NOW, Database, Users, import_payload, sign_in

LAN_MST, BINH_MST, BROKER_MST = "0101234565", "0309876547", "0401112222"
BASE = "/api/v1/signatures"


def _draft(app_client: TestClient, headers: dict[str, str], **overrides: object) -> dict[str, Any]:
    payload = import_payload(**overrides)
    response = app_client.post("/api/v1/declarations", json=payload, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


def _register(app_client: TestClient, headers: dict[str, str], cert: Any) -> Any:
    return app_client.post(f"{BASE}/certificates", json={"pem": pem(cert)}, headers=headers)


def _form(app_client: TestClient, headers: dict[str, str], declaration_id: int) -> bytes:
    response = app_client.get(f"{BASE}/declarations/{declaration_id}/form", headers=headers)
    assert response.status_code == 200, response.text
    return response.content


def _sign(app_client: TestClient, headers: dict[str, str], declaration_id: int, token: str) -> Any:
    return app_client.post(
        f"{BASE}/declarations/{declaration_id}", json={"signature": token}, headers=headers
    )


def _refusal(response: Any) -> str:
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["code"] == "signature_refused"
    return str(problem["reason"])


def test_a_registered_certificate_signs_a_declaration_verifiable_later(
    app_client: TestClient, users: Users, ca: SigningCA, session: Session
) -> None:
    lan = users.headers("lan")
    cert = ca.issue(LAN_MST)
    registered = _register(app_client, lan, cert)
    assert registered.status_code == 201, registered.text
    assert registered.json()["tax_code"] == LAN_MST
    draft = _draft(app_client, lan)

    signed = _sign(app_client, lan, draft["id"], sign(_form(app_client, lan, draft["id"]), cert))

    assert signed.status_code == 201, signed.text
    checks = app_client.get(f"{BASE}/declarations/{draft['id']}", headers=lan).json()
    assert [(c["valid"], c["tax_code"]) for c in checks] == [(True, LAN_MST)]
    assert checks[0]["message"].startswith("Valid signature by")
    actions = [
        r.entry.action
        for r in audit.records_of(session, object_type="declaration", object_ids=[str(draft["id"])])
    ]
    assert "declaration.signed" in actions


def test_editing_the_declaration_after_signing_makes_the_signature_invalid(
    app_client: TestClient, users: Users, ca: SigningCA, session: Session
) -> None:
    lan = users.headers("lan")
    cert = ca.issue(LAN_MST)
    _register(app_client, lan, cert)
    draft = _draft(app_client, lan)
    _sign(app_client, lan, draft["id"], sign(_form(app_client, lan, draft["id"]), cert))

    session.execute(
        text("UPDATE declarations SET foreign_party_name = 'Someone else' WHERE id = :i"),
        {"i": draft["id"]},
    )
    session.expire_all()

    checks = app_client.get(
        f"{BASE}/declarations/{draft['id']}", headers={**lan, "Accept-Language": "vi"}
    ).json()
    assert [(c["valid"], c["reason"]) for c in checks] == [(False, "signature_invalid")]
    assert "Chữ ký không khớp với tờ khai" in checks[0]["message"]


def test_refusals_say_why_in_both_languages(
    app_client: TestClient, users: Users, ca: SigningCA, session: Session
) -> None:
    lan = users.headers("lan")
    draft = _draft(app_client, lan)
    form = _form(app_client, lan, draft["id"])

    unknown = ca.issue(LAN_MST)  # never registered
    assert _refusal(_sign(app_client, lan, draft["id"], sign(form, unknown))) == (
        "certificate_unknown"
    )
    untrusted = other_ca().issue(LAN_MST)
    assert _refusal(_register(app_client, lan, untrusted)) == "certificate_untrusted"
    expired = ca.issue(
        LAN_MST, valid_from=TEST_NOW - timedelta(days=400), valid_for=timedelta(days=300)
    )
    assert _refusal(_register(app_client, lan, expired)) == "certificate_not_valid_then"
    binh_cert = ca.issue(BINH_MST)
    vi = _register(app_client, {**lan, "Accept-Language": "vi"}, binh_cert)
    assert _refusal(vi) == "tax_code_mismatch"
    assert "không phải của doanh nghiệp khai báo" in vi.json()["detail"]

    cert = ca.issue(LAN_MST)
    _register(app_client, lan, cert)
    tampered = sign(form.replace(b'"version":1', b'"version":2'), cert)
    assert _refusal(_sign(app_client, lan, draft["id"], tampered)) == "signature_invalid"
    # Each refusal is in the audit chain.
    refused = [
        r.entry.details["reason"]
        for r in audit.records_of(session, object_type="declaration", object_ids=[str(draft["id"])])
        if r.entry.action == "declaration.signature_refused"
    ]
    assert refused == ["certificate_unknown", "signature_invalid"]


def test_a_revoked_certificate_signs_no_more(
    app_client: TestClient, users: Users, ca: SigningCA
) -> None:
    lan = users.headers("lan")
    cert = ca.issue(LAN_MST)
    certificate_id = _register(app_client, lan, cert).json()["id"]
    revoked = app_client.post(f"{BASE}/certificates/{certificate_id}/revoke", headers=lan)
    assert revoked.status_code == 200, revoked.text
    draft = _draft(app_client, lan)

    refused = _sign(app_client, lan, draft["id"], sign(_form(app_client, lan, draft["id"]), cert))

    assert _refusal(refused) == "certificate_revoked"


def test_a_broker_signs_with_its_own_certificate_under_a_mandate_and_not_without(
    app_client: TestClient, users: Users, ca: SigningCA
) -> None:
    minh = users.headers("minh")
    cert = ca.issue(BROKER_MST, common_name="Đại lý Hải quan Duyên Hải")
    assert _register(app_client, minh, cert).status_code == 201
    enterprise_a = users.actor("lan").organisation_id
    draft = _draft(app_client, minh, enterprise_id=enterprise_a)  # under the broker's mandate

    signed = _sign(app_client, minh, draft["id"], sign(_form(app_client, minh, draft["id"]), cert))
    assert signed.status_code == 201, signed.text

    # Lan (enterprise A) cannot sign with the broker's certificate: it is not hers.
    lan = users.headers("lan")
    token = sign(_form(app_client, lan, draft["id"]), cert)
    assert _refusal(_sign(app_client, lan, draft["id"], token)) == "tax_code_mismatch"


def test_the_verify_command_checks_a_declaration_s_signatures_after_the_fact(
    committing_postgresql: Database, ca: SigningCA, tmp_path: Path, monkeypatch: Any
) -> None:
    engine = make_engine(committing_postgresql.url)
    cert = ca.issue(LAN_MST)
    trusted = [ca.cert]
    with make_session_factory(engine)() as session:
        lan = identity.actor_for(
            session,
            user_id=identity.find_user(session, username="lan").id,  # type: ignore[union-attr]
        )
        signatures.register_certificate(
            session, actor=lan, pem=pem(cert), trusted=trusted, at=TEST_NOW
        )
        draft = declarations.create_draft(
            session,
            actor=lan,
            enterprise_id=lan.organisation_id or 0,
            content=DeclarationContent(type_code="A11", office_code="03CC"),
            at=TEST_NOW,
        )
        form = signatures.signed_form(session, actor=lan, declaration_id=draft.id)
        signatures.sign_declaration(
            session,
            actor=lan,
            declaration_id=draft.id,
            signature=sign(form, cert),
            trusted=trusted,
            at=TEST_NOW,
        )
        session.commit()
    monkeypatch.setenv("SMARTCUSTOMS_SIGNING_TRUSTED_CAS", json.dumps([str(ca.pem_file(tmp_path))]))
    get_settings.cache_clear()
    runner = CliRunner()
    url = ["--database-url", committing_postgresql.url]
    try:
        good = runner.invoke(app, ["signatures", "verify", str(draft.id), *url])
        assert good.exit_code == 0, good.output
        assert "OK " in good.output
        assert "Valid signature by" in good.output

        with engine.begin() as connection:
            connection.execute(
                text("UPDATE declarations SET foreign_party_name = 'X' WHERE id = :i"),
                {"i": draft.id},
            )
        bad = runner.invoke(app, ["signatures", "verify", str(draft.id), *url, "--lang", "vi"])
        assert bad.exit_code == 1
        assert "Chữ ký không khớp với tờ khai" in bad.output
    finally:
        get_settings.cache_clear()
        engine.dispose()


def test_the_declaration_page_shows_its_signatures(
    app_client: TestClient, users: Users, ca: SigningCA
) -> None:
    lan = users.headers("lan")
    cert = ca.issue(LAN_MST)
    _register(app_client, lan, cert)
    draft = _draft(app_client, lan)
    _sign(app_client, lan, draft["id"], sign(_form(app_client, lan, draft["id"]), cert))

    sign_in(app_client, "lan")
    page = app_client.get(f"/declarations/{draft['id']}?lang=vi")

    assert page.status_code == 200
    assert "Chữ ký số" in page.text
    assert "Hợp lệ" in page.text
    assert LAN_MST in page.text
