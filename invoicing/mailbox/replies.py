"""The mails the city sends back, German first and English below, composed from recorded facts only.

Every answer carries a Message-ID derived from what it answers (`uuid5(stream id, purpose)`), so
an answer composed again after a crash is the same mail, recognisably: the intake's idempotency
key, and what a recipient's mail system can collapse. Answers are marked as automatic
(`Auto-Submitted: auto-replied`, RFC 3834; `X-Auto-Response-Suppress: All` for Exchange) so that
no out-of-office reply answers them, and they thread under the supplier's mail (`In-Reply-To`).
`X-Invoicing-Notice` (receipt, no-invoice, accepted, rejected, returned, duplicate) and
`X-Invoicing-Case` let supplier systems sort them without reading the text.
"""

from __future__ import annotations

import re
import textwrap
from datetime import datetime, timezone, tzinfo
from email.message import EmailMessage
from email.utils import format_datetime
from uuid import UUID, uuid5

from invoicing.mailbox.mail import ReceivedMail
from invoicing.mailbox.ports import Outgoing

try:
    from zoneinfo import ZoneInfo

    BERLIN: tzinfo = ZoneInfo("Europe/Berlin")
except Exception:  # no time zone data installed: say UTC rather than guess
    BERLIN = timezone.utc

MAX_REASONS = 20
"""Findings listed in a rejection; the rest are counted."""

ACCEPTED_DE = """Wir nehmen Rechnungen als Anhang einer E-Mail an diese Adresse in diesen Formaten an:
  • XRechnung 3.0 als XML-Datei (Syntax UBL 2.1 oder UN/CEFACT CII),
  • ZUGFeRD 2.x / Factur-X als PDF mit eingebetteter Rechnungs-XML
    (Profil BASIC, EN 16931, EXTENDED oder XRECHNUNG).
Eine reine PDF-Datei, ein Scan, ein Foto oder ein Word-Dokument ist keine elektronische Rechnung
und kann nicht bearbeitet werden. Ihre Rechnungssoftware kann die Formate in der Regel direkt erzeugen."""

ACCEPTED_EN = """We accept invoices attached to an e-mail to this address, in these formats:
  • XRechnung 3.0 as an XML file (UBL 2.1 or UN/CEFACT CII syntax),
  • ZUGFeRD 2.x / Factur-X as a PDF with the invoice XML embedded
    (profile BASIC, EN 16931, EXTENDED or XRECHNUNG).
A plain PDF, a scan, a photo or a Word document is not an electronic invoice and cannot be
processed. Your invoicing software can usually produce these formats directly."""

KIND_WORDS = {
    "pdf": ("eine PDF-Datei ohne eingebettete Rechnungsdaten, also keine E-Rechnung",
            "a PDF without embedded invoice data, so not an e-invoice"),
    "xml": ("eine XML-Datei, die keine Rechnung ist", "an XML file that is not an invoice"),
    "image": ("ein Bild (etwa ein Scan oder Foto), keine E-Rechnung", "an image (such as a scan or photo), not an e-invoice"),
    "office": ("ein Office-Dokument (etwa Word), keine E-Rechnung", "an office document (such as Word), not an e-invoice"),
    "archive": ("ein ZIP-Archiv oder Office-Dokument; bitte senden Sie Rechnungen als einzelne Dateien",
                "a ZIP archive or office document; please send invoices as single files"),
    "text": ("eine Textdatei, keine E-Rechnung", "a text file, not an e-invoice"),
    "empty": ("eine leere Datei", "an empty file"),
    "other": ("eine Datei, die keine E-Rechnung ist", "a file that is not an e-invoice"),
}

_RULE_PREFIX = re.compile(r"^\[[^\]]+\]\s*-?\s*")


def answer(record: ReceivedMail, outgoing: Outgoing, *, at: datetime) -> EmailMessage:
    """The answer `record.answer` ("receipt" or "no-invoice") to the mail `record`."""
    return receipt(record, outgoing, at=at) if record.answer == "receipt" else no_invoice(record, outgoing, at=at)


