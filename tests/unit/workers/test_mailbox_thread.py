"""The mailbox poller thread: polls while it holds the mailbox lock, keeps going after failures, stops on request."""

import time

from invoicing.bootstrap import bootstrap
from invoicing.config import Imap, Settings, Smtp
from invoicing.mailbox.imap import ImapMailbox
from invoicing.mailbox.ports import MailboxUnavailable
from tests.mails import mail
from tests.unit.mailbox.world import World
from workers.leadership import FileLeadership, ProcessLeadership, leadership_for
from workers.mailbox import MailboxThread, mailbox_poller


def wait_for(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.01)


def test_without_imap_settings_no_poller_runs():
    services = bootstrap(Settings(persistence="memory"))
    assert mailbox_poller(services) is None


def test_with_imap_settings_the_poller_uses_the_configured_mailbox_and_its_own_lock(tmp_path):
    settings = Settings(persistence="sqlite", data_dir=tmp_path, imap=Imap(host="imap.invalid", poll_interval=7),
                        smtp=Smtp(host="smtp.invalid", mail_from="r@stadt.example"))
    services = bootstrap(settings)
    poller = mailbox_poller(services)
    assert isinstance(poller.intake.mailbox, ImapMailbox) and poller.poll_interval == 7
    assert isinstance(poller.leadership, FileLeadership) and poller.leadership.path.name == "mailbox.lock"
    assert leadership_for(settings).path.name == "dispatcher.lock"
    services.close()


def test_the_thread_takes_in_new_mail_survives_a_failing_mailbox_and_stops():
    world = World.build()
    thread = MailboxThread(world.intake, ProcessLeadership(), poll_interval=0.01)
    uids = world.mailbox.uids
    failures = []

    def flaky() -> list[int]:
        if len(failures) < 2:
            failures.append(1)
            raise MailboxUnavailable("connection reset")
        return uids()

    world.mailbox.uids = flaky
    world.deliver(mail(subject="Hallo"))
    thread.start()
    try:
        wait_for(lambda: len(world.mailbox.in_folder("NoInvoice")) == 1)
    finally:
        thread.stop()
    assert not thread.is_alive() and len(failures) == 2 and world.answers("no-invoice") == 1
