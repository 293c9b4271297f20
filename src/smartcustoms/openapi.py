"""The OpenAPI document tells the truth: every answer a route gives, errors as problem details.

Routes declare the answers of their kind (`AUTHENTICATED`, `OWNER_CHECKED`, `STATE_CHANGING`,
or `problems(...)` for others). What holds for every route is added here once, where the
document is built: 422 wherever FastAPI validates a parameter or a body (FastAPI's own
`HTTPValidationError` is replaced, since problems.py answers validation errors as problem
details too), 400 (a body FastAPI cannot decode) and 413 (body_limit.py) wherever there is
a body, and every error answered as `application/problem+json`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import models_json_schema

from smartcustoms.errors import FieldError
from smartcustoms.kit.input_messages import input_error_texts
from smartcustoms.problems import PROBLEM_JSON, RequestInvalid

Responses = dict[int | str, dict[str, Any]]

_MEANING = {
    400: "The body could not be read: not UTF-8 JSON, or a broken multipart form.",
    401: "No valid access token (get one from POST /api/v1/auth/token).",
    403: "The signed-in user's role or enterprise may not do this.",
    404: "Not found, or not yours: another enterprise's rows answer 404 so ids cannot be probed.",
    409: "The resource is not in a state that allows this action.",
    413: "The request body is larger than the limit (SMARTCUSTOMS_MAX_BODY_BYTES).",
    415: "The uploaded file's content is not an accepted document type.",
    422: "The request does not match this document (code `request_invalid`) or breaks a "
    "business rule (another code); `errors` lists each field at fault.",
    429: "Too many failed attempts (sign-in): wait the seconds the Retry-After header says.",
    503: "A partner system (a bank) could not be reached; nothing was done. Retry later.",
}


class ProblemFieldError(BaseModel):
    path: str = Field(description="The field at fault: `items[0].hs_code`, or `body`.")
    code: str
    message: str = Field(
        description="In the caller's language (Accept-Language: vi or en), starting with the "
        "field's label and goods line where there is one: `Line 2, Invoice value: …`."
    )
    field: str | None = Field(
        default=None, description="The field's label as the portal shows it, in that language."
    )
    line: int | None = Field(
        default=None, description="The goods line, counted from 1 (`items[1]` is line 2)."
    )


class Problem(BaseModel):
    """RFC 9457 problem details: how every error of the API is answered."""

    # Some problems carry members of their own (limit_bytes, rows …).
    model_config = ConfigDict(extra="allow", title="Problem")

    type: str = Field(description="A URI naming the kind of problem.")
    title: str
    status: int
    detail: str = Field(description="In the caller's language (Accept-Language: vi or en).")
    code: str = Field(description="A stable code for programs: `not_found`, `conflict` …")
    instance: str
    errors: list[ProblemFieldError] = Field(
        default_factory=list, description="Every field at fault, for validation problems."
    )


# Bodies a route reads itself (to report every error at once), documented as if FastAPI read
# them: their schemas are added to the document's components.
_READ_BY_HAND: dict[str, type[BaseModel]] = {}


def read_by_hand(model: type[BaseModel]) -> dict[str, Any]:
    """The route's `openapi_extra`: its JSON body is `model`, though the route reads it."""
    _READ_BY_HAND[model.__name__] = model
    schema = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


async def json_body(request: Request) -> Any:
    """The request's JSON body, undecoded text refused as FastAPI refuses it."""
    try:
        return json.loads(await request.body())
    except ValueError:  # not JSON, or not UTF-8
        en, vi = input_error_texts("json_invalid")
        raise RequestInvalid(
            message_en="The request is not valid; see the errors.",
            message_vi="Yêu cầu không hợp lệ; xem chi tiết lỗi.",
            errors=[FieldError("body", "json_invalid", en, vi)],
        ) from None


def problems(*statuses: int) -> Responses:
    """The given error answers, as problem details."""
    return {status: {"model": Problem, "description": _MEANING[status]} for status in statuses}


# A success that may be the answer kept for an earlier request with the same Idempotency-Key.
KEPT_ANSWER: dict[str, Any] = {
    "headers": {
        "Idempotent-Replayed": {
            "description": "`true` when this is the answer kept under the Idempotency-Key.",
            "schema": {"type": "string", "enum": ["true"]},
        }
    }
}

