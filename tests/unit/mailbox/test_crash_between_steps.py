"""A crash after any single side effect — a stored event, a stored original, a sent mail, a moved mail —
and a restart end in exactly the streams and answers of a run without a crash.

The only repeat allowed is the one no local record can prevent: a crash right after the mail
server accepted an answer, before the answer was recorded. Then the very same mail (same
Message-ID, same text) goes out once more. Everything else happens exactly once.
"""

from __future__ import annotations

from collections import Counter

import pytest

from invoicing.bootstrap import mail_intake
from invoicing.mailbox.mail import ReceivedMail
from tests.mails import InvoiceFiles, bounce, mail, plain_pdf
from tests.unit.mailbox.world import World

FILES = InvoiceFiles(seed=77)
A = mail(message_id="<a@muster.example>", attachments=[("RE-11.xml", FILES.ubl(11)), ("scan.pdf", plain_pdf())])
B = mail(message_id="<b@muster.example>", subject="Frage")
C = mail(message_id="<c@muster.example>", attachments=[("RE-11-again.xml", FILES.ubl(11)),
                                                      ("RE-12.xml", FILES.cii(12, invalid=True))])
MAILS = (A, B, A, C, bounce())


class Crash(BaseException):
    """The process dies (not an `Exception`: nothing in the code under test may catch it)."""


class Faults:
    """Counts side effects and crashes right after effect number `at` (never when `at` is 0)."""

    def __init__(self, at: int = 0):
        self.at, self.count, self.crashed_after = at, 0, None

    def wrap(self, name: str, function):
        def effect(*args, **kwargs):
            result = function(*args, **kwargs)
            self.count += 1
            if self.count == self.at:
                self.crashed_after = name
                raise Crash(name)
            return result
        return effect


def run(faults: Faults) -> World:
    world = World.build()
    invoices = world.invoices
    invoices.save = faults.wrap("save", invoices.save)
    invoices.documents.put = faults.wrap("put", invoices.documents.put)
    world.mailbox.move = faults.wrap("move", world.mailbox.move)
    world.sender.send = faults.wrap("send", world.sender.send)
    world.deliver(*MAILS)
    try:
        world.poll()
        world.settle()
    except Crash:
        world.intake = mail_intake(world.services, world.mailbox)  # the restarted process
        world.poll()
        world.settle()
    return world


def outcome(world: World) -> dict:
    cases = {case_id: world.invoices.get_case(case_id) for case_id in world.case_ids()}
    return {
        "mails": sorted((m.message_id, m.outcome, m.answer, tuple(map(str, m.case_ids or ()))) for m in world.mails()),
        "copies": world.events(ReceivedMail.MailReceivedAgain),
        "cases": sorted((str(case_id), case.status, len(case.submissions), tuple(case.notified))
                        for case_id, case in cases.items()),
        "case events": Counter(type(e).__name__ for case_id in cases for e in world.invoices.history(case_id)),
        "answers": sorted((m["Message-ID"], m["X-Invoicing-Notice"], m["To"]) for m in world.sender.sent),
        "folders": {name: len(world.mailbox.in_folder(name)) for name in ("INBOX", "Processed", "NoInvoice")},
    }


CLEAN = Faults()
EXPECTED = outcome(run(CLEAN))
EFFECTS = CLEAN.count


def test_the_run_without_a_crash_is_what_the_mails_ask_for():
    assert EXPECTED["folders"] == {"INBOX": 0, "Processed": 3, "NoInvoice": 2}
    assert EXPECTED["copies"] == 1 and len(EXPECTED["mails"]) == 4
    assert Counter(kind for _, kind, _ in EXPECTED["answers"]) == {"receipt": 2, "no-invoice": 1, "accepted": 1,
                                                                  "rejected": 1}
    assert EXPECTED["case events"]["InvoiceReceived"] == 2 and EXPECTED["case events"]["InvoiceReceivedAgain"] == 1


@pytest.mark.parametrize("at", range(1, EFFECTS + 1))
def test_a_crash_after_any_side_effect_ends_in_the_same_streams_and_answers(at):
    faults = Faults(at)
    world = run(faults)
    found = outcome(world)

    assert faults.crashed_after is not None
    if faults.crashed_after == "send":  # the one unclosable window: the same mail once more
        repeated = [key for key, count in Counter(found["answers"]).items() if count > 1]
        assert len(repeated) == 1 and len(found["answers"]) == len(EXPECTED["answers"]) + 1
        twice = [m for m in world.sender.sent if m["Message-ID"] == repeated[0][0]]
        assert twice[0].get_content() == twice[1].get_content()
        found["answers"] = sorted(set(found["answers"]))
    assert found == EXPECTED
