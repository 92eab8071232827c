"""Reading a raw e-mail (RFC 5322 bytes) into the plain facts the intake decides on.

Attachments are every leaf part except the message text: a `text/plain` or `text/html` part
without a file name and not marked `attachment` is text, everything else is an attachment
(forwarded mails included, `message/rfc822` parts are looked into). Whether an attachment is an
invoice is judged by its bytes (`invoicing.mailbox.attachments`), never by its name or declared type.
Reading never fails: a header that cannot be decoded is taken as empty.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

LOOP_HEADERS = ("auto-submitted", "return-path", "precedence", "x-autoreply", "x-autorespond",
                "x-auto-response-suppress", "list-id", "list-unsubscribe", "x-loop", "feedback-id")
"""Headers that tell automatic mail (auto-replies, bounces, mailing lists) from mail a person sent."""

_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]+")


@dataclass(frozen=True)
class Attachment:
    """One attachment: its file name as sent (or a made-up one), the declared media type, its bytes."""

    filename: str
    declared_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class IncomingMail:
    """What the intake needs from a mail: who, which, when, what about, loop headers, attachments."""

    message_id: str  # as written, e.g. "<abc@supplier.example>"; "" when the mail has none
    from_address: str
    reply_to: str  # first Reply-To address, "" when none
    subject: str
    sent_at: datetime | None  # the Date header, None when missing or unreadable
    content_type: str  # of the whole mail, e.g. "multipart/mixed"
    headers: dict[str, str]  # the `LOOP_HEADERS` present, names in lower case
    attachments: tuple[Attachment, ...]
    raw_sha256: str
    in_reply_to: str = ""  # the In-Reply-To header, for replies to the city's questions
    references: str = ""
    text: str = ""  # the message text (first plain-text part), quoted lines left out, at most `TEXT_LIMIT`


def read_mail(raw: bytes) -> IncomingMail:
    """The facts of the mail `raw`."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    return IncomingMail(
        message_id=_header(message, "Message-ID").strip(),
        from_address=_first_address(message, "From"),
        reply_to=_first_address(message, "Reply-To"),
        subject=" ".join(_header(message, "Subject").split()),
        sent_at=_date(_header(message, "Date")),
        content_type=message.get_content_type(),
        headers={name: _header(message, name).strip() for name in LOOP_HEADERS if name in message},
        attachments=tuple(_attachments(message)),
        raw_sha256=hashlib.sha256(raw).hexdigest(),
        in_reply_to=_header(message, "In-Reply-To").strip()[:1000],
        references=_header(message, "References").strip()[:4000],
        text=_text(message),
    )


TEXT_LIMIT = 4000
"""Characters of a mail's own text kept (a reply to a question is a few lines)."""


def _text(message: EmailMessage) -> str:
    """The mail's own words: its first text/plain part without quoted lines (">") and the quote header after them."""
    for part in message.walk():
        if part.get_content_type() == "text/plain" and not _filename(part):
            try:
                content = part.get_content()
            except Exception:
                return ""
            lines = []
            for line in str(content)[:TEXT_LIMIT * 4].splitlines():
                if line.startswith(">") or line.strip() == "-- English --":
                    break
                lines.append(line)
            return "\n".join(lines).strip()[:TEXT_LIMIT]
    return ""


def _attachments(message: EmailMessage) -> list[Attachment]:
    found: list[Attachment] = []
    for part in message.walk():
        if part.is_multipart() or part.get_content_maintype() == "message":
            continue
        filename = _filename(part)
        disposition = (part.get_content_disposition() or "").lower()
        if part.get_content_type() in ("text/plain", "text/html") and not filename and disposition != "attachment":
            continue  # the message text
        try:
            payload = part.get_payload(decode=True)  # bytes, or None for a multipart part
            content = payload if isinstance(payload, bytes) else b""
        except Exception:  # undecodable transfer encoding: keep what is there
            content = str(part.get_payload()).encode("utf-8", "replace")
        found.append(Attachment(filename or f"attachment-{len(found) + 1}", part.get_content_type(), content))
    return found


def _filename(part: Message) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:
        name = ""
    name = _UNSAFE.sub("_", str(name)).strip(" ._")
    return name[-200:]


def _header(message: Message, name: str) -> str:
    try:
        return str(message.get(name, "") or "")
    except Exception:  # a malformed header must not stop the intake
        return ""


def _first_address(message: Message, name: str) -> str:
    for _, address in getaddresses([_header(message, name)]):
        if "@" in address:
            return address.strip()
    return ""


def _date(value: str) -> datetime | None:
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)
