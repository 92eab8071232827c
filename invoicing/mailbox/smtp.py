"""`SmtpSender`: the `MailSender` port on an SMTP server, with the standard library's `smtplib`.

One connection per message (answers are few; nothing to keep alive). Security "starttls"
(submission port 587), "ssl" (SMTPS, 465) or "none" (a relay on the local network, or tests).
A refusal with a 5xx code for the recipients or the message is `Undeliverable` (not retried);
everything else — connection, 4xx, log-in — is raised as it is and tried again later.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from invoicing.mailbox.ports import Undeliverable


class SmtpSender:
    """Sends messages through one SMTP server."""

    def __init__(self, host: str, port: int, *, security: str = "starttls", user: str = "", password: str = "",
                 timeout: float = 60.0):
        self.host, self.port, self.security = host, port, security
        self.user, self.password, self.timeout = user, password, timeout

    def send(self, message: EmailMessage) -> None:
        with self._connect() as smtp:
            try:
                smtp.send_message(message)
            except smtplib.SMTPRecipientsRefused as error:
                codes = [code for code, _ in error.recipients.values()]
                if codes and all(500 <= code < 600 for code in codes):
                    raise Undeliverable(f"Recipient refused: {error.recipients}") from error
                raise
            except smtplib.SMTPResponseException as error:
                if 500 <= error.smtp_code < 600:
                    raise Undeliverable(f"{error.smtp_code} {error.smtp_error!r}") from error
                raise

    def _connect(self) -> smtplib.SMTP:
        smtp: smtplib.SMTP
        if self.security == "ssl":
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            if self.security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if self.user:
                smtp.login(self.user, self.password)
        except Exception:
            smtp.close()
            raise
        return smtp
