"""The DATEV Buchungsstapel: format details, and reading a written file back."""

from datetime import date, datetime, timezone
from decimal import Decimal
from uuid import uuid4

import pytest

from invoicing.lifecycle.accounting import CaseFacts
from projections.exports.accounts import sample_mapping
from projections.exports.batches import bookings_for
from projections.exports.datev import COLUMNS, Booking, NotExtf, belegfeld, extf, read_extf
from tests.unit.projections.world import invoice

AT = datetime(2026, 3, 2, 9, 30, 15, 250000, tzinfo=timezone.utc)
MAPPING = sample_mapping()


def _file(bookings):
    return extf(bookings, MAPPING.datev, created_at=AT, fiscal_year=date(2026, 1, 1),
                period=(date(2026, 1, 1), date(2026, 12, 31)))


def _booking(**changes):
    values = dict(amount=Decimal("1190.00"), side="H", currency="EUR", account="70000", contra_account="4980",
                  tax_key="9", document_date=date(2026, 3, 5), number="RE-2026/0042", text="Müller Bau RE-2026/0042",
                  case_id=uuid4(), leitweg_id="08125999-1000-07", category="S", rate=Decimal("19"))
    return Booking(**{**values, **changes})


def test_the_header_line_starts_as_datev_prescribes_and_names_consultant_client_year_and_period():
    content = _file([_booking()])
    header = content.split(b"\r\n")[0].decode("cp1252").split(";")
    assert content.startswith(b'"EXTF";700;21;"Buchungsstapel";13;20260302')
    assert len(header) == 31
    assert header[5] == "20260302093015250"
    assert header[10:16] == ["1001", "1", "20260101", "4", "20260101", "20261231"]
    assert header[16] == '"Eingangsrechnungen"' and header[21] == '"EUR"' and header[26] == '"03"'


def test_lines_end_with_crlf_the_text_is_windows_1252_and_the_columns_are_those_of_version_13():
    content = _file([_booking(), _booking(text="Łódź Ltd", number="A 1")])
    assert content.endswith(b"\r\n") and content.count(b"\r\n") == 4 and b"\n" not in content.replace(b"\r\n", b"")
    assert "Müller".encode("cp1252") in content
    assert content.split(b"\r\n")[1].decode("cp1252").split(";") == list(COLUMNS)
    assert len(COLUMNS) == 125
    parsed = read_extf(content)
    assert parsed.rows[1]["Buchungstext"] == "?ód? Ltd"


def test_a_booking_line_has_decimal_comma_ddmm_date_quoted_texts_and_the_case_in_beleginfo():
    booking = _booking()
    line = _file([booking]).split(b"\r\n")[2].decode("cp1252")
    fields = line.split(";")
    assert fields[:11] == ["1190,00", '"H"', '"EUR"', "", "", "", "70000", "4980", '"9"', "0503", '"RE-2026/0042"']
    row = read_extf(_file([booking])).rows[0]
    assert (row["Beleginfo - Art 1"], row["Beleginfo - Inhalt 1"]) == ("Fall", str(booking.case_id))
    assert (row["Beleginfo - Inhalt 3"], row["Beleginfo - Inhalt 5"]) == ("08125999-1000-07", "19,00")
    assert row["Steuersatz"] == ""  # key 9 has its rate built in


def test_steuersatz_is_filled_only_for_a_tax_key_that_needs_it():
    assert read_extf(_file([_booking(tax_key="40", rate_needed=True)])).rows[0]["Steuersatz"] == "19,00"
    assert read_extf(_file([_booking(tax_key="", rate_needed=True)])).rows[0]["Steuersatz"] == ""


def test_belegfeld_1_keeps_only_what_datev_allows_and_at_most_36_characters_and_stays_unique():
    assert belegfeld("2026/0042") == "2026/0042"
    written = belegfeld("RE 2026_04#7")
    assert written.startswith("RE-2026-04-7-") and len(written) == len("RE-2026-04-7-") + 4
    assert len(belegfeld("A" * 40)) == 36
    assert len({belegfeld("RE 2026.001"), belegfeld("RE_2026_001"), belegfeld("RE-2026-001")}) == 3
    assert belegfeld("RE-1", "vat:de1") != belegfeld("RE-1", "vat:de2")  # the collective creditor account


def test_line_breaks_and_tabs_in_texts_become_spaces():
    row = read_extf(_file([_booking(text="Müller\r\nBau\tGmbH", number="A\n1")])).rows[0]
    assert row["Buchungstext"] == "Müller Bau GmbH" and row["Beleginfo - Inhalt 2"] == "A 1"


def test_one_booking_per_vat_rate_whose_amounts_read_back_equal_the_breakdown():
    generated = invoice(1)
    facts = CaseFacts.from_invoice(generated, AT)
    bookings = bookings_for({"case_id": uuid4()}, facts, MAPPING)
    assert len(bookings) == len([line for line in generated.vat_breakdown
                                 if line.taxable_amount + line.tax_amount])
    parsed = read_extf(_file(bookings))
    sums = {}
    for row in parsed.rows:
        sums[parsed.rate(row)] = sums.get(parsed.rate(row), 0) + parsed.amount(row)
    assert sums == {line.rate: line.taxable_amount + line.tax_amount for line in generated.vat_breakdown
                    if line.taxable_amount + line.tax_amount}
    assert {row["BU-Schlüssel"] for row in parsed.rows} <= {"9", "8", ""}


def test_a_credit_note_books_the_other_way_round():
    credit = CaseFacts.from_invoice(invoice(3, type_code="381"), AT)
    [booking] = bookings_for({"case_id": uuid4()}, credit, MAPPING)
    assert booking.side == "S" and booking.signed < 0


def test_an_invoice_with_a_rate_the_mapping_does_not_know_is_refused_with_the_reason():
    generated = invoice(1)
    facts = CaseFacts.from_invoice(generated, AT)
    mapping = MAPPING.model_copy(update={"tax_keys": {}})
    reason = bookings_for({"case_id": uuid4()}, facts, mapping)
    assert isinstance(reason, str) and "[tax_keys]" in reason


def test_reading_back_refuses_files_with_bare_line_feeds_or_another_header():
    content = _file([_booking()])
    with pytest.raises(NotExtf):
        read_extf(content.replace(b"\r\n", b"\n"))
    with pytest.raises(NotExtf):
        read_extf(content.replace(b'"EXTF";700', b'"DTVF";700'))
