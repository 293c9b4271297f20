"""Declarations filed as, and exported to, WCO Data Model XML, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from smartcustoms.declarations.schemas import DeclarationFiling
from smartcustoms.exchange import wco
from support import Users, import_payload

pytestmark = pytest.mark.release_held

URL = "/api/v1/exchange/wco/declarations"
XML = {"Content-Type": "application/xml"}
_CONTENT = set(DeclarationFiling.model_fields) - {"enterprise_id", "document_ids"}


def _content(declaration: dict[str, Any]) -> dict[str, Any]:
    items = [{k: v for k, v in i.items() if k != "line_no"} for i in declaration["items"]]
    return {**{k: v for k, v in declaration.items() if k in _CONTENT}, "items": items}


def test_a_declaration_filed_as_json_exports_as_xml_and_files_again_the_same(
    app_client: TestClient, users: Users
) -> None:
    lan = users.headers("lan")
    first = app_client.post("/api/v1/declarations/submit", json=import_payload(), headers=lan)
    assert first.status_code == 201, first.text
    filed = first.json()["declaration"]

    exported = app_client.get(f"{URL}/{filed['id']}", headers=lan)

    assert exported.status_code == 200, exported.text
    assert exported.headers["content-type"].startswith("application/xml")
    assert f"<ID>{filed['number']}</ID>".encode() in exported.content
    again = app_client.post(URL, content=exported.content, headers={**lan, **XML})
    assert again.status_code == 201, again.text
    answer = again.json()
    assert answer["status"] == "registered"
    assert answer["number"] != filed["number"]
    assert answer["channel"] in ("green", "yellow", "red")
    second = app_client.get(f"/api/v1/declarations/{answer['declaration_id']}", headers=lan)
    assert _content(second.json()) == _content(filed)
    assert second.json()["enterprise_id"] == filed["enterprise_id"]


def test_a_declaration_another_enterprise_filed_is_not_exported(
    app_client: TestClient, users: Users
) -> None:
    filed = app_client.post(
        "/api/v1/declarations/submit", json=import_payload(), headers=users.headers("lan")
    ).json()["declaration"]

    answer = app_client.get(f"{URL}/{filed['id']}", headers=users.headers("binh"))

    assert answer.status_code == 404


def _xml(**overrides: object) -> bytes:
    data = DeclarationFiling.model_validate(import_payload(**overrides)).model_dump(mode="json")
    return wco.write(data, direction="import")


def test_a_rule_broken_in_the_xml_is_reported_by_element_path_and_line_in_both_languages(
    app_client: TestClient, users: Users
) -> None:
    xml = _xml().replace(b"<ID>61091010</ID>", b"<ID>99999999</ID>")
    line = xml[: xml.index(b"99999999")].count(b"\n") + 1
    lan = users.headers("lan")

    refused = app_client.post(URL, content=xml, headers={**lan, **XML})
    in_vietnamese = app_client.post(
        URL, content=xml, headers={**lan, **XML, "Accept-Language": "vi"}
    )

    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert problem["code"] == "message_refused"
    (error,) = problem["errors"]
    path = "/Declaration/GoodsShipment/GovernmentAgencyGoodsItem[2]/Commodity/Classification/ID"
    assert error["path"] == path
    assert error["message"].endswith(f"(line {line})")
    assert problem["locations"] == [{"path": path, "line": line}]
    assert in_vietnamese.json()["errors"][0]["message"].endswith(f"(dòng {line})")
    assert app_client.get("/api/v1/declarations", headers=lan).json()["total"] == 0


def test_xml_breaking_the_schema_is_refused_with_the_element_and_line(
    app_client: TestClient, users: Users
) -> None:
    xml = _xml().replace(b"<TotalPackageQuantity>40", b"<TotalPackageQuantity>forty")

    refused = app_client.post(URL, content=xml, headers={**users.headers("lan"), **XML})

    assert refused.status_code == 422
    assert refused.json()["locations"] == [{"path": "/Declaration/TotalPackageQuantity", "line": 6}]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<Declaration xmlns="urn:smartcustoms:exchange:wco:declaration:1">
<TypeCode>&lol4;</TypeCode></Declaration>
"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE Declaration [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Declaration xmlns="urn:smartcustoms:exchange:wco:declaration:1">
<TypeCode>&secret;</TypeCode></Declaration>
"""


@pytest.mark.parametrize("attack", [BILLION_LAUGHS, XXE], ids=["billion_laughs", "xxe"])
def test_entity_expansion_and_external_entities_are_refused(
    app_client: TestClient, users: Users, attack: bytes
) -> None:
    refused = app_client.post(URL, content=attack, headers={**users.headers("lan"), **XML})

    assert refused.status_code == 422
    (error,) = refused.json()["errors"]
    assert error["code"] == "xml_forbidden"
    assert "root:" not in refused.text


def test_xml_sent_as_json_is_refused_as_an_unsupported_media_type(
    app_client: TestClient, users: Users
) -> None:
    answer = app_client.post(
        URL, content=_xml(), headers={**users.headers("lan"), "Content-Type": "application/json"}
    )

    assert answer.status_code == 415
    assert answer.json()["code"] == "unsupported_content"


def test_not_well_formed_xml_is_refused_with_its_line(app_client: TestClient, users: Users) -> None:
    refused = app_client.post(
        URL,
        content=b"<Declaration>\n<TypeCode>A11</Declaration>",
        headers={**users.headers("lan"), **XML},
    )

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["code"] == "xml_syntax"
    assert refused.json()["locations"][0]["line"] == 2


def test_a_broker_names_the_enterprise_by_its_tax_code_in_declarant_id(
    app_client: TestClient, users: Users
) -> None:
    data = DeclarationFiling.model_validate(import_payload()).model_dump(mode="json")
    minh = {**users.headers("minh"), **XML}

    for_b = app_client.post(
        URL, content=wco.write(data, declarant_tax_code="0309876547"), headers=minh
    )
    unknown = app_client.post(
        URL, content=wco.write(data, declarant_tax_code="0100109106"), headers=minh
    )
    unnamed = app_client.post(URL, content=wco.write(data), headers=minh)

    assert for_b.status_code == 201, for_b.text
    binh = users.headers("binh")
    assert (
        app_client.get(f"{URL}/{for_b.json()['declaration_id']}", headers=binh).status_code == 200
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["path"] == "/Declaration/Declarant/ID"
    assert unknown.json()["errors"][0]["code"] == "enterprise_unknown"
    assert unnamed.json()["errors"][0]["code"] == "enterprise_not_named"
