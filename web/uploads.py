"""Uploads: the body-size limit (an ASGI middleware, before anything is parsed) and the check of a file's
type by its content (`invoicing.formats.reader.sniff_media_type`), never by its name or declared type.
"""

from __future__ import annotations

import json

from invoicing.formats.reader import sniff_media_type

MULTIPART_OVERHEAD = 64 * 1024
"""Room for the form's other fields and boundaries on top of the file-size limit."""


class BodyTooLarge(Exception):
    """The request body is larger than the limit."""


class BodyLimit:
    """Refuses request bodies above `limit` bytes with 413, by Content-Length or while streaming."""

    def __init__(self, app, limit: int):
        self.app = app
        self.limit = limit + MULTIPART_OVERHEAD

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or ())
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            return await _too_large(scope, send)
        seen = 0
        started = False

        async def limited_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge()
            return message

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BaseException as error:  # noqa: B036 — only our own signal is handled, the rest re-raised
            if not _too_large_raised(error):
                raise
            if not started:
                await _too_large(scope, send)


def _too_large_raised(error: BaseException) -> bool:
    """True for `BodyTooLarge`, also when a task group (Starlette's `BaseHTTPMiddleware`) wrapped it in a group:
    a chunked body over the limit is noticed while the app reads it, inside such a group."""
    if isinstance(error, BodyTooLarge):
        return True
    return isinstance(error, BaseExceptionGroup) and error.subgroup(BodyTooLarge) is not None


_PAGE = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Datei zu groß</title>
<link rel="stylesheet" href="/static/style.css"></head><body><main id="main"><h1>Datei zu groß</h1>
<p>Die Datei ist größer, als dieser Dienst annimmt. Bitte senden Sie die Rechnung ohne übergroße Anhänge.</p>
<p lang="en">The file is larger than this service accepts. Please send the invoice without oversized attachments.</p>
<p><a href="/supplier">Zurück zum Hochladen / back to the upload</a></p></main></body></html>"""


async def _too_large(scope, send) -> None:
    if scope.get("path", "").startswith("/api/"):
        body = json.dumps({"code": "too-large", "message": "The request is larger than this service accepts.",
                           "hint": "Send the invoice without oversized attachments."}).encode()
        media = b"application/json"
    else:
        body, media = _PAGE.encode(), b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", media), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def checked_media_type(content: bytes, limit: int) -> str:
    """"application/pdf" or "application/xml" judged by content; raises the reader's `ReadError`."""
    return sniff_media_type(content, max_bytes=limit)

