"""Anchors kept outside the system: a file of JSON lines, and the mail that takes one to the audit office.

An anchor (position, head hash, time) recorded in the database proves nothing against someone who
can rewrite the database; a copy the audit office keeps does. `append` adds an anchor as one line
`{"position": …, "hash": …, "at": …, "by": …}` to a file (never rewriting earlier lines), `read`
reads such a file back for `invoicing audit verify --anchors FILE`, and `mail` composes the
message that sends one to the audit office (German first, English below).
"""

from __future__ import annotations

import json
import os
from email.message import EmailMessage
from pathlib import Path

from invoicing.chain import Anchor


class AnchorFileError(ValueError):
    """An anchor file that cannot be read; the message names the file and line."""


def append(anchor: Anchor, path: Path) -> None:
    """Append `anchor` to the file at `path` (created if missing) and flush it to disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as file:
        file.write(json.dumps(anchor.as_dict(), sort_keys=True) + "\n")
        file.flush()
        os.fsync(file.fileno())


def read(path: Path) -> list[Anchor]:
    """The anchors in the file at `path`; raises `AnchorFileError` naming the first bad line."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise AnchorFileError(f"The anchor file {path} cannot be read: {error.strerror or error}.") from None
    anchors = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            anchors.append(Anchor.from_dict(json.loads(line)))
        except (ValueError, KeyError, TypeError):
            raise AnchorFileError(f"Line {number} of {path} is not an anchor: expected "
                                  '{"position": N, "hash": "…", "at": "ISO time"}.') from None
    return anchors


def mail(anchor: Anchor, *, sender: str, to: str, application: str = "E-Rechnungseingang") -> EmailMessage:
    """The mail that sends `anchor` to the audit office, with how to use it."""
    message = EmailMessage()
    message["From"], message["To"] = sender, to
    message["Subject"] = f"Verankerung / anchor {application}: Position {anchor.position}"
    line = json.dumps(anchor.as_dict(), sort_keys=True)
    message.set_content(
        f"Verankerung der Ereignis-Historie ({application})\n\n"
        f"Position: {anchor.position}\nHash:     {anchor.hash}\nZeit:     {anchor.at.isoformat()}\n\n"
        "Bitte diese Nachricht unverändert aufbewahren (außerhalb des Systems). Zur Prüfung die Zeile unten in "
        "eine Datei schreiben und `invoicing audit verify --anchors DATEI` ausführen: stimmt der Hash an dieser "
        "Position nicht mehr, wurde die Historie bis dahin verändert.\n\n"
        "Anchor of the event history: keep this message unchanged, outside the system. To check, put the line "
        "below into a file and run `invoicing audit verify --anchors FILE`; if the hash at this position no "
        "longer matches, the history up to it was changed.\n\n" + line + "\n")
    return message
