"""The tariff inside the platform: import, registration assessment, API, CLI and portal."""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from smartcustoms.cli import app as cli
from smartcustoms.reference.service import get_catalog
from smartcustoms.tariff import service
from smartcustoms.tariff.importer import SAMPLE_DIR, TariffImportFailed
from support import TEST_NOW, Database, Users, csrf, import_payload, sign_in

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
T_SHIRTS = 1  # index of the cotton T-shirts (HS 61091010, origin CN) in import_payload()


def register(client: TestClient, headers: dict[str, str], payload: dict[str, Any]) -> Any:
    draft = client.post("/api/v1/declarations", json=payload, headers=headers).json()
    response = client.post(f"/api/v1/declarations/{draft['id']}/submit", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["declaration"]


def taxes(client: TestClient, headers: dict[str, str], declaration_id: int) -> Any:
    response = client.get(f"/api/v1/tariff/assessments/{declaration_id}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def import_line(assessment: Any, item: int) -> dict[str, Any]:
    return next(t for t in assessment["items"][item]["taxes"] if t["tax"] == "import")


def with_t_shirt_proof(proof: str, document_ids: list[int] | None = None) -> dict[str, Any]:
    payload = import_payload()
    items = [dict(i) for i in payload["items"]]  # type: ignore[attr-defined]
    items[T_SHIRTS]["origin_proof"] = proof
    payload["items"] = items
    if document_ids is not None:
        payload["document_ids"] = document_ids
    return payload


def upload_co(client: TestClient, headers: dict[str, str]) -> int:
    response = client.post(
        "/api/v1/documents",
        headers=headers,
        files={"file": ("co-form-e.pdf", PDF, "application/pdf")},
        data={"doc_type": "certificate_of_origin", "reference": "E2611-0042"},
    )
    return int(response.json()["document"]["id"])


def test_registration_records_every_items_taxes_with_their_sources(
    app_client: TestClient, users: Users
) -> None:
    lan = users.headers("lan")
    declaration = register(app_client, lan, import_payload())
    assessment = taxes(app_client, lan, declaration["id"])
    assert len(assessment["items"]) == 2
    assert assessment["total_vnd"] == sum(i["total_vnd"] for i in assessment["items"])
    phones = assessment["items"][0]
    assert [t["tax"] for t in phones["taxes"]] == ["import", "vat"]
    assert all(t["source"].startswith(("rates.csv:", "fta_rates.csv:")) for t in phones["taxes"])
    assert phones["value_basis"] == "CIF"


def test_a_valid_form_e_with_the_c_o_in_the_dossier_gets_the_acfta_rate(
    app_client: TestClient, users: Users
) -> None:
    lan = users.headers("lan")
    co = upload_co(app_client, lan)
    declaration = register(app_client, lan, with_t_shirt_proof("E", [co]))
    line = import_line(taxes(app_client, lan, declaration["id"]), T_SHIRTS)
    assert (line["rate"], line["agreement"], line["proof"]) == ("5%", "ACFTA", "E")


def test_a_claimed_form_without_a_c_o_in_the_dossier_falls_back_to_mfn(
    app_client: TestClient, users: Users
) -> None:
    lan = users.headers("lan")
    declaration = register(app_client, lan, with_t_shirt_proof("E"))
    assessment = taxes(app_client, lan, declaration["id"])
    line = import_line(assessment, T_SHIRTS)
    assert (line["rate"], line["agreement"]) == ("20%", None)
    assert "no C/O" in assessment["items"][T_SHIRTS]["proof_note"]["en"]


def test_a_proof_the_origins_agreements_do_not_accept_rejects_the_declaration(
    app_client: TestClient, users: Users
) -> None:
    lan = users.headers("lan")
    co = upload_co(app_client, lan)
    declaration = register(app_client, lan, with_t_shirt_proof("EUR.1", [co]))
    assert declaration["status"] == "rejected"
    reason = declaration["status_reasons"][0]
    assert reason["path"] == f"items[{T_SHIRTS}].hs_code"
    assert reason["code"] == "proof_not_accepted"
    assert "EUR.1" in reason["message_en"]


def test_an_amendment_is_assessed_again_and_the_first_figures_are_kept(
    app_client: TestClient, users: Users
) -> None:
    lan = users.headers("lan")
    first = register(app_client, lan, import_payload())
    before = taxes(app_client, lan, first["id"])
    draft = app_client.post(f"/api/v1/declarations/{first['id']}/amend", headers=lan).json()
    payload = import_payload(invoice_amount="15000")
    items = [dict(i) for i in payload["items"]]  # type: ignore[attr-defined]
    items[0].update(quantity="62.5", invoice_value="12500")
    payload["items"] = items
    app_client.put(f"/api/v1/declarations/{draft['id']}", json=payload, headers=lan)
    second = app_client.post(f"/api/v1/declarations/{draft['id']}/submit", headers=lan).json()
    after = taxes(app_client, lan, second["declaration"]["id"])
    assert after["customs_value_vnd"] > before["customs_value_vnd"]
    assert taxes(app_client, lan, first["id"]) == before


def test_import_is_idempotent_and_a_bad_row_loads_nothing(session: Session, tmp_path: Path) -> None:
    catalog = get_catalog(session)
    first = service.import_directory(session, SAMPLE_DIR, catalog=catalog, at=TEST_NOW)
    again = service.import_directory(session, SAMPLE_DIR, catalog=catalog, at=TEST_NOW)
    assert again.counts == first.counts
    broken = tmp_path / "broken"
    shutil.copytree(SAMPLE_DIR, broken)
    rates = broken / "rates.csv"
    rows = rates.read_text(encoding="utf-8").splitlines()
    rows[1] = rows[1].replace("ad_valorem", "percentage")
    rows.append("99999999,vat,ad_valorem,10,,,2022-01-01,")
    rates.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(TariffImportFailed) as failed:
        service.import_directory(session, broken, catalog=catalog, at=TEST_NOW)
    paths = {e.path for e in failed.value.errors}
    assert {"rates.csv:2", f"rates.csv:{len(rows)}"} <= paths
    assert service.latest_import(session).id == again.id  # type: ignore[union-attr]


def test_quote_api_explains_and_names_bad_input(app_client: TestClient) -> None:
    body = {
        "hs8": "2203.00.90",
        "origin": "KR",
        "value": "1000",
        "currency": "USD",
        "quantity": "500",
        "unit": "LTR",
        "date": "2026-11-20",
        "proofs": ["AK"],
    }
    quote = app_client.post("/api/v1/tariff/quote", json=body)
    assert quote.status_code == 200, quote.text
    assert [t["tax"] for t in quote.json()["taxes"]] == ["import", "excise", "vat"]
    unknown = app_client.post("/api/v1/tariff/quote", json={**body, "hs8": "22030099"})
    assert unknown.status_code == 404
    no_rate = app_client.post("/api/v1/tariff/quote", json={**body, "currency": "AUD"})
    assert no_rate.status_code == 422
    assert "AUD" in no_rate.json()["detail"]


def test_lines_search_and_roadmap(app_client: TestClient) -> None:
    found = app_client.get("/api/v1/tariff/lines?q=beer").json()
    assert "22030090" in [line["hs8"] for line in found]
    roadmap = app_client.get("/api/v1/tariff/lines/61091010/roadmap").json()
    assert roadmap["fta"]["AJCEP"][:3] == [
        {"year": 2022, "rate": "10"},
        {"year": 2023, "rate": "7.5"},
        {"year": 2024, "rate": "5"},
    ]


def quote_cli(database: Database, options: str) -> Any:
    """Run `smartcustoms tariff quote` for petrol from Singapore with these options added."""
    base = "tariff quote --hs 27101224 --origin SG --currency USD --unit LTR "
    return CliRunner().invoke(cli, [*shlex.split(base + options), "--database-url", database.url])


def test_cli_quote_prints_the_documented_json(database: Database) -> None:
    result = quote_cli(
        database,
        "--value 50000 --quantity 60000 --date 2026-11-20 --incoterms FOB "
        "--freight 1200 --insurance 80",
    )
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert set(printed) == {"customs_value_vnd", "taxes", "total_vnd"}
    assert {t["tax"] for t in printed["taxes"]} >= {"import", "environment", "vat"}
    assert printed["total_vnd"] == sum(t["amount_vnd"] for t in printed["taxes"])


def test_cli_quote_names_the_cause_of_an_error(database: Database) -> None:
    result = quote_cli(database, "--value 1 --quantity 1 --date 1999-01-01")
    assert result.exit_code == 2
    assert "1999-01-01" in result.output


def test_portal_tariff_pages_and_the_taxes_panel(app_client: TestClient, users: Users) -> None:
    lan = users.headers("lan")
    declaration = register(app_client, lan, import_payload())
    sign_in(app_client, "lan")
    app_client.cookies.set("lang", "en")
    detail = app_client.get(f"/declarations/{declaration['id']}")
    assert 'id="taxes"' in detail.text
    assert "Value added tax" in detail.text
    search = app_client.get("/tariff?q=8517")
    assert "85171300" in search.text
    roadmap = app_client.get("/tariff/lines/61091010")
    assert 'id="roadmap-chart"' in roadmap.text
    assert "/assets/plotly.min.js" in roadmap.text
    assert app_client.get("/assets/plotly.min.js").status_code == 200
    form = app_client.get("/tariff/quote")
    quote = app_client.post(
        "/tariff/quote",
        data={
            "csrf_token": csrf(form.text),
            "hs8": "87032367",
            "origin": "JP",
            "value": "20000",
            "currency": "USD",
            "quantity": "1",
            "unit": "H87",
            "date": "2026-11-20",
            "incoterms": "CIF",
            "direction": "import",
        },
    )
    assert quote.status_code == 200, quote.text
    assert "Special consumption tax" in quote.text
    bad = app_client.post(
        "/tariff/quote",
        data={
            "csrf_token": csrf(form.text),
            "hs8": "87032367",
            "origin": "JP",
            "value": "20000",
            "currency": "AUD",
            "quantity": "1",
            "unit": "H87",
            "date": "2026-11-20",
        },
    )
    assert bad.status_code == 422
    assert "AUD" in bad.text


BEER_FROM_KOREA = {
    "hs8": "22030090",
    "origin": "KR",
    "value": "1000",
    "currency": "USD",
    "quantity": "500",
    "unit": "LTR",
    "date": "2026-11-20",
}
NOT_ISO = [
    pytest.param(
        "origin",
        "XX",
        "unknown_country",
        "Origin 'XX' is not a country of ISO 3166.",
        "Xuất xứ 'XX' không có trong danh mục mã nước ISO 3166.",
        id="origin-XX",
    ),
    pytest.param(
        "currency",
        "ABC",
        "unknown_currency",
        "Currency 'ABC' is not a currency of ISO 4217.",
        "Đồng tiền 'ABC' không có trong danh mục mã tiền tệ ISO 4217.",
        id="currency-ABC",
    ),
]


@pytest.mark.parametrize(("field", "value", "code", "english", "vietnamese"), NOT_ISO)
def test_quote_api_refuses_a_code_that_only_looks_like_a_country_or_currency(
    app_client: TestClient, field: str, value: str, code: str, english: str, vietnamese: str
) -> None:
    body = {**BEER_FROM_KOREA, field: value}

    answer = app_client.post("/api/v1/tariff/quote", json=body)
    in_vietnamese = app_client.post(
        "/api/v1/tariff/quote", json=body, headers={"Accept-Language": "vi"}
    )

    assert answer.status_code == 422
    assert answer.json()["code"] == "invalid_quote_request"
    assert answer.json()["errors"] == [{"path": field, "code": code, "message": english}]
    assert in_vietnamese.json()["errors"][0]["message"] == vietnamese


@pytest.mark.parametrize(("field", "value", "code", "english", "vietnamese"), NOT_ISO)
def test_portal_quote_names_a_code_that_is_no_country_or_currency_beside_its_field(
    app_client: TestClient, field: str, value: str, code: str, english: str, vietnamese: str
) -> None:
    sign_in(app_client, "lan")
    app_client.cookies.set("lang", "vi")
    form = app_client.get("/tariff/quote")

    page = app_client.post(
        "/tariff/quote",
        data={"csrf_token": csrf(form.text), **BEER_FROM_KOREA, field: value},
    )

    assert page.status_code == 422
    beside = f'<span class="field-error" data-path="{field}">{vietnamese}</span>'
    assert beside.replace("'", "&#39;") in page.text


def test_cli_quote_refuses_an_origin_that_is_no_country(database: Database) -> None:
    options = (
        "tariff quote --hs 27101224 --origin XX --currency ABC --unit LTR --value 1 "
        "--quantity 1 --date 2026-11-20"
    )

    result = CliRunner().invoke(cli, [*shlex.split(options), "--database-url", database.url])

    assert result.exit_code == 2
    assert "origin: Origin 'XX' is not a country of ISO 3166." in result.output
    assert "currency: Currency 'ABC' is not a currency of ISO 4217." in result.output
