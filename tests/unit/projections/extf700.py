"""The DATEV-Format EXTF, version 700, Buchungsstapel (category 21, format version 13), as a field description.

Written from DATEV's published format description (developer portal, "DATEV-Format" / Buchungsstapel) as
data, independent of the writer: for the 31 header fields and for every booking column we fill, its type
and bounds; every other column of a booking line must stay empty. `problems(content)` checks a file
against it and names each field that does not fit.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

AMOUNT = re.compile(r"^\d{1,10},\d{2}$")          # Betrag: up to 10 digits, decimal comma, 2 decimals, no sign
RATE = re.compile(r"^\d{1,2},\d{2}$")             # Steuersatz: 2.2
DDMM = re.compile(r"^(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])$")
DDMMYYYY = re.compile(r"^(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{4}$")
BELEGFELD = re.compile(r"^[A-Za-z0-9$&%*+\-/]{1,36}$")

HEADER = {  # 1-based position → (name, check)
    1: ("Kennzeichen", lambda v: v == '"EXTF"'),
    2: ("Versionsnummer", lambda v: v == "700"),
    3: ("Formatkategorie", lambda v: v == "21"),
    4: ("Formatname", lambda v: v == '"Buchungsstapel"'),
    5: ("Formatversion", lambda v: v == "13"),
    6: ("Erzeugt am", lambda v: re.fullmatch(r"\d{17}", v) is not None),
    7: ("Importiert", lambda v: v == ""),
    8: ("Herkunft", lambda v: re.fullmatch(r'"[A-Z]{2}"', v) is not None),
    9: ("Exportiert von", lambda v: re.fullmatch(r'"[^"]{0,25}"', v) is not None),
    10: ("Importiert von", lambda v: v in ('""', "")),
    11: ("Berater", lambda v: v.isdigit() and 1001 <= int(v) <= 9999999),
    12: ("Mandant", lambda v: v.isdigit() and 1 <= int(v) <= 99999),
    13: ("WJ-Beginn", lambda v: re.fullmatch(r"\d{8}", v) is not None),
    14: ("Sachkontenlänge", lambda v: v.isdigit() and 4 <= int(v) <= 8),
    15: ("Datum vom", lambda v: re.fullmatch(r"\d{8}", v) is not None),
    16: ("Datum bis", lambda v: re.fullmatch(r"\d{8}", v) is not None),
    17: ("Bezeichnung", lambda v: re.fullmatch(r'"[^"]{0,30}"', v) is not None),
    18: ("Diktatkürzel", lambda v: re.fullmatch(r'"([A-Z]{2})?"', v) is not None),
    19: ("Buchungstyp", lambda v: v in ("1", "2")),
    20: ("Rechnungslegungszweck", lambda v: v in ("0", "", "30", "40", "50", "64")),
    21: ("Festschreibung", lambda v: v in ("0", "1")),
    22: ("WKZ", lambda v: re.fullmatch(r'"[A-Z]{3}"', v) is not None),
    23: ("reserviert", lambda v: v == ""),
    24: ("Derivatskennzeichen", lambda v: v in ('""', "")),
    25: ("reserviert", lambda v: v == ""),
    26: ("reserviert", lambda v: v == ""),
    27: ("SKR", lambda v: re.fullmatch(r'"\d{2}"', v) is not None),
    28: ("Branchen-Lösungs-ID", lambda v: v == ""),
    29: ("reserviert", lambda v: v == ""),
    30: ("reserviert", lambda v: v in ('""', "")),
    31: ("Anwendungsinformation", lambda v: re.fullmatch(r'"[^"]{0,16}"', v) is not None),
}


def _text(limit: int, *, required: bool = False):
    return lambda v: v.startswith('"') and v.endswith('"') and (len(v) - 2 >= (1 if required else 0)) \
        and len(v[1:-1].replace('""', '"')) <= limit and not re.search(r"[\x00-\x1f]", v)


COLUMNS = {  # column name → check of the raw field (quotes included)
    "Umsatz (ohne Soll/Haben-Kz)": lambda v: AMOUNT.match(v) is not None and v != "0,00",
    "Soll/Haben-Kennzeichen": lambda v: v in ('"S"', '"H"'),
    "WKZ Umsatz": lambda v: re.fullmatch(r'"[A-Z]{3}"', v) is not None,
    "Konto": lambda v: re.fullmatch(r"\d{1,9}", v) is not None,
    "Gegenkonto (ohne BU-Schlüssel)": lambda v: re.fullmatch(r"\d{1,9}", v) is not None,
    "BU-Schlüssel": lambda v: re.fullmatch(r'"\d{0,4}"', v) is not None,
    "Belegdatum": lambda v: DDMM.match(v) is not None,
    "Belegfeld 1": lambda v: v.startswith('"') and BELEGFELD.match(v[1:-1]) is not None,
    "Belegfeld 2": _text(12),
    "Buchungstext": _text(60),
    "Beleglink": _text(210),
    **{f"Beleginfo - Art {n}": _text(20) for n in range(1, 9)},
    **{f"Beleginfo - Inhalt {n}": _text(210) for n in range(1, 9)},
    "KOST1 - Kostenstelle": _text(36),
    "KOST2 - Kostenstelle": _text(36),
    "Leistungsdatum": lambda v: v == "" or DDMMYYYY.match(v) is not None,
    "Fälligkeit": lambda v: v == "" or DDMMYYYY.match(v) is not None,
    "Steuersatz": lambda v: v == "" or RATE.match(v) is not None,
}


def problems(content: bytes, columns: tuple[str, ...]) -> list[str]:
    """Every field of `content` (a Buchungsstapel) that does not fit the description, named by line and field."""
    found = []
    text = content.decode("cp1252")
    if not text.endswith("\r\n"):
        found.append("the file does not end with CRLF")
    lines = text[:-2].split("\r\n")
    header = lines[0].split(";")
    if len(header) != 31:
        found.append(f"header: {len(header)} fields, not 31")
    for position, (name, check) in HEADER.items():
        value = header[position - 1] if position <= len(header) else None
        if value is None or not check(value):
            found.append(f"header field {position} {name}: {value!r}")
    period = (date(int(header[14][:4]), int(header[14][4:6]), int(header[14][6:])),
              date(int(header[15][:4]), int(header[15][4:6]), int(header[15][6:])))
    if lines[1].split(";") != list(columns) or len(columns) != 125:
        found.append("the column line is not the 125 columns of format version 13")
    for number, line in enumerate(lines[2:], start=3):
        fields = next(csv.reader(io.StringIO(line), delimiter=";", quotechar='"'))
        raw = _raw_fields(line)
        if len(raw) != 125 or len(fields) != 125:
            found.append(f"line {number}: {len(raw)} fields, not 125")
            continue
        for name, value in zip(columns, raw):
            check = COLUMNS.get(name)
            if check is None:
                if value not in ("", '""'):
                    found.append(f"line {number} {name}: {value!r} where the file leaves it empty")
            elif not check(value):
                found.append(f"line {number} {name}: {value!r}")
        day, month = int(raw[9][:2]), int(raw[9][2:])
        if not any(period[0] <= date(year, month, day) <= period[1] for year in {period[0].year, period[1].year}):
            found.append(f"line {number} Belegdatum {raw[9]} outside the header's period {period}")
    return found


def _raw_fields(line: str) -> list[str]:
    """The fields of one line as written (quotes kept), split at semicolons outside quotes."""
    fields, current, quoted = [], [], False
    for char in line:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            fields.append("".join(current))
            current = []
        else:
            current.append(char)
    fields.append("".join(current))
    return fields
