"""Issue 15's authorization findings, on SQLite and PostgreSQL: officers read dossier
documents only of declarations lodged at their own office (the administrator, any); tax debts
are recorded and settled by a supervisor only, who is named on the settled debt."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from desk_support import file_with_dossier
from risk_support import Desk
from smartcustoms.audit import service as audit
from support import Users, sign_in


def _desk(app_client: TestClient, users: Users) -> Desk:
    return Desk(app_client, users)


def test_an_officer_cannot_read_a_document_by_its_id_but_from_the_dossier_of_their_office(
    app_client: TestClient, users: Users
) -> None:
    desk = _desk(app_client, users)
    declaration, invoice, _ = file_with_dossier(desk)  # lodged at 03CC

    for url in (f"/api/v1/documents/{invoice}", f"/api/v1/documents/{invoice}/content"):
        refused = desk.get("hoa", url)
        assert refused.status_code == 403, refused.text
        assert refused.json()["code"] == "permission_denied"
        assert "their own customs office" in refused.json()["detail"]
        vi = app_client.get(url, headers={**desk.headers("tuan"), "Accept-Language": "vi"})
        assert vi.status_code == 403
        assert "chi cục hải quan của mình" in vi.json()["detail"]
        assert desk.get("lan", url).status_code == 200
        assert desk.get("admin", url).status_code == 200  # the national role

    view = f"/declarations/{declaration['id']}/documents/{invoice}/view"
    sign_in(app_client, "hoa")  # 03CC: the declaration's office
    assert app_client.get(view).status_code == 200
    sign_in(app_client, "tuan")  # 02CI: another office
    assert app_client.get(view).status_code == 404


def test_only_a_supervisor_records_and_settles_a_tax_debt_and_is_named_on_it(
    app_client: TestClient, users: Users, session: Session
) -> None:
    desk = _desk(app_client, users)
    enterprise_id = users.actor("lan").organisation_id
    url = f"/api/v1/risk/traders/{enterprise_id}/tax-debts"
    body = {"amount_vnd": "5000000", "due_date": "2026-10-01", "reference": "TB-15"}

    hoa_vi = {**desk.headers("hoa"), "Accept-Language": "vi"}
    refused = app_client.post(url, json=body, headers=hoa_vi)
    assert refused.status_code == 403, refused.text
    # The policy table refuses the officer's role, naming the action (identity/policy.py).
    assert refused.json()["code"] == "action_not_allowed"
    assert refused.json()["detail"] == (
        "Vai trò của bạn không được làm việc này: "
        "Công nhận, thu hồi doanh nghiệp ưu tiên, ghi nợ thuế."
    )

    recorded = desk.post("son", url, json=body)
    assert recorded.status_code == 201, recorded.text
    debt_id = recorded.json()["id"]
    not_settled = desk.post("hoa", f"/api/v1/risk/tax-debts/{debt_id}/settle")
    assert not_settled.status_code == 403
    assert not_settled.json()["detail"] == (
        "Your role may not do this: Grant or withdraw priority (AEO) status, record tax debts."
    )

    settled = desk.post("son", f"/api/v1/risk/tax-debts/{debt_id}/settle")

    assert settled.status_code == 200, settled.text
    son = users.actor("son")
    assert settled.json()["settled_by_id"] == son.user_id
    assert settled.json()["settled_by_name"] == "Vũ Thanh Sơn"
    assert settled.json()["settled_at"] is not None
    listed = desk.get("son", url).json()
    assert [(d["id"], d["settled_by_name"]) for d in listed] == [(debt_id, "Vũ Thanh Sơn")]
    trail = audit.records_of(session, object_type="tax_debt", object_ids=[str(debt_id)])
    assert [(r.entry.action, r.entry.actor_id) for r in trail] == [
        ("tax_debt.recorded", son.user_id),
        ("tax_debt.settled", son.user_id),
    ]
