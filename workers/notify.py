"""Telling people of an event on an invoice, and the daily digest: plain functions of (services, ids), safe to run twice.

`notify_people` sends the mails first and then records `PeopleNotified`; the outbox keeps the work
`tell:<version>` open until that record exists, and every mail's Message-ID is fixed by (case,
version, recipient): after a crash in between, the same mails go out again, never different ones,
and nothing is sent once the record exists (see `invoicing.notifications`). A person who chose the
daily digest or no mail gets none now (recorded as such); without SMTP nothing is mailed ("no-mail").
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from invoicing.approvals.clock import city_day
from invoicing.bootstrap import Services
from invoicing.mailbox.notices import answerable_submission
from invoicing.notifications import mails
from invoicing.notifications.notices import notice_for


def supplier_address(case) -> str | None:
    """Where the supplier of `case` is mailed: the answer address of its mail, else its sender if an address."""
    submission = answerable_submission(case)
    if submission is not None and submission.evidence is not None:  # an answerable mail has its answer address
        return submission.evidence["answer_to"]
    sender = case.submissions[0].sender
    return sender if "@" in sender else None


def notify_people(services: Services, case_id: UUID, version: int) -> None:
    """Tell whoever the event at `version` of the case concerns, then record it (nothing if recorded already)."""
    invoices = services.invoices
    case = invoices.get_case(case_id)
    if version in case.people_told:
        return
    event = invoices.event_at(case_id, version)
    now = invoices.clock()
    policy = invoices.policy_now()
    notice = notice_for(case, event, policy, now)
    recipients: list[dict] = []
    if notice is not None:
        for login in notice.logins:
            mode = invoices.notification_mode(login)
            recipients.append(_send(services, notice, case_id, version, login, policy.email_of(login), mode, now))
        if notice.supplier:
            recipients.append(_send(services, notice, case_id, version, "supplier", supplier_address(case),
                                    "immediate", now))
    invoices.record_people_notified(case_id, version=version, about=notice.about if notice else "nobody",
                                    recipients=recipients, case=case)


def _send(services: Services, notice, case_id: UUID, version: int, recipient: str, address: str | None, mode: str,
          now) -> dict:
    entry = {"login": recipient, "address": address or "", "mode": mode, "message_id": ""}
    if mode != "immediate":
        return entry
    if not address:
        return {**entry, "mode": "no-address"}
    if services.mail is None:
        return {**entry, "mode": "no-mail"}
    sender = services.mail.from_address
    identifier = mails.message_id(notice, case_id, version, recipient, services.mail.address)
    services.mail.sender.send(mails.notice_mail(notice, sender=sender, to=address, message_id=identifier, at=now))
    return {**entry, "message_id": identifier}


def send_digests(services: Services, inbox_lines) -> int:
    """Send today's digest to everyone who chose it and has something waiting (once per person and day).

    `inbox_lines(login)` gives the lines of what waits for the person (their inbox). Returns how many went out.
    """
    invoices, sent = services.invoices, 0
    if services.mail is None:
        return 0
    now = invoices.clock()
    today: date = city_day(now)
    policy = invoices.policy_now()
    for person in policy.people:
        if invoices.notification_mode(person.login) != "digest" or today in invoices.digests_sent(person.login):
            continue
        lines = inbox_lines(person.login)
        address = policy.email_of(person.login)
        if not lines or not address:
            continue
        sender = services.mail.from_address
        identifier = f"<digest.{person.login}.{today.isoformat()}@{mails.domain_of(services.mail.address)}>"
        services.mail.sender.send(mails.digest_mail(sender=sender, to=address, day=today, lines=lines, at=now,
                                                    message_id=identifier))
        invoices.record_digest(person.login, day=today, message_id=identifier, count=len(lines),
                               by="system:pipeline")
        sent += 1
    return sent


def inbox_lines(services: Services, login: str) -> list[str]:
    """What waits for `login`: one line per open step they may act on (from the open-steps index)."""
    from invoicing.open_steps.inbox import inbox

    return [f"{item.number or item.case_id} – {item.seller or '–'} ({item.step.kind})"
            for item in inbox(services.invoices, services.open_steps, login)]
