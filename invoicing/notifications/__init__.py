"""Telling people of work: who an event on an invoice concerns and what they are told (`notices`), the mail
(`mails`), sent once per event and person by the notify step of the workers (`workers.notify`).

Idempotency is the mailbox's argument: the work `tell:<version>` stays open in the outbox until the
case records `PeopleNotified` for that version; each mail's Message-ID is fixed by (case, version,
recipient), so a run repeated after a crash between sending and recording sends the very same mail
again (recognisably the same to every mail client), never a different one, and never after the record.
"""
