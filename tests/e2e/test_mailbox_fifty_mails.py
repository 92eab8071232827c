"""The mailbox, end to end: 50 mails into a real Dovecot, `invoicing worker` polling it, answers into an SMTP sink.

The 50 mails: valid invoices (UBL, CII, ZUGFeRD/Factur-X PDF), invalid ones (totals off, broken
XML), several invoices in one mail, invoices under misleading names, non-invoices (plain PDFs, a
scan, a Word file, an order, plain text), the same invoice in two mails, the same mail delivered
twice, a mail without Message-ID, Reply-To, bounces, an out-of-office reply, an automatic mail with
an invoice, our own address, a mailing list. What must come of them is worked out here from the
list itself (and the validation engine's verdict on each file), never from what the intake did.

Run twice: once straight through, once with the worker killed (SIGKILL) in the middle of its poll
and started again. Both must end in exactly the expected streams, folders and answers. The one
repeat allowed after the kill is an answer the sink accepted just before the kill, sent again
with the same Message-ID and text (see `invoicing.mailbox.intake`); answers are counted by Message-ID.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from eventsourcing.utils import get_topic

from invoicing import config
from invoicing.bootstrap import bootstrap, create_tables
from invoicing.lifecycle import keys
from invoicing.mailbox.mail import ReceivedMail
from tests.e2e.expectations import check, quiescent, truth
from tests.mails import BROKEN_XML, CITY, DOCX, ORDER_XML, PNG, InvoiceFiles, bounce, mail, out_of_office, plain_pdf

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
FILES = InvoiceFiles(seed=50)


@dataclass(frozen=True)
class Delivery:
    """One mail put into the inbox, and what must come of it."""

    raw: bytes
    invoices: tuple[bytes, ...] = ()  # the files that must be submitted (each distinct content once)
    answer: str | None = None  # "receipt", "no-invoice" or None
    answer_to: str = ""
    copy_of: int | None = None  # the very same mail as delivery number `copy_of`
    sender: str = ""  # the From address: the submitter of its invoices


def supplier(n: int) -> tuple[str, str]:
    return f"Lieferant {n} GmbH <rechnung@lieferant{n}.example>", f"rechnung@lieferant{n}.example"


def fifty_mails() -> list[Delivery]:
    out: list[Delivery] = []

    def invoice_mail(n: int, attachments, invoices, **options) -> None:
        sender, address = supplier(n)
        reply_to = options.pop("reply_to", None)
        raw = mail(sender=sender, subject=f"Rechnung {n}", attachments=attachments, reply_to=reply_to, **options)
        out.append(Delivery(raw, tuple(invoices), "receipt", address, sender=address))  # never to a Reply-To

    def other_mail(n: int, attachments=(), subject="Unterlagen", **options) -> None:
        sender, address = supplier(n)
        out.append(Delivery(mail(sender=sender, subject=subject, attachments=attachments, **options), (),
                            "no-invoice", address))

    def again(index: int) -> None:
        out.append(Delivery(out[index].raw, copy_of=index, sender=out[index].sender))

    for n in range(1, 9):  # 1-8 valid UBL
        invoice_mail(n, [(f"RE-{n}.xml", FILES.ubl(n))], [FILES.ubl(n)])
    for n in range(9, 15):  # 9-14 valid CII
        invoice_mail(n, [(f"RE-{n}.xml", FILES.cii(n))], [FILES.cii(n)])
    for n in range(15, 21):  # 15-20 ZUGFeRD / Factur-X
        content = FILES.pdf(n, profile="XRECHNUNG" if n % 2 else "EN 16931")
        invoice_mail(n, [(f"RE-{n}.pdf", content)], [content])
    for n, content in zip(range(21, 25), (FILES.ubl(21, invalid=True), FILES.cii(22, invalid=True),
                                          FILES.pdf(23, invalid=True), FILES.ubl(24, invalid=True))):
        invoice_mail(n, [(f"RE-{n}.{'pdf' if n == 23 else 'xml'}", content)], [content])  # 21-24 rejected
    invoice_mail(25, [("RE-25.xml", BROKEN_XML)], [BROKEN_XML])  # 25 not well-formed
    invoice_mail(26, [("RE-26a.xml", FILES.ubl(26)), ("RE-26b.xml", FILES.cii(126)), ("logo.png", PNG)],
                 [FILES.ubl(26), FILES.cii(126)])  # 26 two invoices and a logo
    invoice_mail(27, [("notiz.txt", FILES.cii(27)), ("rechnung.xml", plain_pdf("Kopie"))], [FILES.cii(27)])  # 27 names lie
    for n in range(28, 31):  # 28-30 plain PDFs
        other_mail(n, [(f"Rechnung-{n}.pdf", plain_pdf(f"Rechnung {n}"))], subject=f"Rechnung {n}")
    other_mail(31, [("scan.png", PNG)], subject="Rechnung als Scan")  # 31
    other_mail(32, [("Rechnung.docx", DOCX)])  # 32
    other_mail(33, [("bestellung.xml", ORDER_XML)], subject="Bestellung")  # 33
    other_mail(34, subject="Frage zur Zahlung")  # 34
    other_mail(35, subject="Neue Bankverbindung")  # 35
    invoice_mail(36, [("nochmal.xml", FILES.ubl(1))], [FILES.ubl(1)])  # 36 the invoice of mail 1 again
    invoice_mail(37, [("RE-9-kopie.xml", FILES.cii(9))], [FILES.cii(9)])  # 37 … of mail 9
    invoice_mail(9, [("RE-15.pdf", FILES.pdf(15, profile="XRECHNUNG"))], [FILES.pdf(15, profile="XRECHNUNG")])  # 38
    again(1)  # 39: mail 2 delivered twice
    again(9)  # 40: mail 10 delivered twice
    again(27)  # 41: mail 28 (a plain PDF) delivered twice
    invoice_mail(42, [("RE-42.xml", FILES.ubl(42))], [FILES.ubl(42)], message_id="")  # 42 no Message-ID
    invoice_mail(43, [("RE-43.xml", FILES.cii(43))], [FILES.cii(43)], reply_to="buchhaltung@lieferant43.example")
    out.append(Delivery(bounce()))  # 44
    out.append(Delivery(bounce(original="Keine E-Rechnung erhalten")))  # 45
    out.append(Delivery(out_of_office()))  # 46
    sender, address = supplier(47)  # 47: an ERP's automatic mail: taken in, never answered
    out.append(Delivery(mail(sender=sender, subject="Rechnung 47", headers={"Auto-Submitted": "auto-generated"},
                             attachments=[("RE-47.xml", FILES.ubl(47))]), (FILES.ubl(47),), sender=address))
    out.append(Delivery(mail(sender=f"Rechnungseingang <{CITY}>", subject="Test")))  # 48 ourselves
    out.append(Delivery(mail(sender="news@verband.example", subject="Newsletter", headers={"List-Id": "<news.verband.example>"})))
    invoice_mail(50, [("RE-3.xml", FILES.ubl(3)), ("RE-50.xml", FILES.ubl(50))], [FILES.ubl(3), FILES.ubl(50)])
    assert len(out) == 50
    return out


@dataclass(frozen=True)
class Expected:
    """Streams, folders and answers that 50 deliveries must end in."""

    arrivals: list
    mails: int
    copies: int
    processed: int
    no_invoice: int
    answers: Counter  # (notice, to) per distinct answer


def expected(deliveries: list[Delivery]) -> Expected:
    distinct = [item for item in deliveries if item.copy_of is None]
    answers = Counter((item.answer, item.answer_to) for item in distinct if item.answer)
    verdict_to: dict[tuple[str, str], str] = {}  # per submitter and file: each is a case of its own
    for item in distinct:
        for content in item.invoices:
            if item.answer and (item.sender, keys.content_hash(content)) not in verdict_to:
                verdict_to[(item.sender, keys.content_hash(content))] = item.answer_to
    contents = {keys.content_hash(content): content for item in distinct for content in item.invoices}
    for (_, digest), to in verdict_to.items():
        answers[("accepted" if truth(contents[digest]).accepted else "rejected", to)] += 1
    processed = sum(1 for item in deliveries if (deliveries[item.copy_of] if item.copy_of is not None else item).invoices)
    return Expected([SimpleNamespace(content=content, sender=item.sender) for item in distinct
                     for content in item.invoices],
                    len(distinct), len(deliveries) - len(distinct), processed, len(deliveries) - processed, answers)


class Worker:
    """`invoicing worker` with the test's settings, as its own process."""

    def __init__(self, env: dict[str, str], logs: Path):
        self.env, self.logs, self.process, self.started = env, logs, None, 0

    def start(self) -> None:
        self.started += 1
        log = self.logs / f"worker-{self.started}.log"
        self.process = subprocess.Popen([sys.executable, "-m", "invoicing", "worker", "--threads", "4"], cwd=ROOT,
                                        env=self.env, stdout=subprocess.DEVNULL, stderr=log.open("wb"))
        deadline = time.monotonic() + 90
        while b" ready: " not in log.read_bytes():
            assert self.process.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, "the worker did not get ready within 90 s"
            time.sleep(0.1)

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def count(invoices, event_class) -> int:
    return len(invoices.recorder.select_notifications(start=None, limit=100_000, topics=[get_topic(event_class)]))


