"""The core's factory: settings in, the core application (events, originals, outbox, open steps, policy) out.

    >>> from invoicing.bootstrap import bootstrap
    >>> from invoicing.config import Settings
    >>> services = bootstrap(Settings(persistence="memory"))
    >>> type(services.invoices).__name__, type(services.outbox).__name__, type(services.open_steps).__name__
    ('Invoices', 'InMemoryOutbox', 'InMemoryOpenSteps')
    >>> services.invoices.policy.version
    '2026-01'

The approval policy is the file `settings.policy_file` (`INVOICING_POLICY_FILE`), else the packaged
sample policy; a policy that cannot be used stops the start with a `PolicyError` naming every problem.

With SMTP settings, `services.mail` sends answers (receipts, verdicts); `mail_intake(services)`
builds the mailbox poller on the configured IMAP mailbox. Tests pass in-memory ports instead.

Tests call it with in-memory parts; the composition root (`cli.root`) calls it for the command line, the
workers and the web server, with the settings `invoicing.config.load()` read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from invoicing.approvals import Policy, PolicyError, load_policy, sample_policy
from invoicing.config import Settings
from invoicing.lifecycle.application import Invoices, utc_now
from invoicing.mailbox.ports import Mailbox, MailSender, Outgoing
from invoicing.migrations import upgrade
from invoicing.open_steps import OpenSteps, open_steps_for
from invoicing.outbox import Outbox, outbox_for
from invoicing.throttles import Throttles, throttles_for


@dataclass
class Services:
    """Everything wired: the application (with its document store and policy), the outbox, the open steps."""

    settings: Settings
    invoices: Invoices
    outbox: Outbox
    open_steps: OpenSteps
    mail: Outgoing | None = None  # how answers to suppliers go out (None: no SMTP configured)
    throttles: Throttles | None = None  # counts behind the per-address limit on mail answers

    def close(self) -> None:
        """Release database connections."""
        self.invoices.close()


def bootstrap(settings: Settings, *, clock: Callable[[], datetime] = utc_now, policy: Policy | None = None,
              mail_sender: MailSender | None = None) -> Services:
    """Build the application for `settings` (and `policy`, default the configured one); tables per `create_tables`.

    `mail_sender` replaces the SMTP adapter (tests: `InMemoryMailSender`); answers need `settings.smtp`.
    """
    policy = policy if policy is not None else approval_policy(settings)
    if settings.persistence == "sqlite":
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    if settings.create_tables:  # our tables by their migrations; the event store's by eventsourcing, below
        upgrade(settings, ("invoices",))
    invoices = Invoices(settings.eventsourcing_env(), clock=clock, policy=policy)
    return Services(settings, invoices, outbox_for(invoices.factory), open_steps_for(invoices.factory),
                    mail=_outgoing(settings, mail_sender), throttles=throttles_for(invoices.factory))


def _outgoing(settings: Settings, sender: MailSender | None) -> Outgoing | None:
    if settings.smtp is None:
        return None
    if sender is None:
        from invoicing.mailbox.smtp import SmtpSender

        smtp = settings.smtp
        sender = SmtpSender(smtp.host, smtp.port, security=smtp.security, user=smtp.user, password=smtp.password)
    return Outgoing(sender, settings.smtp.mail_from)


def mail_intake(services: Services, mailbox: Mailbox | None = None):
    """The mailbox poller's steps (`MailIntake`) on `mailbox`, default the configured IMAP mailbox."""
    from invoicing.mailbox.intake import MailIntake

    imap = services.settings.imap
    if services.mail is None or (mailbox is None and imap is None):
        raise ValueError("The mailbox intake needs IMAP and SMTP settings (INVOICING_IMAP_HOST, INVOICING_SMTP_HOST).")
    if mailbox is None:
        from invoicing.mailbox.imap import ImapMailbox

        assert imap is not None  # refused above when neither a mailbox nor IMAP settings were given

        mailbox = ImapMailbox(imap.host, imap.port, user=imap.user, password=imap.password, use_ssl=imap.ssl,
                              folder=imap.folder, create=(imap.processed_folder, imap.no_invoice_folder))
    processed = imap.processed_folder if imap else "Processed"
    no_invoice = imap.no_invoice_folder if imap else "NoInvoice"
    return MailIntake(services.invoices, mailbox, services.mail, processed=processed, no_invoice=no_invoice,
                      throttles=services.throttles)


def approval_policy(settings: Settings) -> Policy:
    """The policy in `settings.policy_file`, or the packaged sample policy; raises `PolicyError`."""
    if settings.policy_file is None:
        return sample_policy()
    try:
        return load_policy(settings.policy_file)
    except OSError as error:
        raise PolicyError(str(settings.policy_file), [f"The file cannot be read: {error.strerror or error}."]) from None


def create_tables(settings: Settings) -> Services:
    """Create every table (events, tracking, originals, outbox, open steps, throttles) if missing, and apply the
    pending migrations of the invoices' own tables: `invoicing db init`."""
    return bootstrap(settings.but(create_tables=True))
