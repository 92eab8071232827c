"""Pure decisions: the mail's key, whether it may be answered (no mail loops), the plan, and what is still due."""

from datetime import datetime, timezone

import pytest

from invoicing.mailbox.decisions import ANSWER, FILE, MOVE, SUBMIT, answer_to, due, mail_key, plan, silence
from invoicing.mailbox.mail import ReceivedMail, mail_id
from invoicing.mailbox.reading import read_mail
from tests.mails import CITY, PNG, InvoiceFiles, bounce, mail, out_of_office, plain_pdf

FILES = InvoiceFiles()
OWN = [CITY]
AT = datetime(2026, 3, 2, 9, 16, tzinfo=timezone.utc)


def planned(raw: bytes, kinds: list[str]):
    return plan(read_mail(raw), kinds, own_addresses=OWN, processed="Processed", no_invoice="NoInvoice")


# --- the key -------------------------------------------------------------------------------

def test_the_same_mail_read_twice_has_the_same_key():
    raw = mail(message_id="<k@muster.example>", attachments=[("a.xml", FILES.ubl(1))])
    assert mail_key(read_mail(raw)) == mail_key(read_mail(raw))


def test_a_message_id_reused_for_other_attachments_is_another_mail_so_no_invoice_is_lost():
    first = read_mail(mail(message_id="<k@muster.example>", attachments=[("a.xml", FILES.ubl(1))]))
    second = read_mail(mail(message_id="<k@muster.example>", attachments=[("b.xml", FILES.ubl(2))]))
    assert mail_key(first) != mail_key(second)


def test_a_copy_with_other_transport_headers_is_still_the_same_mail():
    raw = mail(message_id="<k@muster.example>", attachments=[("a.xml", FILES.ubl(1))])
    relayed = b"Received: from relay.example by mx.stadt.example; Mon, 2 Mar 2026 10:00:00 +0100\r\n" + raw
    assert mail_key(read_mail(relayed)) == mail_key(read_mail(raw))


def test_without_message_id_the_bytes_are_the_key():
    found = read_mail(mail(message_id=""))
    assert mail_key(found) == f"sha256:{found.raw_sha256}"


# --- loop prevention -----------------------------------------------------------------------

@pytest.mark.parametrize("raw, reason", [
    (bounce(), "bounce"),
    (mail(sender="MAILER-DAEMON@mx.example"), "bounce"),
    (mail(headers={"Return-Path": "<>"}), "bounce"),
    (out_of_office(), "auto-submitted"),
    (mail(headers={"Auto-Submitted": "auto-generated"}), "auto-submitted"),
    (mail(headers={"X-Autoreply": "yes"}), "auto-reply"),
    (mail(headers={"Precedence": "bulk"}), "bulk"),
    (mail(headers={"X-Auto-Response-Suppress": "OOF, AutoReply"}), "auto-response-suppressed"),
    (mail(headers={"List-Id": "<news.muster.example>"}), "mailing-list"),
    (mail(sender=f"Rechnungseingang <{CITY}>"), "own-address"),
    (mail(sender="nobody", reply_to="also nobody"), "no-address"),
])
def test_automatic_mail_and_mail_from_ourselves_get_no_answer(raw, reason):
    assert silence(read_mail(raw), OWN) == reason


def test_a_person_s_mail_may_be_answered_even_when_it_says_auto_submitted_no():
    assert silence(read_mail(mail(headers={"Auto-Submitted": "no"})), OWN) == ""


def test_the_answer_goes_to_from_never_to_reply_to_and_to_the_envelope_sender_when_from_is_unusable():
    assert answer_to(read_mail(mail(reply_to="victim@elsewhere.example"))) == "rechnung@muster.example"
    assert answer_to(read_mail(mail())) == "rechnung@muster.example"
    assert answer_to(read_mail(mail(sender="nobody", headers={"Return-Path": "<bounce@muster.example>"}))) == \
        "bounce@muster.example"


