"""The interactive API documentation, served from the package so it works offline.

FastAPI's default page loads Swagger UI from a CDN, which a customs network (or a laptop on
a plane) does not reach: the page stays blank. The `swagger-ui-bundle` package ships the same
Swagger UI release (Apache-2.0); its files are served under /api/docs/assets.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from smartcustoms.security_headers import csp_nonce, with_nonce

DOCS_PATH = "/api/docs"
ASSETS_PATH = f"{DOCS_PATH}/assets"


def install_api_docs(app: FastAPI, *, openapi_url: str) -> None:
    app.mount(ASSETS_PATH, StaticFiles(directory=str(swagger_ui_path)), name="api-docs-assets")

    @app.get(DOCS_PATH, include_in_schema=False)
    async def api_docs(request: Request) -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{app.title} API",
            swagger_js_url=f"{ASSETS_PATH}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_PATH}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_PATH}/favicon-32x32.png",
        )
        # Its start-up script is inline: allowed by the Content-Security-Policy's nonce.
        html = with_nonce(bytes(page.body).decode(), csp_nonce(request))
        return HTMLResponse(html)