def receipt(record: ReceivedMail, outgoing: Outgoing, *, at: datetime) -> EmailMessage:
    """The receipt for a mail whose invoices were submitted: which files, their case numbers and hashes."""
    taken = [record.attachments[index] for index in record.invoices]
    known = set(record.known_before)
    lines = "\n".join(f"  • {item['filename']}\n    Vorgangsnummer / case number: {case_id}\n"
                      f"    SHA-256: {item['sha256']}"
                      + ("\n    lag bereits vor, wird nicht erneut geprüft / received before, not checked again"
                         if case_id in known else "")
                      for item, case_id in zip(taken, record.case_ids or ()))
    several = len(taken) > 1
    fresh = len([case_id for case_id in record.case_ids or () if case_id not in known])
    if fresh:
        next_de = (f"{'Die Rechnungen werden' if fresh > 1 else 'Die Rechnung wird'} jetzt automatisch geprüft; "
                   "das Ergebnis erhalten Sie in einer eigenen E-Mail.")
        next_en = (f"{'The invoices are' if fresh > 1 else 'The invoice is'} now checked automatically; "
                   "you will receive the result in a separate e-mail.")
    else:
        next_de = "Das Ergebnis der Prüfung geht an die E-Mail, mit der die Rechnung zuerst kam."
        next_en = "The result of the check goes to the e-mail the invoice first came with."
    left_de, left_en = _not_taken(record)
    subject = _subject(record)
    body = f"""Guten Tag,

Ihre E-Mail „{subject}“ ist am {_when_de(record.received_at)} bei unserem Rechnungseingang
eingegangen. {"Diese Rechnungen haben" if several else "Diese Rechnung hat"} wir übernommen:

{lines}
{left_de}
Der Eingang in unserem Postfach gilt als Zugang der Rechnung. {next_de}

Diese Nachricht wurde automatisch erstellt.

-- English --

Hello,

your e-mail "{subject}" reached our invoice intake on {_when_en(record.received_at)}. We took
in the {"invoices" if several else "invoice"} listed above (file, case number, SHA-256).
{left_en}
Its arrival in our mailbox counts as delivery of the invoice. {next_en}

This message was generated automatically.
"""
    return _message(outgoing, record.answer_to, f"Eingangsbestätigung / Receipt: {subject}", body,
                    message_id(record.id, "receipt", outgoing.domain), record.message_id, "receipt",
                    [str(case_id) for case_id in record.case_ids or ()], at)


def no_invoice(record: ReceivedMail, outgoing: Outgoing, *, at: datetime) -> EmailMessage:
    """The polite answer to a mail without an e-invoice: what arrived, what is accepted."""
    left_de, left_en = _not_taken(record)
    subject = _subject(record)
    body = f"""Guten Tag,

vielen Dank für Ihre E-Mail „{subject}“ vom {_when_de(record.received_at)}. Sie enthält leider keine
elektronische Rechnung, die wir verarbeiten können.
{left_de}
{ACCEPTED_DE}

Bitte senden Sie Ihre Rechnung in einem dieser Formate erneut an diese Adresse. Dieses Postfach
wird automatisch bearbeitet; andere Anliegen richten Sie bitte an die zuständige Stelle der Stadt.

Diese Nachricht wurde automatisch erstellt.

-- English --

Hello,

thank you for your e-mail "{subject}" of {_when_en(record.received_at)}. Unfortunately it contains
no electronic invoice that we can process.
{left_en}
{ACCEPTED_EN}

Please send your invoice again in one of these formats to this address. This mailbox is processed
automatically; for other matters please contact the responsible office of the city.

This message was generated automatically.
"""
    return _message(outgoing, record.answer_to, f"Keine E-Rechnung erhalten / No e-invoice received: {subject}",
                    body, message_id(record.id, "no-invoice", outgoing.domain), record.message_id, "no-invoice", [], at)


def notice(case, about: str, report: dict | None, submission, outgoing: Outgoing, *,
           at: datetime) -> EmailMessage:
    """The verdict (or a later notice) about `case`, answering the mail `submission` came with."""
    evidence = submission.evidence
    number = case.number or submission.filename
    called = f"{case.number} " if case.number else ""
    facts_de = f"(Datei „{submission.filename}“, eingegangen am {_when_de(submission.received_at)})"
    facts_en = f"(file \"{submission.filename}\", received on {_when_en(submission.received_at)})"
    de, en, headline_de, headline_en = _notice_text(case, about, report)
    body = f"""Guten Tag,

Ihre Rechnung {called}{facts_de} {de}

Vorgangsnummer: {case.id}

Diese Nachricht wurde automatisch erstellt.

-- English --

Hello,

your invoice {called}{facts_en} {en}

Case number: {case.id}

This message was generated automatically.
"""
    subject = f"Ihre Rechnung {number}: {headline_de} / Your invoice {number}: {headline_en}"
    return _message(outgoing, evidence["answer_to"], subject, body, message_id(case.id, f"notice:{about}", outgoing.domain),
                    evidence.get("message_id", ""), about, [str(case.id)], at)


def message_id(seed: UUID, purpose: str, domain: str) -> str:
    """The Message-ID of the answer for `purpose` about the stream `seed`: the same every time."""
    return f"<{uuid5(seed, purpose)}@{domain}>"


def reasons(report: dict | None) -> list[tuple[str, str, str]]:
    """(rule id, German, English) of each error in a validation report, in report order."""
    found = []
    for finding in (report or {}).get("findings", ()):
        if finding.get("level") != "error":
            continue
        english = _RULE_PREFIX.sub("", finding.get("message") or "").strip()
        german = _RULE_PREFIX.sub("", finding.get("message_de") or "").strip() or english
        found.append((finding.get("rule_id", ""), german, english))
    return found