def test_an_address_gets_at_most_its_answers_per_hour_then_mails_are_taken_without_answer():
    from invoicing.mailbox.decisions import ANSWERS_PER_ADDRESS, rate_limited

    decided = plan(read_mail(mail(attachments=[("a.xml", FILES.ubl(1))])), ["invoice-xml"], own_addresses=OWN,
                   processed="Processed", no_invoice="NoInvoice")
    assert rate_limited(decided, ANSWERS_PER_ADDRESS) == decided
    limited = rate_limited(decided, ANSWERS_PER_ADDRESS + 1)
    assert (limited.answer, limited.answer_to, limited.silence) == ("", "", "rate-limited")
    assert limited.invoices == decided.invoices and limited.folder == decided.folder


# --- the plan ------------------------------------------------------------------------------

def test_a_mail_with_an_invoice_is_submitted_answered_with_a_receipt_and_filed_as_processed():
    decided = planned(mail(attachments=[("a.xml", FILES.ubl(1)), ("logo.png", PNG)]), ["invoice-xml", "image"])
    assert (decided.outcome, decided.invoices, decided.answer, decided.folder) == ("invoices", (0,), "receipt", "Processed")
    assert decided.answer_to == "rechnung@muster.example" and decided.silence == ""


def test_a_mail_with_only_a_plain_pdf_gets_the_polite_answer_and_goes_to_no_invoice():
    decided = planned(mail(attachments=[("scan.pdf", plain_pdf())]), ["pdf"])
    assert (decided.outcome, decided.invoices, decided.answer, decided.folder) == ("no-invoice", (), "no-invoice", "NoInvoice")


def test_the_same_file_attached_twice_is_submitted_once():
    decided = planned(mail(attachments=[("a.xml", FILES.ubl(1)), ("copy.xml", FILES.ubl(1))]),
                      ["invoice-xml", "invoice-xml"])
    assert decided.invoices == (0,)


def test_an_automatic_mail_with_an_invoice_is_submitted_but_not_answered():
    decided = planned(mail(headers={"Auto-Submitted": "auto-generated"}, attachments=[("a.xml", FILES.ubl(1))]),
                      ["invoice-xml"])
    assert (decided.outcome, decided.answer, decided.answer_to, decided.silence) == ("invoices", "", "", "auto-submitted")


def test_a_bounce_is_neither_looked_into_nor_answered():
    decided = planned(bounce(), [])
    assert (decided.outcome, decided.invoices, decided.answer, decided.folder) == ("bounce", (), "", "NoInvoice")


# --- what is due ---------------------------------------------------------------------------

def recorded(invoices=(0,), answer="receipt") -> ReceivedMail:
    mail_ = ReceivedMail.receive(
        "<k@x>|f", message_id="<k@x>", sender="a@b.example", subject="s", sent_at=None, received_at=AT,
        mailbox="INBOX", uid_validity=7, uid=3, attachments=[], outcome="invoices" if invoices else "no-invoice",
        invoices=list(invoices), answer=answer, answer_to="a@b.example" if answer else "", silence="",
        folder="Processed", timestamp=AT)
    assert mail_.id == mail_id("<k@x>|f")
    return mail_


def test_a_new_mail_needs_every_step_in_order():
    assert due(recorded(), 7, 3) == (SUBMIT, ANSWER, FILE, MOVE)


def test_after_a_crash_only_the_steps_the_stream_lacks_are_done():
    given = recorded()
    given.submitted([mail_id("case")], [], AT)
    assert due(given, 7, 3) == (ANSWER, FILE, MOVE)
    given.answered_by("<r@stadt.example>", AT)
    assert due(given, 7, 3) == (FILE, MOVE)
    given.file(7, 3, AT)
    assert due(given, 7, 3) == (MOVE,)


def test_a_second_copy_of_a_done_mail_is_only_filed():
    given = recorded()
    given.submitted([mail_id("case")], [], AT)
    given.answered_by("<r@stadt.example>", AT)
    given.file(7, 3, AT)
    given.receive_again(7, 9, AT, AT)
    assert due(given, 7, 9) == (FILE, MOVE)


def test_a_refused_answer_is_not_tried_again():
    given = recorded(invoices=(), answer="no-invoice")
    given.answer_refused_by_server("550 no such user", AT)
    assert due(given, 7, 3) == (FILE, MOVE)
