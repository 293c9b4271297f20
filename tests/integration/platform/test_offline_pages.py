"""Pages a user reaches without a route of ours: the API documentation and unknown addresses."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

HTML = {"accept": "text/html,application/xhtml+xml"}


def test_api_docs_load_swagger_ui_from_the_platform_itself(app_client: TestClient) -> None:
    page = app_client.get("/api/docs")
    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets, page.text
    for asset in assets:
        assert asset.startswith("/api/docs/assets/"), f"{asset} is not served by the platform"
        assert app_client.get(asset).status_code == 200, asset
    assert "/api/openapi.json" in page.text


def test_a_browser_at_an_unknown_address_gets_a_page_in_its_language(
    app_client: TestClient,
) -> None:
    app_client.cookies.set("lang", "vi")
    page = app_client.get("/no-such-page", headers=HTML)
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "Không có trang nào ở địa chỉ này" in page.text
    app_client.cookies.set("lang", "en")
    assert "There is no page at this address" in app_client.get("/nope", headers=HTML).text


def test_api_clients_still_get_problem_details_for_unknown_addresses(
    app_client: TestClient,
) -> None:
    for path, headers in (("/api/v1/nothing-here", HTML), ("/no-such-page", {})):
        answer = app_client.get(path, headers=headers)
        assert answer.status_code == 404
        assert answer.headers["content-type"].startswith("application/problem+json")
