"""The name a submitted file is kept under, made safe once for every channel (upload, API, mail, CLI).

Names come from strangers: a multipart header, an `X-Filename` or `?filename=`, a mail's
attachment. Kept as sent, a CR/LF breaks every later HTTP header that names the file (the
original's download failed for everyone), and a path walks out of any folder it is written to.
"""

from __future__ import annotations

import unicodedata

MAX_LENGTH = 200
DEFAULT = "upload"


def safe_filename(name: str | None, default: str = DEFAULT) -> str:
    """`name` as kept: Unicode NFC, the last part of a path (`/` or `\\`), without control or format characters
    (CR, LF, NUL, bidirectional overrides …) and double quotes, trimmed, at most 200 characters;
    `default` when nothing is left (or only dots)."""
    text = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(char for char in text if unicodedata.category(char)[0] != "C" and char != '"')
    text = " ".join(text.split())[:MAX_LENGTH].strip()
    return text if text.strip(".") else default
