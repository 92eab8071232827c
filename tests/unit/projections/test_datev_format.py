"""The DATEV export against the EXTF 700 format description, field by field, and read by an independent reader.

The files come from a realistic export: many invoices (credit notes, several rates, hostile texts with line
breaks and tabs, numbers DATEV would not take, Kontierungen split by amount) over several months. Every field
of every line must fit `extf700`; and `mloda-community-german-ledger` (a DATEV EXTF reader from PyPI, written
by others against DATEV's own sample files) must read each file and find our bookings, leg by leg.
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from uuid import uuid4

import pytest

from invoicing.lifecycle.accounting import CaseFacts
from projections.exports.accounts import MappingError, parse_mapping, sample_mapping
from projections.exports.batches import Recorded, _by_period, bookings_for
from projections.exports.datev import COLUMNS, extf, read_extf
from tests.unit.projections import extf700
from tests.unit.projections.world import invoice

AT = datetime(2026, 3, 2, 9, 30, 15, 250000, tzinfo=timezone.utc)
MAPPING = sample_mapping().model_copy(update={"datev": sample_mapping().datev.model_copy(update={
    "document_link": "https://rechnungen.eichenbrueck.example/invoices/{case_id}/original"})})


def _files():
    bookings = []
    for seed in range(1, 41):
        changes = {}
        if seed % 7 == 0:
            changes["type_code"] = "381"
        if seed % 5 == 0:
            changes["number"] = f"RE {seed}.2026\t/#{seed}"
        generated = invoice(seed, **changes)
        if seed % 3 == 0:
            seller = generated.seller.model_copy(update={"name": f"Müller\r\nBau {seed}\tGmbH; \"Zweig\""})
            generated = generated.model_copy(update={"seller": seller})
        facts = CaseFacts.from_invoice(generated, AT)
        assignment = None
        if seed % 4 == 0 and facts.invoice.amount:
            assignment = [{"cost_centre": "6500", "cost_object": "11.1.01", "account": "4260",
                           "amount": str((abs(facts.invoice.amount) / 3).quantize(Decimal("0.01")))},
                          {"cost_centre": "1000", "account": "4980"}]
        found = bookings_for({"case_id": uuid4()}, Recorded(facts, assignment, f"vat:seller{seed}"), MAPPING)
        assert not isinstance(found, str), found
        bookings += found
    files = []
    for (start, period), group in sorted(_by_period(bookings, MAPPING).items()):
        files.append(extf(group, MAPPING.datev, created_at=AT, fiscal_year=start, period=period))
    return bookings, files


BOOKINGS, FILES = _files()


def test_every_field_of_every_line_fits_the_extf_700_description():
    assert len(FILES) > 1  # several booking months
    for content in FILES:
        assert extf700.problems(content, COLUMNS) == []


def test_the_description_check_finds_a_line_break_in_a_text_field():
    broken = FILES[0].replace(b'"Fall"', b'"Fa\r\nll"', 1)
    assert extf700.problems(broken, COLUMNS)


def test_an_independent_extf_reader_reads_every_file_and_finds_every_booking(tmp_path):
    from mloda.community.feature_groups.experimental.german_ledger.datev import read_batch

    legs = 0
    for index, content in enumerate(FILES):
        path = tmp_path / f"EXTF_{index}.csv"
        path.write_bytes(content)
        header, columns = read_batch(str(path))
        ours = read_extf(content).rows
        assert (header.berater, header.mandant, header.sachkontenlaenge) == ("1001", "1", 4)
        assert len(columns["Konto"]) == 2 * len(ours)  # each booking: the Konto leg and the Gegenkonto leg
        booked = sum(abs(Decimal(row["Umsatz (ohne Soll/Haben-Kz)"].replace(",", "."))) for row in ours)
        assert sum(abs(Decimal(str(amount))) for amount in columns["Betrag"]) == 2 * booked
        assert sum(Decimal(str(amount)) for amount in columns["Betrag"]) == 0  # Soll and Haben balance
        legs += len(columns["Konto"])
    assert legs == 2 * len(BOOKINGS)


def test_a_kontierung_splits_each_vat_line_exactly_and_fills_kost1_and_kost2():
    split = [row for content in FILES for row in read_extf(content).rows if row["KOST2 - Kostenstelle"] == "11.1.01"]
    assert split and all(row["KOST1 - Kostenstelle"] == "6500" and row["Gegenkonto (ohne BU-Schlüssel)"] == "4260"
                         for row in split)
    rows = [row for content in FILES for row in read_extf(content).rows]
    assert all(row["Fälligkeit"] for row in rows) and all(row["Beleglink"].startswith("https://") for row in rows)


def test_the_mapping_is_checked_against_the_datev_formats_when_loaded_naming_each_key():
    text = sample_mapping_text().replace('creditor = "70000"', 'creditor = "7000"').replace('"S:19" = "9"',
                                                                                           '"S:19" = "9a"')
    with pytest.raises(MappingError) as refused:
        parse_mapping(text)
    message = str(refused.value)
    assert "accounts.creditor: '7000'" in message and "tax_keys.S:19" in message
    with pytest.raises(MappingError, match="exported_by"):
        parse_mapping(sample_mapping_text().replace('exported_by = "E-Rechnungseingang"',
                                                    'exported_by = "E-Rechnungseingang der Stadt Eichenbrück"'))


def test_an_unmapped_supplier_is_refused_when_the_mapping_says_so():
    strict = MAPPING.model_copy(update={"accounts": MAPPING.accounts.model_copy(update={"unmapped_suppliers": "refuse"})})
    reason = bookings_for({"case_id": uuid4()}, CaseFacts.from_invoice(invoice(2), AT), strict)
    assert isinstance(reason, str) and "[accounts.creditors]" in reason


def sample_mapping_text() -> str:
    from importlib import resources

    return resources.files("projections.exports").joinpath("sample_accounts.toml").read_text(encoding="utf-8")
