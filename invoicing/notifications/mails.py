"""The notification mail: German first, English below; a Message-ID fixed by (case, version, recipient).

A question to the supplier gets the Message-ID `<question.<case id>.<n>@<domain>>`, so a reply's
`In-Reply-To` names the case and which question it answers (`question_replied`).
"""

from __future__ import annotations

import re
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from uuid import UUID

from invoicing.notifications.notices import Notice

_QUESTION = re.compile(r"<question\.([0-9a-f-]{36})\.(\d+)@[^>]+>")


def domain_of(address: str) -> str:
    """The domain of the sending address (for Message-IDs)."""
    found = re.search(r"@([A-Za-z0-9.-]+)", address)
    return found.group(1) if found else "localhost"


def message_id(notice: Notice, case_id: UUID, version: int, recipient: str, sender: str) -> str:
    """The Message-ID of the notice mail to `recipient` (a login, or "supplier")."""
    domain = domain_of(sender)
    if recipient == "supplier" and notice.question is not None:
        return f"<question.{case_id}.{notice.question}@{domain}>"
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", recipient)
    return f"<tell.{case_id}.{version}.{safe}@{domain}>"


def notice_mail(notice: Notice, *, sender: str, to: str, message_id: str, at: datetime) -> EmailMessage:
    """The mail that tells `to` of `notice`."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = to
    mail["Subject"] = f"{notice.subject.de} / {notice.subject.en}"
    mail["Date"] = format_datetime(at)
    mail["Message-ID"] = message_id
    mail["Auto-Submitted"] = "auto-generated"
    mail["Content-Language"] = "de, en"
    mail.set_content(f"{notice.body.de}\n\n-- English --\n\n{notice.body.en}\n")
    return mail


def digest_mail(*, sender: str, to: str, day, lines: list[str], at: datetime, message_id: str) -> EmailMessage:
    """The daily digest: what waits for the person today."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = to
    mail["Subject"] = f"Ihre Rechnungen am {day:%d.%m.%Y} / Your invoices on {day.isoformat()}"
    mail["Date"] = format_datetime(at)
    mail["Message-ID"] = message_id
    mail["Auto-Submitted"] = "auto-generated"
    listing = "\n".join(f"- {line}" for line in lines)
    mail.set_content(f"Auf Sie warten {len(lines)} Rechnungen:\n{listing}\n\n-- English --\n\n"
                     f"{len(lines)} invoices wait for you:\n{listing}\n")
    return mail


def question_replied(in_reply_to: str, references: str = "") -> tuple[UUID, int] | None:
    """(case id, question number) when a mail replies to a question mail, else None."""
    for header in (in_reply_to, references):
        found = _QUESTION.search(header or "")
        if found:
            return UUID(found.group(1)), int(found.group(2))
    return None


__all__ = ["digest_mail", "domain_of", "message_id", "notice_mail", "question_replied"]
