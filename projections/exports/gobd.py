"""GoBD Z3 data carrier: the invoices of a period in the GDPdU description standard, for audit software (IDEA, ACL).

`export_gobd` writes into one folder:
* `index.xml` — the description (`<!DOCTYPE DataSet SYSTEM "gdpdu-01-09-2004.dtd">`): one `Media`
  with one `Table` per CSV file, each `VariableLength` (UTF-8, `;` between columns, CRLF between
  records, `"` around text), its primary key and columns typed `AlphaNumeric`, `Numeric` with
  `Accuracy` (decimal places; decimal comma, no digit grouping in the data) or `Date` with `Format`;
* `invoices.csv` (register: one row per invoice received in the period), `vat_lines.csv` (BG-23),
  `certifications.csv` (who certified which step, when, on behalf of whom, with which comment),
  `events.csv` (every event of those invoices, with its chain hash), `originals.csv` (file, SHA-256, size);
* `originals/<sha256>.<xml|pdf>` — the originals byte for byte, and `originals/SHA256SUMS`
  (`sha256sum -c` format).

Everything comes from the events (and the originals), never from the views. Amounts and codes are
data (numbers with a decimal comma, codes as given), not formatted text. A case whose history or
original fails its integrity check is left out and named in the report.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from uuid import UUID
from xml.sax.saxutils import escape

from eventsourcing.utils import get_topic

from invoicing.approvals.clock import CITY_TIMEZONE
from invoicing.lifecycle.case import InvoiceCase
from invoicing.lifecycle.errors import IntegrityAlarm

DTD = "gdpdu-01-09-2004.dtd"
RECEIVED = get_topic(InvoiceCase.InvoiceReceived)
DATE_FORMAT = "DD.MM.YYYY"


@dataclass(frozen=True)
class Column:
    """A column of a table: name, description, type ("AlphaNumeric", "Numeric", "Date"), decimal places."""

    name: str
    description: str
    type: str = "AlphaNumeric"
    accuracy: int = 0


def _text(name: str, description: str) -> Column:
    return Column(name, description)


def _money(name: str, description: str) -> Column:
    return Column(name, description, "Numeric", 2)


def _day(name: str, description: str) -> Column:
    return Column(name, description, "Date")


TABLES: dict[str, tuple[str, tuple[Column, ...], int]] = {  # file: (description, columns, primary-key columns)
    "invoices.csv": ("Rechnungseingangsbuch / invoice register", (
        _text("case_id", "Vorgang (Ereignisstrom) / case id"), _day("received_on", "Eingangstag (Zugang)"),
        _text("received_time", "Eingangszeit Ortszeit hh:mm:ss"), _text("status", "Status"),
        _text("number", "BT-1 Rechnungsnummer"), _day("issue_date", "BT-2 Rechnungsdatum"),
        _text("type_code", "BT-3 Rechnungsart"), _text("currency", "BT-5 Währung"),
        _text("supplier", "BT-27 Verkäufer"), _text("supplier_vat_id", "BT-31 USt-IdNr."),
        _text("leitweg_id", "BT-10 Leitweg-ID"), _money("net", "BT-109 Summe ohne USt"),
        _money("vat", "BT-110 Summe USt"), _money("gross", "BT-112 Summe mit USt"),
        _money("amount_due", "BT-115 fälliger Betrag"), _day("due_date", "Fälligkeit"),
        _text("original_sha256", "SHA-256 des Originals"), _text("original_file", "Datei auf dem Datenträger")), 1),
    "vat_lines.csv": ("Umsatzsteueraufschlüsselung BG-23 / VAT breakdown", (
        _text("case_id", "Vorgang"), _text("category", "BT-118 USt-Kategorie"), _money("rate", "BT-119 Steuersatz %"),
        _text("number", "BT-1"), _money("taxable", "BT-116 Bemessungsgrundlage"), _money("tax", "BT-117 Steuerbetrag"),
        _text("currency", "BT-5")), 3),
    "certifications.csv": ("Bescheinigungen / certification trail", (
        _text("case_id", "Vorgang"), Column("version", "Ereignisnummer im Vorgang", "Numeric"),
        _text("number", "BT-1"), _text("step", "Schritt (sachlich, rechnerisch, anordnung …)"),
        _text("outcome", "certified, approved, denied"), _text("by", "wer"),
        _text("on_behalf_of", "in Vertretung für"), _day("on", "Tag"), _text("time", "Zeit UTC"),
        _text("comment", "Vermerk / Begründung")), 2),
    "events.csv": ("Ereignishistorie / event history", (
        _text("case_id", "Vorgang"), Column("version", "Ereignisnummer im Vorgang", "Numeric"),
        _text("event", "Ereignis"), _day("on", "Tag"), _text("time", "Zeit UTC"), _text("by", "wer"),
        _text("chain_hash", "Hash-Kette (SHA-256)"), _text("details", "aufgezeichnete Angaben (JSON)")), 2),
    "originals.csv": ("Originale / originals", (
        _text("sha256", "SHA-256"), _text("file", "Datei auf dem Datenträger"), _text("case_id", "Vorgang"),
        Column("size", "Bytes", "Numeric")), 1),
}


@dataclass
class GobdReport:
    """What was written: cases exported, cases left out (with why), rows per table."""

    folder: Path
    cases: list[UUID] = field(default_factory=list)
    skipped: list[tuple[UUID, str]] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)


def export_gobd(invoices, *, start: date, end: date, out: Path, name: str = "E-Rechnungseingang") -> GobdReport:
    """Write the data carrier for invoices received from `start` to `end` (city days, inclusive) into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "originals").mkdir(exist_ok=True)
    report = GobdReport(out)
    rows: dict[str, list[list[str]]] = {file: [] for file in TABLES}
    sums = []
    for case_id in _received_between(invoices, start, end):
        try:
            case, history = invoices.get_case(case_id), invoices.history(case_id)
            content = invoices.original(case_id)
        except IntegrityAlarm as alarm:
            report.skipped.append((case_id, alarm.message))
            continue
        file = f"originals/{case.content_hash}.{'pdf' if content.startswith(b'%PDF') else 'xml'}"
        (out / file).write_bytes(content)
        sums.append(f"{case.content_hash}  {file.split('/', 1)[1]}\n")
        _case_rows(rows, case, history, file, len(content), invoices.recorder)
        report.cases.append(case_id)
    for file, (_, columns, _) in TABLES.items():
        _write_csv(out / file, rows[file])
        report.rows[file] = len(rows[file])
    (out / "originals" / "SHA256SUMS").write_text("".join(sums), encoding="utf-8")
    (out / "index.xml").write_text(index_xml(name, start, end), encoding="utf-8")
    return report


