"""CSV of every view: tables and reports, plain for programs and German for spreadsheets."""

from datetime import date
from decimal import Decimal

from projections.catalogue import NAMES
from projections.exports.csv import csv_chunks, to_csv, view_files, write_csv
from tests.unit.projections.world import invoice


def test_plain_csv_uses_commas_and_decimal_points_german_csv_semicolons_and_decimal_commas():
    rows = [{"supplier": "Müller; Söhne", "amount": Decimal("1234.50"), "day": date(2026, 3, 2), "none": None}]
    assert to_csv(rows) == b'supplier,amount,day,none\r\nM\xc3\xbcller; S\xc3\xb6hne,1234.50,2026-03-02,\r\n'
    german = to_csv(rows, german=True).decode("utf-8-sig")
    assert german == 'supplier;amount;day;none\r\n"Müller; Söhne";1234,50;2026-03-02;\r\n'


def test_every_view_is_written_with_its_tables_and_reports(world, tmp_path):
    world.approved(world.routed(world.accepted(invoice(2))))
    world.rejected(invoice(8), "BR-CO-15")
    world.catch_up()
    paths = write_csv(world.views, tmp_path, today=date(2026, 3, 1))
    names = {path.name for path in paths}
    assert {name.split(".")[0] for name in names} == set(NAMES)
    assert {"vat.by-month.csv", "open-items.aging.csv", "suppliers.balances.csv", "rejections.by-rule.csv",
            "cycle-times.summary.csv", "discounts.calendar.csv", "register.invoices.csv"} <= names
    register = (tmp_path / "register.invoices.csv").read_text(encoding="utf-8").splitlines()
    assert len(register) == 3 and register[0].startswith("case_id,status,received_at")
    files = {item.name: item.content for item in view_files(world.views["rejections"], today=date(2026, 3, 1))}
    assert files["rejections.by-rule.csv"].startswith(b"rule_id,")
    assert files["rejections.rates.csv"].splitlines()[0] == b"supplier,rows,rejected_count,share,supplier_key"
    assert {tuple(line.split(b",")[1:4]) for line in files["rejections.rates.csv"].splitlines()[1:]} == {
        (b"1", b"0", b"0.0"), (b"1", b"1", b"1.0")}


def test_a_long_list_is_written_in_chunks_and_whole(world):
    rows = ({"n": n, "text": f"Zeile {n}"} for n in range(1234))
    chunks = list(csv_chunks(rows, ["n", "text"], german=True, rows_per_chunk=500))
    assert len(chunks) == 3 and chunks[0].startswith("\ufeff".encode()) and not chunks[1].startswith("\ufeff".encode())
    lines = b"".join(chunks).decode("utf-8-sig").splitlines()
    assert lines[0] == "n;text" and lines[-1] == "1233;Zeile 1233" and len(lines) == 1235
