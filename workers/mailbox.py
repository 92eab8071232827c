"""The mailbox poller: a thread that takes in the IMAP inbox every `poll_interval` seconds.

It polls only while it holds the mailbox lock (`workers.leadership`, role "mailbox"), so however
many worker processes run, one polls; when that process dies, another takes over. The steps
themselves, and why a crash between any two of them loses and doubles nothing, are in
`invoicing.mailbox.intake`. Started by `workers.runtime.WorkerRuntime` when IMAP is configured.
"""

from __future__ import annotations

import logging
import threading

from invoicing.bootstrap import Services, mail_intake
from invoicing.mailbox.intake import MailIntake
from invoicing.mailbox.ports import MailboxUnavailable
from workers.leadership import leadership_for

log = logging.getLogger(__name__)


class MailboxThread(threading.Thread):
    """Polls the mailbox while this process holds the mailbox lock."""

    def __init__(self, intake: MailIntake, leadership, *, poll_interval: float):
        super().__init__(name="mailbox", daemon=True)
        self.intake = intake
        self.leadership = leadership
        self.poll_interval = poll_interval
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                if self.leadership.acquire():
                    taken = self.intake.poll_once(self.stopping)
                    if taken:
                        log.info("Mailbox: %d mails taken in.", taken)
            except MailboxUnavailable as error:
                log.warning("The mailbox cannot be used now (%s); trying again in %.0f s.", error, self.poll_interval)
                self.intake.mailbox.close()
            except Exception:
                log.exception("The mailbox poll failed; trying again in %.0f s.", self.poll_interval)
                self.intake.mailbox.close()
            self.stopping.wait(self.poll_interval)
        self.intake.mailbox.close()
        self.leadership.release()

    def stop(self, timeout: float = 10.0) -> None:
        self.stopping.set()
        self.join(timeout)


def mailbox_poller(services: Services) -> MailboxThread | None:
    """The poller for the configured mailbox, or None when no IMAP mailbox is configured."""
    imap = services.settings.imap
    if imap is None:
        return None
    log.info("Mailbox intake: %s@%s:%d/%s every %g s.", imap.user, imap.host, imap.port, imap.folder,
             imap.poll_interval)
    return MailboxThread(mail_intake(services), leadership_for(services.settings, "mailbox"),
                         poll_interval=imap.poll_interval)
