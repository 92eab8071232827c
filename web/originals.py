"""Handing out an original: the exact bytes, the media type its content shows, the name it arrived under."""

from __future__ import annotations

from urllib.parse import quote

from fastapi.responses import Response

from invoicing.formats.errors import ReadError
from invoicing.formats.reader import sniff_media_type
from invoicing.lifecycle.filenames import safe_filename


def original_response(content: bytes, case) -> Response:
    """The original with the content type its bytes show and its received file name."""
    try:
        media_type = sniff_media_type(content)
    except ReadError:
        media_type = "application/octet-stream"
    name = safe_filename(case.submissions[0].filename)  # again: names stored before they were made safe
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_")
    return Response(content, media_type=media_type, headers={
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}",
        "X-Content-SHA256": case.content_hash})
