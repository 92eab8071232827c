"""The DATEV Buchungsstapel (DATEV-Format "EXTF", header version 700, category 21, format version 13).

A file is: the header line (31 fields: format, creation time, consultant and client numbers,
fiscal year, period, label, …), the column-header line (the 125 column names of format version
13), then one line per booking. Windows-1252, CRLF after every line, fields separated by ";",
text fields in double quotes (a quote inside doubled), amounts with a decimal comma and no
thousands separator, the document date (Belegdatum) as DDMM — its year is the header's period,
so a file never spans two fiscal years.

One booking per VAT breakdown line (BG-23: VAT category BT-118 and rate BT-119) of an approved
invoice — and per row of its Kontierung, each row's share of it: Umsatz = taxable + tax amount
(BT-116 + BT-117); Konto = the supplier's creditor account with "H" (the liability grows),
Gegenkonto = the expense account (the Kontierung's, else the mapping's) with the tax key
(BU-Schlüssel) of the category and rate; a credit note books the other way round ("S"). KOST1 and
KOST2 are the Kontierung's cost centre and cost object, "Fälligkeit" the due date, "Leistungsdatum"
the delivery date (else the end of the invoicing period), "Beleglink" the mapping's document link.

Belegfeld 1 is the invoice number (BT-1) as written when DATEV allows it there (letters, digits,
`$ % & * + - /`, at most 36 characters); otherwise the allowed part with a 4-character suffix made
from the number as written, so that different numbers ("RE 2026.001", "RE_2026_001") never become
one; on the collective creditor account the suffix also carries the supplier, so equal numbers of
different suppliers stay apart. The number as written, the case id and the Leitweg-ID go into
"Beleginfo" pairs. "Steuersatz" is filled only for tax keys that need it (the mapping's `rate_keys`).
Control characters (line breaks, tabs) in texts become spaces — a line break inside a field breaks
the whole import; texts that Windows-1252 cannot hold get "?" for those characters; text that a
spreadsheet would run as a formula is neutralised (`projections.exports.cells`).

`read_extf` reads such a file back (it refuses any line not ended by CRLF).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from projections.exports.accounts import DatevHeader
from projections.exports.cells import neutralised

FORMAT_VERSION = 13

COLUMNS = (
    "Umsatz (ohne Soll/Haben-Kz)", "Soll/Haben-Kennzeichen", "WKZ Umsatz", "Kurs", "Basis-Umsatz",
    "WKZ Basis-Umsatz", "Konto", "Gegenkonto (ohne BU-Schlüssel)", "BU-Schlüssel", "Belegdatum", "Belegfeld 1",
    "Belegfeld 2", "Skonto", "Buchungstext", "Postensperre", "Diverse Adressnummer", "Geschäftspartnerbank",
    "Sachverhalt", "Zinssperre", "Beleglink",
    *(f"Beleginfo - {part} {number}" for number in range(1, 9) for part in ("Art", "Inhalt")),
    "KOST1 - Kostenstelle", "KOST2 - Kostenstelle", "Kost-Menge", "EU-Land u. UStID (Bestimmung)",
    "EU-Steuersatz (Bestimmung)", "Abw. Versteuerungsart", "Sachverhalt L+L", "Funktionsergänzung L+L",
    "BU 49 Hauptfunktionstyp", "BU 49 Hauptfunktionsnummer", "BU 49 Funktionsergänzung",
    *(name for number in range(1, 21)
      for name in (f"Zusatzinformation - Art {number}", f"Zusatzinformation- Inhalt {number}")),
    "Stück", "Gewicht", "Zahlweise", "Forderungsart", "Veranlagungsjahr", "Zugeordnete Fälligkeit", "Skontotyp",
    "Auftragsnummer", "Buchungstyp", "USt-Schlüssel (Anzahlungen)", "EU-Land (Anzahlungen)",
    "Sachverhalt L+L (Anzahlungen)", "EU-Steuersatz (Anzahlungen)", "Erlöskonto (Anzahlungen)", "Herkunft-Kz",
    "Buchungs GUID", "KOST-Datum", "SEPA-Mandatsreferenz", "Skontosperre", "Gesellschaftername",
    "Beteiligtennummer", "Identifikationsnummer", "Zeichnernummer", "Postensperre bis",
    "Bezeichnung SoBil-Sachverhalt", "Kennzeichen SoBil-Buchung", "Festschreibung", "Leistungsdatum",
    "Datum Zuord. Steuerperiode", "Fälligkeit", "Generalumkehr (GU)", "Steuersatz", "Land", "Abrechnungsreferenz",
    "BVV-Position", "EU-Land u. UStID (Ursprung)", "EU-Steuersatz (Ursprung)", "Abw. Skontokonto",
)
"""The 125 columns of the Buchungsstapel, format version 13, in order."""

_TEXT = {"Soll/Haben-Kennzeichen", "WKZ Umsatz", "BU-Schlüssel", "Belegfeld 1", "Belegfeld 2", "Buchungstext",
         "Beleglink", "KOST1 - Kostenstelle", "KOST2 - Kostenstelle",
         *(f"Beleginfo - {part} {number}" for number in range(1, 9) for part in ("Art", "Inhalt"))}
_BELEGFELD = re.compile(r"[^A-Za-z0-9$%&*+\-/]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


@dataclass(frozen=True)
class Booking:
    """One booking line: one VAT category and rate of one invoice."""

    amount: Decimal              # Umsatz, positive
    side: str                    # "S" or "H", for Konto
    currency: str                # WKZ Umsatz
    account: str                 # Konto (creditor)
    contra_account: str          # Gegenkonto (expense)
    tax_key: str                 # BU-Schlüssel ("" for none)
    document_date: date          # Belegdatum (BT-2)
    number: str                  # BT-1 as written
    text: str                    # Buchungstext
    case_id: UUID
    leitweg_id: str | None       # BT-10
    category: str                # BT-118
    rate: Decimal                # BT-119
    rate_needed: bool = False    # the tax key needs "Steuersatz" (mapping `rate_keys`)
    cost_centre: str = ""        # KOST1 (Kontierung)
    cost_object: str = ""        # KOST2 (Kontierung)
    due_date: date | None = None  # Fälligkeit
    service_date: date | None = None  # Leistungsdatum
    link: str = ""               # Beleglink
    supplier_suffix: str = ""    # for Belegfeld 1 on the collective creditor account (the supplier's key)

    @property
    def signed(self) -> Decimal:
        """The amount as the city owes it: positive for an invoice ("H" on the creditor), negative for a credit."""
        return self.amount if self.side == "H" else -self.amount


def belegfeld(number: str, supplier: str = "") -> str:
    """An invoice number as DATEV's Belegfeld 1 takes it (see the module docstring): unique per number (and
    `supplier`, when given); never beginning with `+` or `-`, which a spreadsheet would run as a formula (a
    quote, as `cells.neutralised` puts, is not allowed there)."""
    number = number or ""
    allowed = _BELEGFELD.sub("-", number).lstrip("+-")
    if allowed == number and len(number) <= 36 and not supplier:
        return number
    digest = hashlib.sha256(f"{supplier}|{number}".encode()).digest()
    suffix = "".join(_BASE36[byte % 36] for byte in digest[:4])
    return f"{allowed[:31]}-{suffix}".lstrip("+-")


_BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def clean(text: str) -> str:
    """Text for a DATEV text field: control characters (line breaks, tabs) become one space."""
    return " ".join(_CONTROL.sub(" ", text or "").split())


def extf(bookings: list[Booking], header: DatevHeader, *, created_at: datetime, fiscal_year: date,
         period: tuple[date, date]) -> bytes:
    """The Buchungsstapel file for `bookings` of one fiscal year (starting `fiscal_year`) within `period`."""
    out = io.StringIO(newline="")
    out.write(";".join(_header(header, created_at, fiscal_year, period)) + "\r\n")
    out.write(";".join(COLUMNS) + "\r\n")
    for booking in bookings:
        out.write(";".join(_line(booking)) + "\r\n")
    return out.getvalue().encode("cp1252", errors="replace")


def _quoted(text: str) -> str:
    return '"' + neutralised(clean(text)).replace('"', '""') + '"'


def _amount(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.01")), "f").replace(".", ",")


def _header(header: DatevHeader, created_at: datetime, fiscal_year: date, period: tuple[date, date]) -> list[str]:
    created = created_at.strftime("%Y%m%d%H%M%S") + f"{created_at.microsecond // 1000:03d}"
    return [_quoted("EXTF"), "700", "21", _quoted("Buchungsstapel"), str(FORMAT_VERSION), created, "",
            _quoted(header.origin), _quoted(header.exported_by), _quoted(""), str(header.consultant),
            str(header.client), fiscal_year.strftime("%Y%m%d"), str(header.account_length),
            period[0].strftime("%Y%m%d"), period[1].strftime("%Y%m%d"), _quoted(header.label),
            _quoted(header.initials), "1", "0", "1" if header.lock else "0", _quoted("EUR"), "", _quoted(""), "", "",
            _quoted(header.chart), "", "", _quoted(""), _quoted("")]


def _line(booking: Booking) -> list[str]:
    values = {
        "Umsatz (ohne Soll/Haben-Kz)": _amount(booking.amount), "Soll/Haben-Kennzeichen": booking.side,
        "WKZ Umsatz": booking.currency, "Konto": booking.account,
        "Gegenkonto (ohne BU-Schlüssel)": booking.contra_account,
        "BU-Schlüssel": booking.tax_key, "Belegdatum": booking.document_date.strftime("%d%m"),
        "Belegfeld 1": belegfeld(booking.number, booking.supplier_suffix), "Buchungstext": clean(booking.text)[:60],
        "Beleginfo - Art 1": "Fall", "Beleginfo - Inhalt 1": str(booking.case_id),
        "Beleginfo - Art 2": "Rechnungsnummer", "Beleginfo - Inhalt 2": booking.number or "",
        "Beleginfo - Art 3": "Leitweg-ID", "Beleginfo - Inhalt 3": booking.leitweg_id or "",
        "Beleginfo - Art 4": "USt-Kategorie", "Beleginfo - Inhalt 4": booking.category,
        "Beleginfo - Art 5": "USt-Satz", "Beleginfo - Inhalt 5": _amount(booking.rate),
        "Steuersatz": _amount(booking.rate) if booking.rate_needed and booking.tax_key else "",
        "KOST1 - Kostenstelle": booking.cost_centre[:36], "KOST2 - Kostenstelle": booking.cost_object[:36],
        "Fälligkeit": booking.due_date.strftime("%d%m%Y") if booking.due_date else "",
        "Leistungsdatum": booking.service_date.strftime("%d%m%Y") if booking.service_date else "",
        "Beleglink": booking.link[:210],
    }
    return [(_quoted(values.get(name, "")) if name in _TEXT else values.get(name, "")) for name in COLUMNS]


@dataclass(frozen=True)
class ExtfFile:
    """A Buchungsstapel read back: header fields, column names, and one dict per booking line."""

    header: list[str]
    columns: list[str]
    rows: list[dict[str, str]]

    def amount(self, row: dict[str, str]) -> Decimal:
        """A line's Umsatz as a number, signed as `Booking.signed` (positive for "H")."""
        value = Decimal(row["Umsatz (ohne Soll/Haben-Kz)"].replace(",", "."))
        return value if row["Soll/Haben-Kennzeichen"] == "H" else -value

    def rate(self, row: dict[str, str]) -> Decimal:
        """The VAT rate of a line: "Steuersatz" where the tax key needs it, else the "USt-Satz" Beleginfo."""
        written = row["Steuersatz"] or row["Beleginfo - Inhalt 5"]
        return Decimal(written.replace(",", "."))


class NotExtf(ValueError):
    """The bytes are not a Buchungsstapel as written here."""


def read_extf(content: bytes) -> ExtfFile:
    """Read a Buchungsstapel (Windows-1252, CRLF) back; raises `NotExtf` when it is not one."""
    text = content.decode("cp1252")
    if not text.endswith("\r\n") or text.replace("\r\n", "").count("\n") or text.replace("\r\n", "").count("\r"):
        raise NotExtf("Every line of a Buchungsstapel ends with CRLF, and only there.")
    lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"'))
    if len(lines) < 2 or lines[0][:4] != ["EXTF", "700", "21", "Buchungsstapel"]:
        raise NotExtf('The first line must start with "EXTF";700;21;"Buchungsstapel".')
    header, columns = lines[0], lines[1]
    if len(header) != 31 or tuple(columns) != COLUMNS:
        raise NotExtf("The header must have 31 fields and the column line the 125 columns of format version 13.")
    rows = [dict(zip(columns, line)) for line in lines[2:]]
    if any(len(line) != len(COLUMNS) for line in lines[2:]):
        raise NotExtf("Every booking line must have 125 fields.")
    return ExtfFile(header, columns, rows)
