"""The importer's tax code that risk rules match and the decision stores comes with the
registration, as identity read it with the declarant: the risk domain reads no identity
table, and a filing sends no statement more for it; on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from risk_support import Desk
from smartcustoms.declarations import service as declarations
from smartcustoms.declarations.schemas import DeclarationWrite
from smartcustoms.errors import NotFound
from smartcustoms.identity import service as identity
from smartcustoms.risk import repository
from support import TEST_NOW, Database, import_payload


def _stored_tax_code(session: Session, declaration_id: int) -> Any:
    session.expire_all()
    row = repository.decision_of(session, declaration_id)
    assert row is not None
    return row.facts["importer_tax_code"]


def test_a_traders_filing_stores_the_tax_code_of_the_traders_enterprise(
    desk: Desk, session: Session
) -> None:
    declaration = desk.file("lan")["declaration"]

    tax_code = identity.get_organisation(session, declaration["enterprise_id"]).tax_code
    assert tax_code
    assert _stored_tax_code(session, declaration["id"]) == tax_code


def test_a_brokers_filings_store_the_tax_code_of_each_enterprise_declared_for(
    desk: Desk, session: Session
) -> None:
    enterprise_ids = sorted(desk.users.actor("minh").enterprise_ids)
    assert len(enterprise_ids) == 2
    stored = []
    for enterprise_id in enterprise_ids:
        declaration = desk.file("minh", enterprise_id=enterprise_id)["declaration"]
        stored.append(_stored_tax_code(session, declaration["id"]))

    expected = [identity.get_organisation(session, e).tax_code for e in enterprise_ids]
    assert stored == expected
    assert len(set(stored)) == 2


def test_a_filing_reads_identity_only_to_check_access_once_the_declarant_is_known(
    desk: Desk, database: Database
) -> None:
    lan = desk.headers("lan")
    url = "/api/v1/declarations/submit"
    assert desk.client.post(url, json=import_payload(), headers=lan).status_code == 201
    statements: list[str] = []

    @event.listens_for(database.engine, "before_cursor_execute")
    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    try:
        filed = desk.client.post(url, json=import_payload(), headers=lan)
    finally:
        event.remove(database.engine, "before_cursor_execute", record)

    assert filed.status_code == 201, filed.text
    assert statements
    identity_reads = [s for s in statements if "organisations" in s or "FROM users" in s]
    # Only the access check (is the user disabled, the token revoked?), by primary keys.
    assert len(identity_reads) == 1
    assert "revoked_tokens" in identity_reads[0]
    assert "organisations" not in identity_reads[0]
    # The risk step's read is still one statement: standing and the inputs' fingerprint; the
    # payments step asks risk once more, by primary key, whether the enterprise has priority
    # (its tax deadline), as the risk step runs after it.
    profiles = [s for s in statements if "trader_profiles" in s]
    assert len(profiles) == 2
    assert sum("risk_model_versions" in s for s in profiles) == 1


def _file_as(desk: Desk, session: Session, actor: Any, enterprise_id: int) -> int:
    written = declarations.file_and_submit(
        session,
        actor=actor,
        enterprise_id=enterprise_id,
        content=DeclarationWrite.model_validate(import_payload()).to_content(),
        setup=desk.client.app.state.services.registration,  # type: ignore[attr-defined]
        at=TEST_NOW,
    )
    session.flush()
    return written.id


def test_an_actor_made_without_tax_codes_still_files_with_the_enterprises_tax_code(
    desk: Desk, session: Session
) -> None:
    lan = desk.users.actor("lan")
    enterprise_id = next(iter(lan.enterprise_ids))
    bare = replace(lan, enterprise_tax_codes=())  # as a script or a test may build one

    declaration_id = _file_as(desk, session, bare, enterprise_id)

    tax_code = identity.get_organisation(session, enterprise_id).tax_code
    assert _stored_tax_code(session, declaration_id) == tax_code


def test_an_actor_made_without_tax_codes_cannot_file_for_an_unknown_enterprise(
    desk: Desk, session: Session
) -> None:
    lan = desk.users.actor("lan")
    ghost = replace(lan, enterprise_ids=frozenset({987_654}), enterprise_tax_codes=())

    with pytest.raises(NotFound):
        _file_as(desk, session, ghost, 987_654)
