"""`ImapMailbox`: the `Mailbox` port on an IMAP server, with the standard library's `imaplib`.

One connection, opened on first use and reused until `close()` (or a failure, after which the
next call connects again). Messages are addressed by UID, fetched with `BODY.PEEK[]` (the
\\Seen flag stays as it is) together with `INTERNALDATE`, and moved with `UID MOVE` (RFC 6851),
or `UID COPY` + `\\Deleted` + `UID EXPUNGE` where the server lacks MOVE. The target folders are
created at log-in. Folder names must be ASCII (no modified UTF-7 here). Every IMAP or network
failure becomes `MailboxUnavailable`.
"""

from __future__ import annotations

import imaplib
import re
import ssl
from datetime import datetime

from invoicing.mailbox.ports import MailboxUnavailable, RawMail

_INTERNALDATE = re.compile(rb'INTERNALDATE "\s*(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d\d):(\d\d):(\d\d) ([+-]\d{4})"')
_MONTHS = {name: number for number, name in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1)}


class ImapMailbox:
    """The incoming folder of an IMAP account (IMAPS by default)."""

    def __init__(self, host: str, port: int, *, user: str, password: str, use_ssl: bool = True,
                 folder: str = "INBOX", create: tuple[str, ...] = (), timeout: float = 60.0):
        self.host, self.port, self.user, self.password = host, port, user, password
        self.use_ssl, self.folder, self.create, self.timeout = use_ssl, folder, create, timeout
        self._imap: imaplib.IMAP4 | None = None
        self._validity = 0
        self._capabilities: set[str] = set()

    def uid_validity(self) -> int:
        self._connection()
        return self._validity

    def uids(self) -> list[int]:
        data = self._ok(lambda imap: imap.uid("SEARCH", "UNDELETED"), "search the inbox")
        return sorted(int(uid) for uid in (data[0] or b"").split())

    def fetch(self, uid: int) -> RawMail | None:
        data = self._ok(lambda imap: imap.uid("FETCH", str(uid), "(UID INTERNALDATE BODY.PEEK[])"), f"fetch UID {uid}")
        content, meta = None, b""
        for item in data:
            if isinstance(item, tuple):
                meta += item[0]
                content = item[1] if content is None else content
            elif isinstance(item, bytes):
                meta += item
        if content is None:
            return None
        return RawMail(uid, content, internaldate(meta))

    def move(self, uid: int, folder: str) -> None:
        target = quote(folder)
        if "MOVE" in self._capabilities_now():
            self._ok(lambda imap: imap.uid("MOVE", str(uid), target), f"move UID {uid} to {folder}")
            return
        self._ok(lambda imap: imap.uid("COPY", str(uid), target), f"copy UID {uid} to {folder}")
        self._ok(lambda imap: imap.uid("STORE", str(uid), "+FLAGS.SILENT", r"(\Deleted)"), f"delete UID {uid}")
        if "UIDPLUS" in self._capabilities:
            self._ok(lambda imap: imap.uid("EXPUNGE", str(uid)), f"expunge UID {uid}")
        else:
            self._ok(lambda imap: imap.expunge(), "expunge")

    def close(self) -> None:
        imap, self._imap = self._imap, None
        if imap is not None:
            try:
                imap.logout()
            except Exception:  # a dead connection cannot log out; it is dropped anyway
                pass

    def _capabilities_now(self) -> set[str]:
        self._connection()
        return self._capabilities

    def _connection(self) -> imaplib.IMAP4:
        if self._imap is not None:
            return self._imap
        try:
            imap: imaplib.IMAP4
            if self.use_ssl:
                imap = imaplib.IMAP4_SSL(self.host, self.port, ssl_context=ssl.create_default_context(),
                                         timeout=self.timeout)
            else:
                imap = imaplib.IMAP4(self.host, self.port, timeout=self.timeout)
            imap.login(self.user, self.password)
            self._capabilities = set(b" ".join(imap.capability()[1]).decode("ascii", "replace").upper().split())
            for folder in self.create:
                imap.create(quote(folder))  # "NO [ALREADYEXISTS]" when it exists: nothing to do
            status, _ = imap.select(quote(self.folder))
            if status != "OK":
                raise MailboxUnavailable(f"The folder {self.folder!r} cannot be opened on {self.host}.")
            self._validity = int(imap.response("UIDVALIDITY")[1][0])
        except (imaplib.IMAP4.error, OSError, ValueError, TypeError) as error:
            raise MailboxUnavailable(f"The mailbox {self.user}@{self.host}:{self.port} cannot be used: {error}") from error
        self._imap = imap
        return imap

    def _ok(self, command, what: str) -> list:
        try:
            status, data = command(self._connection())
        except MailboxUnavailable:
            raise
        except (imaplib.IMAP4.error, OSError) as error:
            self.close()
            raise MailboxUnavailable(f"Could not {what}: {error}") from error
        if status != "OK":
            raise MailboxUnavailable(f"Could not {what}: {data!r}")
        return data


def quote(folder: str) -> str:
    """`folder` as an IMAP quoted string."""
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def internaldate(meta: bytes) -> datetime:
    """The INTERNALDATE in a FETCH response, as an aware datetime; raises `MailboxUnavailable` when missing."""
    match = _INTERNALDATE.search(meta)
    if match is None:
        raise MailboxUnavailable(f"The server sent no INTERNALDATE: {meta[:200]!r}")
    day, month, year, hour, minute, second, zone = (part.decode() for part in match.groups())
    return datetime.strptime(f"{year}-{_MONTHS[month.title()]:02d}-{int(day):02d} {hour}:{minute}:{second} {zone}",
                             "%Y-%m-%d %H:%M:%S %z")
