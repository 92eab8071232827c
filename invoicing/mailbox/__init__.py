"""Mailbox intake: invoices sent by e-mail become submissions; suppliers get a receipt and the verdict.

* `reading` — raw mail → facts (sender, Message-ID, subject, date, loop headers, attachments);
* `attachments` — what an attachment is, judged by its bytes;
* `decisions` — pure: the mail's key, whether it may be answered (no loops), the plan, what is due;
* `mail` — `ReceivedMail`, the event stream of one mail;
* `replies` — the answers, German first and English below, with deterministic Message-IDs;
* `intake` — `MailIntake`, the poller's steps and **the argument why nothing is lost or doubled**;
* `notices` — the verdict mail, sent by the notify-supplier work;
* `ports` — `Mailbox` and `MailSender` with in-memory implementations; adapters in `imap`, `smtp`.

The worker side (`workers.mailbox`) polls when IMAP settings are present (`invoicing.config`).
"""