def _received_between(invoices, start: date, end: date) -> Iterator[UUID]:
    position = 0
    while True:
        page = invoices.recorder.select_notifications(start=position, limit=1000, topics=[RECEIVED],
                                                      inclusive_of_start=False)
        for notification in page:
            event = invoices.mapper.to_domain_event(notification)
            if start <= event.received_at.astimezone(CITY_TIMEZONE).date() <= end:
                yield event.originator_id
        if len(page) < 1000:
            return
        position = page[-1].id


def _case_rows(rows: dict, case, history: list, file: str, size: int, recorder) -> None:
    facts = case.accounting_facts
    invoice = facts.invoice if facts else None
    number = (case.recognition or {}).get("number") or ""
    received = case.received_at.astimezone(CITY_TIMEZONE)  # day and time of receipt both on the city's clock
    rows["invoices.csv"].append([
        str(case.id), _date(received.date()), f"{received:%H:%M:%S}", case.status, number,
        _date(invoice.issue_date if invoice else None), invoice.type_code or "" if invoice else "",
        (invoice.currency if invoice else (case.recognition or {}).get("currency")) or "",
        (invoice.seller_name if invoice else (case.recognition or {}).get("seller_name")) or "",
        (invoice.seller_vat_id or "") if invoice else "", (invoice.buyer_reference or "") if invoice else "",
        _amount(facts.net if facts else None), _amount(facts.vat_total if facts else None),
        _amount(invoice.amount if invoice else None),
        _amount(invoice.amount_due if invoice else (case.recognition or {}).get("amount_due")),
        _date(facts.due_date if facts else None), case.content_hash, file])
    for (category, rate), (taxable, tax) in sorted((facts.vat_lines() if facts else {}).items()):
        assert facts is not None  # there are VAT lines only with facts
        rows["vat_lines.csv"].append([str(case.id), category, _amount(rate), number, _amount(taxable), _amount(tax),
                                      facts.invoice.currency or ""])
    hashes = _chain_hashes(recorder, case.id)
    for event in history:
        name = type(event).__name__
        at = event.timestamp
        if name in ("InvoiceCertified", "InvoiceApproved", "InvoiceDenied"):
            rows["certifications.csv"].append([
                str(case.id), str(event.originator_version), number, event.step,
                {"InvoiceCertified": "certified", "InvoiceApproved": "approved", "InvoiceDenied": "denied"}[name],
                event.by, getattr(event, "on_behalf_of", None) or "", _date(at.date()), f"{at:%H:%M:%S}",
                getattr(event, "comment", None) or getattr(event, "reason", "") or ""])
        rows["events.csv"].append([str(case.id), str(event.originator_version), name, _date(at.date()),
                                   f"{at:%H:%M:%S}", getattr(event, "by", ""), hashes.get(event.originator_version, ""),
                                   _details(event)])
    rows["originals.csv"].append([case.content_hash, file, str(case.id), str(size)])


