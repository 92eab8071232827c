"""The mailbox settings: read by `invoicing.config` only, refused with the variable's name when they cannot work."""

import pytest

from invoicing import config

MAILBOX = {"INVOICING_IMAP_HOST": "imap.stadt.example", "INVOICING_IMAP_USER": "rechnungseingang",
           "INVOICING_IMAP_PASSWORD": "geheim", "INVOICING_SMTP_HOST": "smtp.stadt.example",
           "INVOICING_MAIL_FROM": "Rechnungseingang <rechnungseingang@stadt.example>"}


def test_without_imap_settings_there_is_no_mailbox_intake():
    settings = config.load({})
    assert settings.imap is None and settings.smtp is None


def test_imap_and_smtp_default_to_the_secure_ports_and_the_usual_folders():
    settings = config.load(MAILBOX)
    assert (settings.imap.port, settings.imap.ssl, settings.imap.folder) == (993, True, "INBOX")
    assert (settings.imap.processed_folder, settings.imap.no_invoice_folder) == ("Processed", "NoInvoice")
    assert (settings.smtp.port, settings.smtp.security, settings.imap.poll_interval) == (587, "starttls", 30.0)
    assert "geheim" not in repr(settings)


def test_plain_imap_on_a_test_port_with_a_short_poll_interval():
    settings = config.load({**MAILBOX, "INVOICING_IMAP_SSL": "no", "INVOICING_IMAP_PORT": "51143",
                            "INVOICING_SMTP_SECURITY": "none", "INVOICING_MAILBOX_POLL_INTERVAL": "0.5"})
    assert (settings.imap.port, settings.imap.ssl, settings.imap.poll_interval) == (51143, False, 0.5)
    assert (settings.smtp.port, settings.smtp.security) == (25, "none")


@pytest.mark.parametrize("change, message", [
    ({"INVOICING_SMTP_HOST": ""}, "needs SMTP"),
    ({"INVOICING_MAIL_FROM": ""}, "INVOICING_MAIL_FROM must be set"),
    ({"INVOICING_SMTP_SECURITY": "tls13"}, "use starttls, ssl or none"),
    ({"INVOICING_IMAP_PROCESSED_FOLDER": "Erledigt/Rechnungen ✓"}, "plain ASCII"),
    ({"INVOICING_MAILBOX_POLL_INTERVAL": "often"}, "not a number of seconds"),
    ({"INVOICING_MAILBOX_POLL_INTERVAL": "0"}, "must be more than 0"),
])
def test_settings_that_cannot_work_are_refused_naming_the_variable(change, message):
    with pytest.raises(config.ConfigurationError, match=message):
        config.load({**MAILBOX, **change})
