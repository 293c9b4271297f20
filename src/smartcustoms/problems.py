"""One place that turns errors into RFC 9457 problem details, in the caller's language."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from smartcustoms.errors import (
    DomainError,
    FieldError,
    NotFound,
    TooManyAttempts,
    ValidationFailed,
)
from smartcustoms.i18n import pick_language
from smartcustoms.kit.input_messages import input_error_texts

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"
HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")


class RequestInvalid(ValidationFailed):
    """The request does not match the API's schema (a client's bug, not a business rule)."""

    code = "request_invalid"


class DomainHTTPException(StarletteHTTPException):
    """Carries a domain error through code that lets only HTTP exceptions pass: FastAPI turns
    any other exception raised while it reads a body into a 400."""

    def __init__(self, error: DomainError) -> None:
        super().__init__(status_code=error.status, detail=error.message_en)
        self.error = error


def request_language(request: Request) -> str:
    return pick_language(
        request.query_params.get("lang"),
        request.cookies.get("lang"),
        request.headers.get("accept-language"),
        default="en",
    )


def problem(
    request: Request,
    *,
    status: int,
    code: str,
    title: str,
    detail: str,
    errors: list[dict[str, str | int]] | None = None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"https://smartcustoms.example/problems/{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
        "instance": request.url.path,
    }
    if errors:
        body["errors"] = errors
    if extra:
        # Extension members never replace the standard ones (a "status" of the resource).
        assert not extra.keys() & body.keys(), (
            f"problem members taken: {extra.keys() & body.keys()}"
        )
        body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def domain_error_response(request: Request, exc: DomainError) -> JSONResponse:
    lang = request_language(request)
    errors = None
    if isinstance(exc, ValidationFailed) and exc.errors:
        errors = [e.as_dict(lang) for e in exc.errors]
    return problem(
        request,
        status=exc.status,
        code=exc.code,
        title=exc.title,
        detail=exc.message(lang),
        errors=errors,
        extra=exc.details or None,
        headers=_error_headers(exc),
    )


# A domain's own words for its fields: labels and goods line numbers for the errors' paths.
Labeller = Callable[[list[FieldError]], list[FieldError]]


def _error_headers(exc: DomainError) -> dict[str, str] | None:
    if exc.status == 401:
        return {"WWW-Authenticate": "Bearer"}
    if isinstance(exc, TooManyAttempts):
        return {"Retry-After": str(exc.retry_after)}
    return None


def field_errors_from_pydantic(
    errors: list[Any], *, labelled: Labeller | None = None
) -> list[FieldError]:
    """Pydantic's refusals as field errors worded for users (kit.input_messages), in both
    languages; `labelled` names the fields as the screen does."""
    result = []
    for err in errors:
        location = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path")]
        path = ""
        for part in location:
            path += f"[{part}]" if part.isdigit() else (f".{part}" if path else part)
        kind = str(err.get("type", "invalid"))
        en, vi = input_error_texts(kind, err.get("ctx"))
        result.append(FieldError(path or "body", kind, en, vi))
    return labelled(result) if labelled is not None else result


def render_error(request: Request, exc: DomainError) -> Response:
    """Problem details for the API; the portal's own page (or sign-in) elsewhere."""
    html_error = getattr(request.app.state, "html_error", None)
    if html_error is not None and not request.url.path.startswith("/api"):
        response: Response = html_error(request, exc)
        return response
    return domain_error_response(request, exc)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path. Starlette's 405 names only the first
    route that matched the path, though several routes (GET and PUT) may share it."""
    allowed = []
    for method in HTTP_METHODS:
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] is Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return allowed


def _headers_of(request: Request, exc: StarletteHTTPException) -> dict[str, str] | None:
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        allowed = allowed_methods(request)
        # A mounted app (static files) matches every method; keep what it said itself.
        if allowed and request.method not in allowed:
            headers["Allow"] = ", ".join(allowed)
    return headers or None


class PageNotFound(NotFound):
    """An address no page answers, asked for by a browser."""

    def __init__(self) -> None:
        super().__init__(
            message_en="There is no page at this address. Check the link, or start again "
            "from the home page.",
            message_vi="Không có trang nào ở địa chỉ này. Hãy kiểm tra lại đường dẫn, hoặc "
            "bắt đầu lại từ trang chủ.",
        )


def _wants_a_page(request: Request) -> bool:
    """A browser following a link gets a page; API clients and assets get problem details."""
    accept = request.headers.get("accept", "")
    return not request.url.path.startswith("/api") and "text/html" in accept


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def on_domain_error(request: Request, exc: DomainError) -> Response:
        return render_error(request, exc)

    @app.exception_handler(DomainHTTPException)
    async def on_wrapped_domain_error(request: Request, exc: DomainHTTPException) -> Response:
        return render_error(request, exc.error)

    @app.exception_handler(RequestValidationError)
    async def on_invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        failed = RequestInvalid(
            message_en="The request is not valid; see the errors.",
            message_vi="Yêu cầu không hợp lệ; xem chi tiết lỗi.",
            errors=field_errors_from_pydantic(
                list(exc.errors()), labelled=getattr(request.app.state, "label_fields", None)
            ),
        )
        return domain_error_response(request, failed)

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404 and _wants_a_page(request):
            return render_error(request, PageNotFound())
        response = problem(
            request,
            status=exc.status_code,
            code=f"http_{exc.status_code}",
            title=str(exc.detail),
            detail=str(exc.detail),
        )
        # 405 must say what is allowed (RFC 9110 15.5.6); 401 may carry WWW-Authenticate.
        response.headers.update(_headers_of(request, exc) or {})
        return response

    @app.exception_handler(Exception)
    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return problem(
            request,
            status=500,
            code="internal_error",
            title="Internal error",
            detail="An unexpected error occurred; it has been logged.",
        )