def _notice_text(case, about: str, report: dict | None) -> tuple[str, str, str, str]:
    if about == "accepted":
        return ("wurde geprüft und angenommen: sie erfüllt die Vorgaben für elektronische Rechnungen. "
                "Sie wird jetzt sachlich und rechnerisch geprüft und zur Zahlung angeordnet; dafür "
                "müssen Sie nichts weiter tun.",
                "was checked and accepted: it meets the requirements for electronic invoices. "
                "It is now checked on its merits and ordered for payment; you need not do anything.",
                "angenommen", "accepted")
    if about == "rejected":
        rejection = case.rejection or {}
        found = reasons(report) if rejection.get("by", "").startswith("system:") else []
        if not found:
            text = rejection.get("reason", "")
            found = [("", text, text)]
        shown = found[:MAX_REASONS]
        more = len(found) - len(shown)
        list_de = "\n".join(f"  • {rule + ': ' if rule else ''}{german}" for rule, german, _ in shown)
        list_en = "\n".join(f"  • {rule + ': ' if rule else ''}{english}" for rule, _, english in shown)
        if more:
            list_de += f"\n  … und {more} weitere"
            list_en += f"\n  … and {more} more"
        hint = (case.unreadable or {}).get("hint", "")
        hint = "" if hint in list_en else hint + " "
        in_english = any(german == english for _, german, english in shown)
        return (f"wurde abgelehnt und kann so nicht bezahlt werden. Gründe"
                f"{' (Meldungen der Prüfung, teils auf Englisch)' if in_english else ''}:\n\n{list_de}\n\n"
                "Bitte korrigieren Sie die Rechnung und senden Sie sie erneut an diese Adresse.",
                f"was rejected and cannot be paid as it stands. Reasons:\n\n{list_en}\n\n"
                f"{hint}Please correct the invoice and send it again to this address.",
                "abgelehnt", "rejected")
    if about == "returned":
        reason = (case.returned or {}).get("reason", "")
        return (f"geht an Sie zurück. Begründung:\n\n  {reason}", f"is returned to you. Reason:\n\n  {reason}",
                "zurückgegeben", "returned")
    return ("wurde als Doppel einer bereits eingegangenen Rechnung erkannt und wird nicht erneut bezahlt.",
            "was recognised as a duplicate of an invoice received before and will not be paid twice.",
            "Doppel", "duplicate")


def _not_taken(record: ReceivedMail) -> tuple[str, str]:
    others = [item for index, item in enumerate(record.attachments)
              if index not in record.invoices and item["kind"] in KIND_WORDS]
    if not others:
        return "", ""
    de = "\n".join(f"  • {item['filename']}: {KIND_WORDS[item['kind']][0]}" for item in others)
    en = "\n".join(f"  • {item['filename']}: {KIND_WORDS[item['kind']][1]}" for item in others)
    return f"\nNicht übernommen:\n{de}\n", f"\nNot taken in:\n{en}\n"


def _subject(record: ReceivedMail) -> str:
    return (record.subject or "(ohne Betreff)")[:150]


def _when_de(moment: datetime) -> str:
    local = moment.astimezone(BERLIN)
    return f"{local:%d.%m.%Y} um {local:%H:%M:%S} Uhr ({local.tzname()})"


def _when_en(moment: datetime) -> str:
    local = moment.astimezone(BERLIN)
    return f"{local:%Y-%m-%d} at {local:%H:%M:%S} ({local.tzname()})"


def _fill(body: str) -> str:
    """Wrap each prose paragraph at 76 characters; lists (indented lines) stay as written."""
    paragraphs = []
    for paragraph in body.split("\n\n"):
        lines = paragraph.split("\n")
        if any(line.startswith("  ") for line in lines) or paragraph.startswith("-- "):
            paragraphs.append("\n".join(textwrap.fill(line, width=76, subsequent_indent="    ",
                                                       break_long_words=False, break_on_hyphens=False)
                                         if line.startswith("  • ") else line for line in lines))
        else:
            paragraphs.append(textwrap.fill(" ".join(line.strip() for line in lines), width=76,
                                            break_long_words=False, break_on_hyphens=False))
    return "\n\n".join(paragraphs)


def _message(outgoing: Outgoing, to: str, subject: str, body: str, own_id: str, in_reply_to: str, notice_kind: str,
             cases: list[str], at: datetime) -> EmailMessage:
    message = EmailMessage()
    message["From"] = outgoing.from_address
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(at.astimezone(timezone.utc))
    message["Message-ID"] = own_id
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    message["Auto-Submitted"] = "auto-replied"
    message["X-Auto-Response-Suppress"] = "All"
    message["Content-Language"] = "de, en"
    message["X-Invoicing-Notice"] = notice_kind
    if cases:
        message["X-Invoicing-Case"] = ", ".join(cases)
    message.set_content(_fill(body))
    return message