def answers_sent(sink) -> list:
    """The mails that answered suppliers (receipts, verdicts); the staff's notifications are tested elsewhere."""
    return [message for message in sink.received() if message["X-Invoicing-Notice"] is not None]


def distinct_answers(sink) -> Counter:
    seen: dict[str, tuple[str, str]] = {}
    for message in answers_sent(sink):
        seen[message["Message-ID"]] = (message["X-Invoicing-Notice"], message["To"])
    return Counter(seen.values())


def check_everything(services, sink, server, account, deliveries, want: Expected) -> None:
    invoices = services.invoices
    folders = {name: server.count(*account, name) for name in ("INBOX", "Processed", "NoInvoice")}
    assert folders == {"INBOX": 0, "Processed": want.processed, "NoInvoice": want.no_invoice}
    assert count(invoices, ReceivedMail.MailReceived) == want.mails
    assert count(invoices, ReceivedMail.MailReceivedAgain) == want.copies
    assert count(invoices, ReceivedMail.MailFiled) == len(deliveries)
    assert count(invoices, ReceivedMail.MailAnswered) == sum(
        n for (notice, _), n in want.answers.items() if notice in ("receipt", "no-invoice"))
    check(services, want.arrivals)  # one stream per distinct file, each in its right state, told once
    assert distinct_answers(sink) == want.answers