def _chain_hashes(recorder, case_id: UUID) -> dict[int, str]:
    """version → chain hash of the case's events (empty where the store keeps no chain)."""
    if not hasattr(recorder, "stream_entries"):
        return {}
    return {entry.version: entry.hash for entry in recorder.stream_entries(case_id)}


_NOT_DETAILS = {"originator_id", "originator_version", "timestamp", "by", "report"}


def _details(event) -> str:
    """The event's recorded attributes as JSON (the full validation report stays in the events and the original)."""
    return json.dumps({key: value for key, value in vars(event).items() if key not in _NOT_DETAILS},
                      default=str, sort_keys=True, ensure_ascii=False)


def _date(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _amount(value: Decimal | None) -> str:
    """An amount as data: two decimals, decimal comma, no digit grouping ("" when unknown)."""
    return "" if value is None else f"{Decimal(value):.2f}".replace(".", ",")


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", quotechar='"', quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


def index_xml(name: str, start: date, end: date) -> str:
    """The GDPdU description of the tables (see the module docstring)."""
    tables = "".join(_table_xml(file, *TABLES[file]) for file in TABLES)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE DataSet SYSTEM "{DTD}">\n<DataSet>\n'
            f"  <Version>1.0</Version>\n  <DataSupplier>\n    <Name>{escape(name)}</Name>\n"
            f"    <Location>Rechnungseingang</Location>\n"
            f"    <Comment>Rechnungen mit Eingang {_date(start)} bis {_date(end)}; Originale mit SHA-256 in "
            f"originals/SHA256SUMS</Comment>\n  </DataSupplier>\n"
            f"  <Media>\n    <Name>Datenträger 1</Name>\n{tables}  </Media>\n</DataSet>\n")


def _table_xml(file: str, description: str, columns: tuple[Column, ...], keys: int) -> str:
    parts = [f"    <Table>\n      <URL>{file}</URL>\n      <Name>{file[:-4]}</Name>\n"
             f"      <Description>{escape(description)}</Description>\n      <UTF8/>\n"
             "      <DecimalSymbol>,</DecimalSymbol>\n      <DigitGroupingSymbol>.</DigitGroupingSymbol>\n"
             "      <VariableLength>\n        <ColumnDelimiter>;</ColumnDelimiter>\n"
             "        <RecordDelimiter>&#13;&#10;</RecordDelimiter>\n"
             "        <TextEncapsulator>\"</TextEncapsulator>\n"]
    for index, column in enumerate(columns):
        element = "VariablePrimaryKey" if index < keys else "VariableColumn"
        if column.type == "Numeric":
            kind = f"<Numeric><Accuracy>{column.accuracy}</Accuracy></Numeric>"
        elif column.type == "Date":
            kind = f"<Date><Format>{DATE_FORMAT}</Format></Date>"
        else:
            kind = "<AlphaNumeric/>"
        parts.append(f"        <{element}>\n          <Name>{column.name}</Name>\n"
                     f"          <Description>{escape(column.description)}</Description>\n"
                     f"          {kind}\n        </{element}>\n")
    parts.append("      </VariableLength>\n    </Table>\n")
    return "".join(parts)
