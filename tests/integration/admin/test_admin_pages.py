"""The administrator's pages: users, enterprises, customs offices and the roles matrix, in
both languages, for administrators only, each change recorded for the audit trail."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from smartcustoms.audit import service as audit
from smartcustoms.identity.models import Organisation, User
from smartcustoms.outbox.models import OutboxEvent
from support import csrf, sign_in

STRONG = "violet-harbour-lantern-42"


def _admin(client: TestClient, lang: str = "en") -> None:
    sign_in(client, "admin")
    client.cookies.set("lang", lang)


def _post(client: TestClient, url: str, form_url: str, data: dict[str, object]) -> object:
    token = csrf(client.get(form_url).text)
    return client.post(url, data={"csrf_token": token, **data}, follow_redirects=False)


def _actions(session: Session, action: str) -> list[OutboxEvent]:
    events = session.scalars(select(OutboxEvent).where(OutboxEvent.topic == "admin.action"))
    return [e for e in events if e.payload["action"] == action]


def _enterprise_id(session: Session, tax_code: str) -> int:
    org = session.scalars(select(Organisation).where(Organisation.tax_code == tax_code)).one()
    return org.id


def test_only_an_administrator_sees_the_admin_pages(app_client: TestClient) -> None:
    sign_in(app_client, "lan")
    for url in ("/admin/users", "/admin/enterprises", "/admin/offices", "/admin/roles"):
        refused = app_client.get(url)
        assert refused.status_code == 403, url
    app_client.cookies.set("lang", "vi")
    assert "không được làm việc này: Quản lý người dùng" in app_client.get("/admin/users").text


def test_the_administrator_lands_on_the_users_and_finds_them_without_diacritics(
    app_client: TestClient,
) -> None:
    _admin(app_client, "vi")
    home = app_client.get("/", follow_redirects=False)
    assert home.headers["location"] == "/admin/users"
    listing = app_client.get("/admin/users")
    assert "Người dùng" in listing.text
    assert "Công chức hải quan" in listing.text
    for username in ("lan", "minh", "hoa", "admin"):
        assert f'data-username="{username}"' in listing.text
    found = app_client.get("/admin/users", params={"q": "cong chuc"})
    assert 'data-username="hoa"' in found.text
    assert 'data-username="lan"' not in found.text
    # An officer's office by name, never its code alone.
    row = re.search(r'<tr data-username="hoa">.*?</tr>', found.text, re.S)
    assert row is not None
    assert "03CC" not in row.group(0)


def test_a_broker_is_created_for_a_firm_and_the_creation_is_recorded(
    app_client: TestClient, session: Session
) -> None:
    _admin(app_client)
    firm = _enterprise_id(session, "0401112222")  # the demo broker firm, Duyên Hải
    created = _post(
        app_client,
        "/admin/users/new",
        "/admin/users/new",
        {
            "username": "thu.broker",
            "password": STRONG,
            "full_name": "Phạm Thu",
            "email": "thu@example.vn",
            "role": "broker",
            "office_code": "",
            "organisation_id": str(firm),
        },
    )
    assert created.status_code == 303, created.text
    user = session.scalars(select(User).where(User.username == "thu.broker")).one()
    assert (user.role, user.organisation_id, user.email) == ("broker", firm, "thu@example.vn")
    [event] = _actions(session, "user.create")
    assert event.payload["actor"] == "admin"
    assert event.payload["details"]["organisation_id"] == firm
    assert STRONG not in str(event.payload)
    page = app_client.get(created.headers["location"])
    assert "The user was created." in page.text
    # Whom the broker may declare for: the enterprises that delegated to the firm.
    delegating = page.text[page.text.index('id="delegating"') :]
    assert "Công ty TNHH Thương mại Sông Hồng (demo)" in delegating
    without_firm = _post(
        app_client,
        "/admin/users/new",
        "/admin/users/new",
        {"username": "lone.broker", "password": STRONG, "full_name": "Lone", "role": "broker"},
    )
    assert without_firm.status_code == 422
    assert 'data-path="organisation_id"' in without_firm.text


def test_every_mistake_on_the_user_form_is_shown_beside_its_field_in_vietnamese(
    app_client: TestClient,
) -> None:
    _admin(app_client, "vi")
    refused = _post(
        app_client,
        "/admin/users/new",
        "/admin/users/new",
        {"username": "a b", "password": STRONG, "full_name": " ", "role": "officer"},
    )
    assert refused.status_code == 422
    text = refused.text
    assert 'data-path="username">Tên đăng nhập gồm 3 đến 100' in text
    assert 'data-path="full_name">Phải nhập Họ và tên.' in text
    assert 'data-path="office_code">Công chức hải quan phải thuộc một chi cục' in text


def test_a_weak_password_or_a_taken_username_is_refused(app_client: TestClient) -> None:
    _admin(app_client)
    base = {"full_name": "Test Person", "role": "admin", "office_code": "", "organisation_id": ""}
    weak = _post(
        app_client,
        "/admin/users/new",
        "/admin/users/new",
        {**base, "username": "tester", "password": "password1234"},
    )
    assert weak.status_code == 422
    assert "most common" in weak.text or "too easy" in weak.text
    taken = _post(
        app_client,
        "/admin/users/new",
        "/admin/users/new",
        {**base, "username": "lan", "password": STRONG},
    )
    assert taken.status_code == 409
    assert "is taken" in taken.text


def test_disabling_signs_the_user_out_and_enabling_lets_them_back_in(
    app_client: TestClient, session: Session
) -> None:
    lan = session.scalars(select(User).where(User.username == "lan")).one()
    _admin(app_client)
    url = f"/admin/users/{lan.id}"
    no_reason = _post(app_client, f"{url}/disable", url, {"reason": " "})
    assert no_reason.status_code == 422
    disabled = _post(app_client, f"{url}/disable", url, {"reason": "left the company"})
    assert disabled.status_code == 303
    session.refresh(lan)
    assert not lan.active
    assert lan.disabled_reason == "left the company"
    assert "left the company" in app_client.get(url).text
    enabled = _post(app_client, f"{url}/enable", url, {})
    assert enabled.status_code == 303
    session.refresh(lan)
    assert lan.active
    assert lan.disabled_at is None
    assert [e.payload["action"] for e in _actions(session, "user.disable")] == ["user.disable"]
    # In the tamper-evident audit trail too, with who did it.
    trail = audit.records_of(session, object_type="user", object_ids=[str(lan.id)])
    admin_links = [link.entry for link in trail if link.entry.action.startswith("admin.")]
    assert [e.action for e in admin_links] == ["admin.user.disable", "admin.user.enable"]
    assert admin_links[0].details["reason"] == "left the company"
    assert len(_actions(session, "user.enable")) == 1
    sign_in(app_client, "lan")  # enabled: the demo password opens it again


def test_an_administrator_cannot_disable_themselves(
    app_client: TestClient, session: Session
) -> None:
    admin = session.scalars(select(User).where(User.username == "admin")).one()
    _admin(app_client)
    url = f"/admin/users/{admin.id}"
    refused = _post(app_client, f"{url}/disable", url, {"reason": "oops"})
    assert refused.status_code == 409
    assert "your own account" in refused.text


def test_a_new_password_replaces_the_old_one_and_ends_the_sessions(
    app_client: TestClient, session: Session
) -> None:
    hoa = session.scalars(select(User).where(User.username == "hoa")).one()
    generation = hoa.token_generation
    _admin(app_client)
    url = f"/admin/users/{hoa.id}"
    assert _post(app_client, f"{url}/password", url, {"password": "short"}).status_code == 422
    assert _post(app_client, f"{url}/password", url, {"password": STRONG}).status_code == 303
    session.refresh(hoa)
    assert hoa.token_generation == generation + 1
    old = app_client.post("/api/v1/auth/token", json={"username": "hoa", "password": "x" * 12})
    assert old.status_code == 401
    new = app_client.post("/api/v1/auth/token", json={"username": "hoa", "password": STRONG})
    assert new.status_code == 200
    assert len(_actions(session, "user.reset_password")) == 1


def test_moving_an_officer_to_another_office_ends_their_sessions(
    app_client: TestClient, session: Session
) -> None:
    hoa = session.scalars(select(User).where(User.username == "hoa")).one()
    generation = hoa.token_generation
    _admin(app_client)
    url = f"/admin/users/{hoa.id}"
    moved = _post(
        app_client,
        url,
        url,
        {"full_name": hoa.full_name, "email": "", "role": "officer", "office_code": "02CI"},
    )
    assert moved.status_code == 303, moved.text
    session.refresh(hoa)
    assert hoa.office_code == "02CI"
    assert hoa.token_generation == generation + 1
    unknown = _post(
        app_client, url, url, {"full_name": "x", "role": "officer", "office_code": "ZZ99"}
    )
    assert unknown.status_code == 422
    assert "no customs office with code ZZ99" in unknown.text


def test_an_enterprise_is_created_edited_and_made_a_priority_enterprise(
    app_client: TestClient, session: Session
) -> None:
    _admin(app_client, "vi")
    bad = _post(
        app_client,
        "/admin/enterprises/new",
        "/admin/enterprises/new",
        {"name": "Công ty Mới", "tax_code": "123", "address": ""},
    )
    assert bad.status_code == 422
    assert "không phải là mã số thuế hợp lệ" in bad.text
    created = _post(
        app_client,
        "/admin/enterprises/new",
        "/admin/enterprises/new",
        {"name": "Công ty Mới", "tax_code": "0100109106", "address": "Hà Nội"},
    )
    assert created.status_code == 303, created.text
    url = created.headers["location"].split("?")[0]
    renamed = _post(app_client, url, url, {"name": "Công ty Mới Đổi Tên", "address": "Hà Nội"})
    assert renamed.status_code == 303
    # Valid until, typed day/month/year.
    wrong_day = _post(
        app_client, f"{url}/priority", url, {"priority": "yes", "valid_until": "31/02/2027"}
    )
    assert wrong_day.status_code == 422
    assert "ngày/tháng/năm" in wrong_day.text
    made = _post(
        app_client, f"{url}/priority", url, {"priority": "yes", "valid_until": "31/12/2027"}
    )
    assert made.status_code == 303
    page = app_client.get(url)
    assert 'id="priority">có' in page.text
    assert 'value="31/12/2027"' in page.text
    listing = app_client.get("/admin/enterprises", params={"q": "moi doi ten"})
    assert "Công ty Mới Đổi Tên" in listing.text
    assert "0100109106" in listing.text
    actions = {"enterprise.create", "enterprise.update", "enterprise.priority"}
    assert all(len(_actions(session, a)) == 1 for a in actions)


def test_a_customs_office_is_added_renamed_and_offered_on_the_user_form(
    app_client: TestClient, session: Session
) -> None:
    _admin(app_client)
    created = _post(
        app_client,
        "/admin/offices/new",
        "/admin/offices/new",
        {
            "code": "01ab",
            "name_vi": "Chi cục HQ Thử",
            "name_en": "Test office",
            "location_code": "",
        },
    )
    assert created.status_code == 303, created.text
    assert created.headers["location"].startswith("/admin/offices/01AB")
    again = _post(
        app_client,
        "/admin/offices/new",
        "/admin/offices/new",
        {"code": "01AB", "name_vi": "x", "name_en": "y", "location_code": ""},
    )
    assert again.status_code == 409
    renamed = _post(
        app_client,
        "/admin/offices/01AB",
        "/admin/offices/01AB",
        {"name_vi": "Chi cục HQ Thử Nghiệm", "name_en": "Trial office", "location_code": "XXXXX"},
    )
    assert renamed.status_code == 422
    assert "no UN/LOCODE location XXXXX" in renamed.text
    renamed = _post(
        app_client,
        "/admin/offices/01AB",
        "/admin/offices/01AB",
        {"name_vi": "Chi cục HQ Thử Nghiệm", "name_en": "Trial office", "location_code": ""},
    )
    assert renamed.status_code == 303
    assert "Trial office" in app_client.get("/admin/offices").text
    assert '<option value="01AB" >Trial office</option>' in app_client.get("/admin/users/new").text
    assert len(_actions(session, "office.update")) == 1


def test_the_roles_matrix_says_what_each_role_may_do_in_both_languages(
    app_client: TestClient,
) -> None:
    _admin(app_client, "vi")
    matrix = app_client.get("/admin/roles").text
    assert "Đại lý làm thủ tục hải quan" in matrix
    assert "Khai, sửa và hủy tờ khai hải quan" in matrix
    row = re.search(r'<tr data-action="admin.users">.*?</tr>', matrix, re.S)
    assert row is not None
    assert re.search(r'class="yes" data-role="admin"', row.group(0))
    assert re.search(r'class="no" data-role="broker"', row.group(0))
    # The same table the routes consult: a broker files for the enterprises that delegated.
    filing = re.search(r'<tr data-action="declarations.file">.*?</tr>', matrix, re.S)
    assert filing is not None
    assert 'data-role="broker" data-reach="delegated"' in filing.group(0)
    assert "doanh nghiệp ủy quyền" in filing.group(0)
    app_client.cookies.set("lang", "en")
    assert "Grant or withdraw priority (AEO) status" in app_client.get("/admin/roles").text
