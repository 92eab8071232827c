"""The mailbox intake's ports behave alike in memory and on real servers (Dovecot IMAP, an SMTP sink)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage

import pytest

from invoicing.mailbox.imap import ImapMailbox
from invoicing.mailbox.ports import InMemoryMailbox, InMemoryMailSender, Undeliverable
from invoicing.mailbox.smtp import SmtpSender
from tests.mails import InvoiceFiles, mail
from tests.servers import free_port

FILES = InvoiceFiles(seed=3)


@dataclass
class Inbox:
    """A mailbox behind the port, and how the test delivers into it and looks into its folders."""

    mailbox: object
    deliver: object
    count: object


@pytest.fixture(params=["memory", "dovecot"])
def inbox(request):
    if request.param == "memory":
        box = InMemoryMailbox()
        yield Inbox(box, lambda raws: [box.deliver(raw) for raw in raws], lambda folder: len(box.in_folder(folder)))
        return
    server = request.getfixturevalue("dovecot_server")
    user, password = request.getfixturevalue("imap_account")
    box = ImapMailbox("127.0.0.1", server.port, user=user, password=password, use_ssl=False,
                      create=("Processed", "NoInvoice"))
    yield Inbox(box, lambda raws: server.append(user, password, raws), lambda folder: server.count(user, password, folder))
    box.close()


def test_delivered_mails_are_listed_oldest_first_and_fetched_byte_for_byte_with_their_arrival_time(inbox):
    raws = [mail(subject="eins", attachments=[("a.pdf", FILES.pdf(1))]), mail(subject="zwei")]
    inbox.deliver(raws)

    uids = inbox.mailbox.uids()
    fetched = [inbox.mailbox.fetch(uid) for uid in uids]

    assert len(uids) == 2 and uids == sorted(uids)
    assert [item.content.replace(b"\r\n", b"\n") for item in fetched] == [raw.replace(b"\r\n", b"\n") for raw in raws]
    now = datetime.now(timezone.utc)
    assert all(item.received_at.tzinfo and abs(item.received_at - now) < timedelta(minutes=2) for item in fetched)


def test_a_moved_mail_leaves_the_inbox_for_its_folder_and_moving_it_again_is_harmless(inbox):
    inbox.deliver([mail(), mail()])
    first, second = inbox.mailbox.uids()

    inbox.mailbox.move(first, "Processed")
    inbox.mailbox.move(first, "Processed")  # after a crash between move and record: already gone

    assert inbox.mailbox.uids() == [second] and inbox.mailbox.fetch(first) is None
    assert inbox.count("Processed") == 1 and inbox.count("NoInvoice") == 0


def test_uids_keep_their_meaning_across_sessions(inbox):
    inbox.deliver([mail()])
    validity, uids = inbox.mailbox.uid_validity(), inbox.mailbox.uids()
    inbox.mailbox.close()
    assert (inbox.mailbox.uid_validity(), inbox.mailbox.uids()) == (validity, uids)


# --- SMTP ----------------------------------------------------------------------------------

def message(to: str) -> EmailMessage:
    composed = EmailMessage()
    composed["From"] = "Rechnungseingang <rechnungseingang@stadt.example>"
    composed["To"] = to
    composed["Subject"] = "Eingangsbestätigung"
    composed["Message-ID"] = "<fixed@stadt.example>"
    composed.set_content("Guten Tag,\n\nIhre Rechnung ist eingegangen.")
    return composed


@pytest.fixture(params=["memory", "smtp"])
def sending(request):
    if request.param == "memory":
        sender = InMemoryMailSender()
        return sender, sender.refused, lambda: sender.sent
    sink = request.getfixturevalue("smtp_sink")
    return SmtpSender("127.0.0.1", sink.port, security="none"), sink.refused, sink.received


def test_a_sent_message_arrives_as_composed(sending):
    sender, _, received = sending
    sender.send(message("rechnung@muster.example"))
    [arrived] = received()
    assert arrived["Message-ID"] == "<fixed@stadt.example>" and arrived["Subject"] == "Eingangsbestätigung"
    assert "Ihre Rechnung ist eingegangen." in arrived.get_content()


def test_a_recipient_refused_for_good_is_undeliverable(sending):
    sender, refused, received = sending
    refused.add("gone@muster.example")
    with pytest.raises(Undeliverable, match="550"):
        sender.send(message("gone@muster.example"))
    assert received() == []


def test_an_unreachable_mail_server_is_a_transient_failure_not_an_undeliverable_mail():
    with pytest.raises(OSError):
        SmtpSender("127.0.0.1", free_port(52900), security="none", timeout=5).send(message("a@b.example"))
