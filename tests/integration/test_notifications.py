"""Notifications through a real SMTP server (the sink): the step's people, the escalation target with the
reason, the supplier's question (answerable by reply) and the asker of an answered question are mailed —
recorded as `PeopleNotified`, and never twice, also when the work is run again after a crash."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from invoicing.bootstrap import bootstrap
from invoicing.config import Settings, Smtp
from invoicing.lifecycle.case import InvoiceCase
from invoicing.lifecycle.work import net_work
from invoicing.notifications.mails import question_replied
from tests.unit.lifecycle.given import facts, recognition, verdict
from workers import notify

FROM = "Rechnungseingang <rechnungseingang@eichenbrueck.example>"


class Clock:
    def __init__(self):
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)

    def __call__(self):
        return self.now


@pytest.fixture
def world(smtp_sink):
    clock = Clock()
    settings = Settings(persistence="memory", smtp=Smtp(host="127.0.0.1", port=smtp_sink.port, security="none",
                                                        mail_from=FROM))
    services = bootstrap(settings, clock=clock)
    yield services, smtp_sink, clock
    services.close()


def open_tell_work(services, case_id):
    opened, _ = net_work(list(services.invoices.history(case_id)))
    return sorted(int(action.split(":")[1]) for case, action in opened if case == case_id and action.startswith("tell:"))


def routed_case(services, sender="rechnung@muster.example"):
    invoices = services.invoices
    receipt = invoices.receive_submission(b"<invoice/>", channel="upload", sender=sender, filename="a.xml")
    invoices.record_recognition(receipt.case_id, recognition())
    invoices.record_validation(receipt.case_id, verdict())
    invoices.route(receipt.case_id, facts())  # Hauptamt: group hauptamt-sb (sroth, jalbrecht), then pneumann
    return receipt.case_id


def tell_all(services, case_id):
    for version in open_tell_work(services, case_id):
        notify.notify_people(services, case_id, version)


def recipients(sink):
    return sorted(address for _, tos in sink.envelopes for address in tos)


def test_the_people_of_an_opened_step_are_mailed_once_and_it_is_recorded(world):
    services, sink, _ = world
    case_id = routed_case(services)
    tell_all(services, case_id)
    assert recipients(sink) == ["jalbrecht@eichenbrueck.example", "sroth@eichenbrueck.example"]
    assert "wartet auf Sie" in sink.received()[0]["Subject"]
    told = [event for event in services.invoices.history(case_id) if isinstance(event, InvoiceCase.PeopleNotified)]
    assert sorted((item["login"], item["mode"]) for item in told[0].recipients) == [("jalbrecht", "immediate"),
                                                                                   ("sroth", "immediate")]
    # run again (a second delivery of the same work): nothing more is sent
    notify.notify_people(services, case_id, told[0].version)
    assert len(sink.received()) == 2 and open_tell_work(services, case_id) == []


def test_a_crash_between_sending_and_recording_sends_the_very_same_mail_again(world, monkeypatch):
    services, sink, _ = world
    case_id = routed_case(services)
    version = open_tell_work(services, case_id)[0]
    monkeypatch.setattr(services.invoices, "record_people_notified",
                        lambda *args, **kwargs: (_ for _ in ()).throw(RuntimeError("crash")))
    with pytest.raises(RuntimeError):
        notify.notify_people(services, case_id, version)
    monkeypatch.undo()
    notify.notify_people(services, case_id, version)
    ids = [message["Message-ID"] for message in sink.received()]
    assert len(ids) == 4 and len(set(ids)) == 2  # the same two mails, each sent twice, then recorded
    notify.notify_people(services, case_id, version)
    assert len(sink.received()) == 4


def test_a_person_who_chose_the_digest_is_not_mailed_at_once_but_in_the_daily_digest(world):
    services, sink, _ = world
    services.invoices.choose_notifications("sroth", mode="digest", by="sroth")
    case_id = routed_case(services)
    tell_all(services, case_id)
    assert recipients(sink) == ["jalbrecht@eichenbrueck.example"]
    sink.clear()
    from invoicing.open_steps.indexer import StepIndexer

    StepIndexer(services.invoices, services.open_steps).catch_up()
    sent = notify.send_digests(services, lambda login: notify.inbox_lines(services, login))
    assert sent == 1 and recipients(sink) == ["sroth@eichenbrueck.example"]
    assert notify.send_digests(services, lambda login: notify.inbox_lines(services, login)) == 0  # once a day


def test_the_escalation_target_is_mailed_with_the_reason(world):
    services, sink, clock = world
    case_id = routed_case(services)
    tell_all(services, case_id)
    sink.clear()
    clock.now += timedelta(days=8)  # five days in the step: escalated to the unit's target (pneumann)
    services.invoices.escalate(case_id)
    tell_all(services, case_id)
    assert recipients(sink) == ["pneumann@eichenbrueck.example"]
    body = sink.received()[0].get_content()
    assert "Grund:" in body and "Reason:" in body


def test_a_question_to_the_supplier_is_mailed_answerable_and_the_answer_reaches_the_asker(world):
    services, sink, _ = world
    case_id = routed_case(services)
    tell_all(services, case_id)
    sink.clear()
    services.invoices.request_clarification(case_id, by="sroth", question="Wurde geliefert?", addressed_to="supplier")
    tell_all(services, case_id)
    question = sink.received()[0]
    assert recipients(sink) == ["rechnung@muster.example"] and "Wurde geliefert?" in question.get_content()
    assert question_replied(question["Message-ID"]) == (case_id, 1)
    sink.clear()
    services.invoices.answer_as_supplier(case_id, sender="rechnung@muster.example", answer="Ja, am 1. März.")
    tell_all(services, case_id)
    assert recipients(sink) == ["sroth@eichenbrueck.example"]
    assert "Ja, am 1. März." in sink.received()[0].get_content()


def reply(question, *, sender: str, text: str) -> bytes:
    from email.message import EmailMessage

    answer = EmailMessage()
    answer["From"] = sender
    answer["To"] = question["From"]
    answer["Subject"] = "Re: " + question["Subject"]
    answer["Message-ID"] = f"<reply-{abs(hash(text))}@muster.example>"
    answer["In-Reply-To"] = question["Message-ID"]
    answer.set_content(f"{text}\n\n> {question.get_content().splitlines()[0]}\n")
    return answer.as_bytes()


def test_a_reply_to_the_question_mail_is_the_suppliers_answer_and_gets_no_what_we_accept_mail(world):
    from invoicing.bootstrap import mail_intake
    from invoicing.mailbox.ports import InMemoryMailbox

    services, sink, _ = world
    case_id = routed_case(services)
    services.invoices.request_clarification(case_id, by="sroth", question="Wurde geliefert?", addressed_to="supplier")
    tell_all(services, case_id)
    question = next(message for message in sink.received() if "Rückfrage" in message["Subject"])
    sink.clear()
    mailbox = InMemoryMailbox()
    mailbox.deliver(reply(question, sender="Fremd <fremd@other.example>", text="Nein."))  # not the supplier
    mailbox.deliver(reply(question, sender="Muster <rechnung@muster.example>", text="Ja, am 1. März geliefert."))
    intake = mail_intake(services, mailbox)
    intake.poll_once()
    case = services.invoices.get_case(case_id)
    answers = [record for record in case.approvals if type(record).__name__ == "ClarificationAnswered"]
    assert [(answer.by, answer.answer) for answer in answers] == [
        ("supplier:rechnung@muster.example", "Ja, am 1. März geliefert.")]
    assert not [message for message in sink.received() if message["To"] == "rechnung@muster.example"]
    # the same reply fetched again (a crash before it was moved) answers nothing twice
    mailbox.deliver(reply(question, sender="Muster <rechnung@muster.example>", text="Ja, am 1. März geliefert."))
    intake.poll_once()
    case = services.invoices.get_case(case_id)
    assert len([record for record in case.approvals if type(record).__name__ == "ClarificationAnswered"]) == 1