def wait_until_done(services, sink, server, account, deliveries, want: Expected, timeout: float) -> float:
    started = time.monotonic()
    while True:
        if quiescent(services) and server.count(*account, "INBOX") == 0 \
                and sum(distinct_answers(sink).values()) >= sum(want.answers.values()):
            try:
                check_everything(services, sink, server, account, deliveries, want)
                return time.monotonic() - started
            except AssertionError:
                if time.monotonic() - started > timeout:
                    raise
        elif time.monotonic() - started > timeout:
            check_everything(services, sink, server, account, deliveries, want)  # says what is missing
        time.sleep(0.5)


@pytest.mark.parametrize("kill", [False, True], ids=["straight", "killed-mid-poll"])
def test_fifty_mails_end_in_exactly_the_expected_streams_and_answers(kill, dovecot_server, imap_account, smtp_sink,
                                                                     tmp_path):
    deliveries = fifty_mails()
    want = expected(deliveries)
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("POSTGRES_", "INVOICING_", "REDIS_", "RABBITMQ_", "PERSISTENCE_", "CREATE_TABLE"))}
    env.update({"PERSISTENCE_MODULE": "sqlite", "INVOICING_DATA_DIR": str(tmp_path / "data"),
                "INVOICING_IMAP_HOST": "127.0.0.1", "INVOICING_IMAP_PORT": str(dovecot_server.port),
                "INVOICING_IMAP_SSL": "no", "INVOICING_IMAP_USER": imap_account[0],
                "INVOICING_IMAP_PASSWORD": imap_account[1], "INVOICING_MAILBOX_POLL_INTERVAL": "0.5",
                "INVOICING_SMTP_HOST": "127.0.0.1", "INVOICING_SMTP_PORT": str(smtp_sink.port),
                "INVOICING_SMTP_SECURITY": "none", "INVOICING_MAIL_FROM": f"Rechnungseingang <{CITY}>",
                "INVOICING_RETRY_MIN_BACKOFF_MS": "100", "INVOICING_REDELIVER_AFTER": "10"})
    settings = config.load(env)
    create_tables(settings).close()
    services = bootstrap(settings.but(create_tables=False))
    worker = Worker(env, tmp_path)
    try:
        dovecot_server.append(*imap_account, [item.raw for item in deliveries])
        started = time.monotonic()
        worker.start()
        left_at_kill = 0
        if kill:
            while count(services.invoices, ReceivedMail.MailReceived) < 15:
                assert time.monotonic() - started < 120, "the poller took in nothing"
                time.sleep(0.02)
            worker.kill()
            left_at_kill = dovecot_server.count(*imap_account, "INBOX")
            assert left_at_kill > 0, "the kill must come in the middle of the poll"
            worker.start()
        waited = wait_until_done(services, smtp_sink, dovecot_server, imap_account, deliveries, want, timeout=240)
        raw, distinct = len(answers_sent(smtp_sink)), sum(distinct_answers(smtp_sink).values())
        if not kill:
            assert raw == distinct, "without a crash every answer is sent exactly once"
        else:
            assert raw - distinct <= 5, "only answers in flight at the kill may go out once more"
        print(f"\nmailbox ({'killed mid-poll' if kill else 'straight'}): 50 mails, {len(want.arrivals)} submissions, "
              f"{distinct} answers in {time.monotonic() - started:.1f} s ({waited:.1f} s waiting; "
              f"{left_at_kill} mails in the inbox at the kill; {raw - distinct} answers repeated)")
    finally:
        worker.stop()
        services.close()
