"""The mailbox intake's two ports, each with an in-memory implementation for tests and demos.

* `Mailbox` — the incoming IMAP folder: list messages by UID, fetch one, move it to a folder;
  raises `MailboxUnavailable` when the server cannot be used. Adapter: `invoicing.mailbox.imap.ImapMailbox`.
* `MailSender` — hands a composed message to the outgoing mail server; raises `Undeliverable`
  when the server refuses it for good (a 5xx answer) and anything else when it may work later.
  Adapter: `invoicing.mailbox.smtp.SmtpSender`.
"""

from __future__ import annotations

import email
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email import policy
from email.message import EmailMessage
from email.utils import getaddresses
from typing import Protocol


@dataclass(frozen=True)
class RawMail:
    """One message as the mailbox holds it: UID, the bytes exactly, and when the server received it."""

    uid: int
    content: bytes
    received_at: datetime  # IMAP INTERNALDATE: when the mail reached the city's mailbox


class Mailbox(Protocol):
    """The folder suppliers' mails arrive in; processed mails are moved out of it."""

    folder: str
    """Name of the incoming folder (e.g. "INBOX")."""

    def uid_validity(self) -> int:
        """The folder's UIDVALIDITY: UIDs are meaningful only together with it."""

    def uids(self) -> list[int]:
        """UIDs of the messages now in the folder, oldest first."""

    def fetch(self, uid: int) -> RawMail | None:
        """The message `uid` (without marking it seen), or None when it is no longer there."""

    def move(self, uid: int, folder: str) -> None:
        """Move message `uid` into `folder` (created if missing); nothing when it is already gone."""

    def close(self) -> None:
        """Log out; the next call connects again."""


class MailboxUnavailable(Exception):
    """The mailbox cannot be reached or refused a command; the poll ends and is tried again later."""


class Undeliverable(Exception):
    """The mail server refused a message for good (e.g. the recipient does not exist)."""


class MailSender(Protocol):
    """Sends composed messages; raises `Undeliverable` for a permanent refusal."""

    def send(self, message: EmailMessage) -> None:
        """Hand `message` to the mail server (envelope from its From and To headers)."""


@dataclass
class InMemoryMailbox:
    """Folders of messages in memory; `deliver` puts a mail into the incoming folder."""

    folder: str = "INBOX"
    validity: int = 1
    folders: dict[str, dict[int, RawMail]] = field(default_factory=dict)
    next_uid: int = 1

    def deliver(self, content: bytes, received_at: datetime | None = None) -> int:
        """Put a message into the incoming folder; returns its UID."""
        uid, self.next_uid = self.next_uid, self.next_uid + 1
        at = received_at or datetime.now(timezone.utc).replace(microsecond=0)
        self.folders.setdefault(self.folder, {})[uid] = RawMail(uid, content, at)
        return uid

    def in_folder(self, folder: str) -> list[RawMail]:
        return list(self.folders.get(folder, {}).values())

    def uid_validity(self) -> int:
        return self.validity

    def uids(self) -> list[int]:
        return sorted(self.folders.get(self.folder, {}))

    def fetch(self, uid: int) -> RawMail | None:
        return self.folders.get(self.folder, {}).get(uid)

    def move(self, uid: int, folder: str) -> None:
        mail = self.folders.get(self.folder, {}).pop(uid, None)
        if mail is not None:
            self.folders.setdefault(folder, {})[uid] = mail

    def close(self) -> None:
        pass


@dataclass
class InMemoryMailSender:
    """Keeps every message it is given; addresses in `refused` are refused for good."""

    sent: list[EmailMessage] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)

    def send(self, message: EmailMessage) -> None:
        recipients = [address for _, address in getaddresses(message.get_all("To", []))]
        if any(address in self.refused for address in recipients):
            raise Undeliverable(f"550 5.1.1 <{recipients[0]}>: Recipient address rejected")
        self.sent.append(email.message_from_bytes(message.as_bytes(), policy=policy.default))


@dataclass(frozen=True)
class Outgoing:
    """How answers go out: the sender port and the From address, e.g. "Rechnungseingang <r@stadt.example>"."""

    sender: MailSender
    from_address: str

    @property
    def address(self) -> str:
        """The bare address of `from_address`."""
        found = [address for _, address in getaddresses([self.from_address]) if "@" in address]
        return found[0] if found else self.from_address

    @property
    def domain(self) -> str:
        """The domain of the From address, used to make Message-IDs."""
        return self.address.rsplit("@", 1)[-1] or "invoicing.invalid"