AUTHENTICATED = problems(401, 403)
OWNER_CHECKED = problems(401, 403, 404)
STATE_CHANGING = problems(401, 403, 404, 409)


def _problem_content() -> dict[str, Any]:
    return {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}


# Where a created resource is read next, as OpenAPI links: (method, path, status) of the
# producer, the expression of the new id, and the operations that take it. Clients follow
# them; Schemathesis's stateful phase checks that what was created is there.
_DECLARATION = "/api/v1/declarations/{declaration_id}"
_LINKS = {
    ("post", "/api/v1/declarations", "201"): (
        "$response.body#/id",
        [("get", _DECLARATION), ("put", _DECLARATION), ("get", f"{_DECLARATION}/history")],
    ),
    ("post", "/api/v1/declarations/submit", "201"): (
        "$response.body#/declaration/id",
        [("get", _DECLARATION), ("get", f"{_DECLARATION}/history")],
    ),
    ("post", "/api/v1/documents", "201"): (
        "$response.body#/document/id",
        [
            ("get", "/api/v1/documents/{document_id}"),
            ("get", "/api/v1/documents/{document_id}/content"),
        ],
    ),
}


def _add_links(document: dict[str, Any]) -> None:
    paths = document["paths"]
    for (method, path, status), (expression, targets) in _LINKS.items():
        links = paths[path][method]["responses"][status].setdefault("links", {})
        for target_method, target_path in targets:
            target = paths[target_path][target_method]
            (parameter,) = (p["name"] for p in target["parameters"] if p["in"] == "path")
            links[target["operationId"]] = {
                "operationId": target["operationId"],
                "parameters": {parameter: expression},
            }


def _tell_the_truth(document: dict[str, Any]) -> None:
    _add_links(document)
    for operation in _operations(document):
        responses = operation["responses"]
        if operation.get("parameters") or operation.get("requestBody"):
            responses["422"] = {"description": _MEANING[422]}
        if operation.get("requestBody"):
            responses["400"] = {"description": _MEANING[400]}
            responses["413"] = {"description": _MEANING[413]}
        for status, response in responses.items():
            if status.isdigit() and int(status) >= 400:
                response["content"] = _problem_content()
            if status == "401":
                response["headers"] = {"WWW-Authenticate": _CHALLENGE}
        operation["responses"] = dict(sorted(responses.items()))
    schemas = document["components"]["schemas"]
    for operation in _operations(document):
        form = operation.get("requestBody", {}).get("content", {}).get("multipart/form-data")
        if form is not None:
            _no_null_fields(schemas[form["schema"]["$ref"].rsplit("/", 1)[-1]])
    if _READ_BY_HAND:
        _, found = models_json_schema(
            [(model, "validation") for model in _READ_BY_HAND.values()], ref_template=_REF
        )
        for name, schema in found.get("$defs", {}).items():
            schemas.setdefault(name, schema)
    schemas.setdefault("Problem", Problem.model_json_schema(ref_template=_REF))
    for name, schema in Problem.model_json_schema(ref_template=_REF).get("$defs", {}).items():
        schemas.setdefault(name, schema)
    schemas["Problem"].pop("$defs", None)
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)


def _no_null_fields(form: dict[str, Any]) -> None:
    """A form field is sent or left out; it cannot be null, though FastAPI says `T | None`."""
    for name, field in form["properties"].items():
        options = [o for o in field.get("anyOf", []) if o.get("type") != "null"]
        if len(options) == 1:
            del field["anyOf"]
            form["properties"][name] = {**options[0], **field}


_REF = "#/components/schemas/{model}"
_CHALLENGE = {"description": "`Bearer`: how to authenticate.", "schema": {"type": "string"}}


def _operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        operation
        for path in document.get("paths", {}).values()
        for method, operation in path.items()
        if method in ("get", "put", "post", "delete", "patch")
    ]


def install_openapi(app: FastAPI) -> None:
    """Build the document as FastAPI does, then complete it once."""
    build: Callable[[], dict[str, Any]] = app.openapi
    completed: list[dict[str, Any]] = []

    def openapi() -> dict[str, Any]:
        if not completed:
            document = build()
            _tell_the_truth(document)
            completed.append(document)
        return completed[0]

    app.openapi = openapi  # type: ignore[method-assign]
