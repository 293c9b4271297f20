"""The declaration's progress as a timeline (who acted, when, what is awaited from whom), and
the lists exported to CSV and Excel with the page's filter, headers in its language and
labels, not codes."""

from __future__ import annotations

import csv
import io
import re

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from desk_support import YELLOW_PHONES, file_with_dossier
from risk_support import Desk
from support import Users, sign_in


@pytest.fixture
def desk(app_client: TestClient, users: Users) -> Desk:
    desk = Desk(app_client, users)
    desk.without_random_selection()
    return desk


def steps(html: str) -> list[str]:
    """The timeline's steps in order, as data-step names."""
    section = html.split('id="timeline-steps"')[1].split("</ol>")[0]
    return re.findall(r'data-step="([a-z_]+)"', section)


def test_a_green_declaration_owing_taxes_shows_its_steps_and_awaits_the_declarant(
    desk: Desk,
) -> None:
    declaration, _, _ = file_with_dossier(desk)
    client = desk.client
    sign_in(client, "lan")
    page = client.get(f"/declarations/{declaration['id']}", params={"lang": "en"})
    assert steps(page.text) == ["submitted", "registered", "channel", "awaited"]
    section = page.text.split('id="timeline"')[1].split("</section>")[0]
    assert "by Nguyễn Thị Lan" in section  # who submitted
    assert "green channel" in section
    assert "from the declarant" in section  # the taxes are Lan's to pay
    vietnamese = client.get(f"/declarations/{declaration['id']}", params={"lang": "vi"})
    assert "Tiến trình xử lý" in vietnamese.text
    assert "từ người khai hải quan" in vietnamese.text


@pytest.mark.taxes_aside
def test_a_yellow_declaration_asks_documents_then_the_officer_and_shows_the_check(
    desk: Desk,
) -> None:
    desk.rule(**YELLOW_PHONES)
    declaration, _, _ = file_with_dossier(desk)
    client = desk.client
    sign_in(client, "hoa")
    url = f"/declarations/{declaration['id']}"
    before = client.get(url, params={"lang": "en"})
    assert steps(before.text) == [
        "submitted",
        "registered",
        "channel",
        "documents_requested",
        "awaited",  # the document check
        "awaited",  # then the officer's release decision
    ]
    assert "from the customs office" in before.text.split('id="timeline"')[1]

    checked = desk.post(
        "hoa",
        f"/api/v1/risk/inspections/{declaration['id']}",
        json={"kind": "document_check", "findings": False},
    )
    assert checked.status_code in (200, 201), checked.text
    after = client.get(url, params={"lang": "en"})
    assert steps(after.text)[:5] == [
        "submitted",
        "registered",
        "channel",
        "documents_requested",
        "checked",
    ]
    section = after.text.split('id="timeline"')[1].split("</section>")[0]
    assert "Check done" in section
    assert "by Phạm Thị Hoa" in section
    assert "the release decision" in section


def test_the_traders_list_exports_to_csv_with_the_filter_and_vietnamese_labels(
    desk: Desk,
) -> None:
    file_with_dossier(desk)
    desk.post("lan", "/api/v1/declarations", json={"transport_document": "DRAFT-ONLY"})
    client = desk.client
    sign_in(client, "lan")
    answer = client.get("/declarations/export.csv", params={"status": "registered", "lang": "vi"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Số tờ khai", "Lần khai", "Người nhập khẩu / người xuất khẩu"]
    assert len(rows) == 2  # the registered one only: the filter applies
    assert rows[1][2] == "Công ty TNHH Thương mại Sông Hồng (demo)"
    assert rows[1][5] == "đã đăng ký"  # a label, not "registered"
    everything = client.get("/declarations/export.csv", params={"lang": "en"})
    assert "draft" in everything.text
    assert len(everything.text.splitlines()) == 3


def test_the_office_worklists_export_to_excel_with_english_headers(desk: Desk) -> None:
    desk.rule(**YELLOW_PHONES)
    declaration, _, _ = file_with_dossier(desk)
    client = desk.client
    sign_in(client, "hoa")
    for url in ("/worklist/export.xlsx", "/risk/worklist/yellow/export.xlsx"):
        answer = client.get(url, params={"lang": "en"})
        assert answer.status_code == 200, url
        sheet = load_workbook(io.BytesIO(answer.content)).active
        assert sheet is not None
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][0] == "Declaration number"
        assert rows[1][0] == declaration["number"]
        assert "registered" in rows[1]
        assert "Công ty TNHH Thương mại Sông Hồng (demo)" in rows[1]
    page = client.get("/risk/worklist/yellow", params={"lang": "en"})
    assert 'href="/risk/worklist/yellow/export.xlsx?lang=en"' in page.text


def test_a_trader_cannot_export_an_office_worklist(desk: Desk) -> None:
    sign_in(desk.client, "lan")
    assert desk.client.get("/worklist/export.csv").status_code == 403
