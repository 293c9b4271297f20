"""A ceiling on every request body, enforced before the body is read whole.

Pure ASGI, so that nothing (FastAPI's body parsing, the form parser, a JSON decoder) has
buffered the body when it is refused: a declared Content-Length over the limit is answered at
once without reading a byte, and a body without one (chunked) is counted as its chunks arrive
and refused at the first chunk past the limit. Both answers are problem details (or the
portal's error page), 413, in the caller's language.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from smartcustoms.errors import ContentTooLarge
from smartcustoms.i18n import number
from smartcustoms.problems import DomainHTTPException, render_error

# Form fields, part headers and boundaries around an uploaded file: the file itself is
# checked against max_upload_bytes by the upload routes, with their own message.
MULTIPART_OVERHEAD_BYTES = 64 * 1024


def too_large(limit: int) -> ContentTooLarge:
    return ContentTooLarge(
        message_en=f"The request body is larger than the limit of {number(limit, 'en')} bytes.",
        message_vi=f"Nội dung yêu cầu lớn hơn giới hạn {number(limit, 'vi')} byte.",
        details={"limit_bytes": limit},
    )


def declared_length(headers: Headers) -> int | None:
    value = headers.get("content-length")
    if value is None or not value.isdigit():
        return None  # an ASGI server refuses a malformed one; the chunks are counted anyway
    return int(value)


class BodyLimit:
    """Refuse request bodies over `max_body_bytes`; multipart uploads get
    `max_upload_bytes` plus room for their form fields."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, max_upload_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max_upload_bytes

    def limit_for(self, headers: Headers) -> int:
        # Upload routes read multipart forms only; a multipart body sent to a JSON route is
        # bounded all the same (FastAPI reads it, then refuses it as not JSON).
        if headers.get("content-type", "").lower().startswith("multipart/form-data"):
            return self.max_upload_bytes + MULTIPART_OVERHEAD_BYTES
        return self.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        limit = self.limit_for(headers)
        length = declared_length(headers)
        if length is not None:
            if length > limit:
                await render_error(Request(scope), too_large(limit))(scope, receive, send)
                return
            # The server frames the body by its Content-Length: it cannot grow past it.
            await self.app(scope, receive, send)
            return

        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Raised where the app reads the body; the app's handler answers it.
                    raise DomainHTTPException(too_large(limit))
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except DomainHTTPException as refused:
            # Reached only when the app had no handler for it (not one of ours).
            if started:
                raise
            await render_error(Request(scope), refused.error)(scope, receive, send)
