"""The GoBD Z3 data carrier: `index.xml` valid by the GDPdU DTD, every table as described, the hash list right.

The public DTD `gdpdu-01-09-2004.dtd` is not shipped with the project; `GDPDU_GRAMMAR` below states
the content models that DTD gives for every element the export uses (written out here from the
standard's description, not copied), and lxml validates `index.xml` against it. One model is
restated: the DTD gives `Media` as (Name, Command*, Table*, Command*, AcceptNoTables?), which
libxml2 refuses as non-deterministic; (Name, Command*, (Table+, Command*)?, AcceptNoTables?)
accepts exactly the same documents. Each table's CSV is
then read with the separators, encoding and text encapsulator its description names, and every row
must have the described number of columns, each of its described type.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from datetime import datetime

import pytest
from lxml import etree

from cli.main import main
from invoicing.approvals.clock import city_day
from invoicing.bootstrap import bootstrap
from invoicing.config import Settings
from projections.exports.gobd import export_gobd
from tests.integration.test_views_from_events_alone import story

GDPDU_GRAMMAR = """
<!ELEMENT DataSet (Extension*, Version, DataSupplier?, Command*, Media+, Command*)>
<!ELEMENT Version (#PCDATA)>
<!ELEMENT DataSupplier (Name, Location, Comment)>
<!ELEMENT Location (#PCDATA)>
<!ELEMENT Comment (#PCDATA)>
<!ELEMENT Media (Name, Command*, (Table+, Command*)?, AcceptNoTables?)>
<!ELEMENT Table (URL, Name?, Description?, Validity?, (ANSI | Macintosh | OEM | UTF16 | UTF7 | UTF8)?,
                 (DecimalSymbol, DigitGroupingSymbol)?, SkipNumBytes?, Range?, Epoch?, (VariableLength | FixedLength))>
<!ELEMENT URL (#PCDATA)>
<!ELEMENT Name (#PCDATA)>
<!ELEMENT Description (#PCDATA)>
<!ELEMENT UTF8 EMPTY>
<!ELEMENT DecimalSymbol (#PCDATA)>
<!ELEMENT DigitGroupingSymbol (#PCDATA)>
<!ELEMENT VariableLength (ColumnDelimiter?, RecordDelimiter?, TextEncapsulator?,
                          ((VariablePrimaryKey+, VariableColumn*) | (VariableColumn+)), ForeignKey*)>
<!ELEMENT ColumnDelimiter (#PCDATA)>
<!ELEMENT RecordDelimiter (#PCDATA)>
<!ELEMENT TextEncapsulator (#PCDATA)>
<!ELEMENT VariablePrimaryKey (Name, Description?, (Numeric | (AlphaNumeric, MaxLength?) | Date), Map*)>
<!ELEMENT VariableColumn (Name, Description?, (Numeric | (AlphaNumeric, MaxLength?) | Date), Map*)>
<!ELEMENT AlphaNumeric EMPTY>
<!ELEMENT Numeric ((ImpliedAccuracy | Accuracy)?)>
<!ELEMENT Accuracy (#PCDATA)>
<!ELEMENT ImpliedAccuracy (#PCDATA)>
<!ELEMENT Date (Format?)>
<!ELEMENT Format (#PCDATA)>
<!ELEMENT MaxLength (#PCDATA)>
"""


@pytest.fixture(scope="module")
def carrier(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gobd")
    services = bootstrap(Settings(persistence="sqlite", data_dir=folder / "data"))
    cases = [story(services.invoices, seed, legacy=False, steps=seed % 5) for seed in range(30, 42)]
    # The carrier selects by the city's day of receipt (after 23:00 UTC that is already tomorrow in Berlin).
    received = [city_day(services.invoices.get_case(case_id).received_at) for case_id, _ in cases]
    report = export_gobd(services.invoices, start=min(received), end=max(received), out=folder / "carrier")
    services.close()
    return report, cases


def test_index_xml_is_valid_by_the_gdpdu_grammar_and_names_the_public_dtd(carrier):
    report, _ = carrier
    document = etree.parse(str(report.folder / "index.xml"))
    assert document.docinfo.system_url == "gdpdu-01-09-2004.dtd"
    dtd = etree.DTD(io.StringIO(GDPDU_GRAMMAR))
    assert dtd.validate(document), dtd.error_log.filter_from_errors()
    assert [table.findtext("URL") for table in document.iter("Table")] == [
        "invoices.csv", "vat_lines.csv", "certifications.csv", "events.csv", "originals.csv"]


def test_every_table_has_the_described_columns_with_the_described_types(carrier):
    report, cases = carrier
    for table in etree.parse(str(report.folder / "index.xml")).iter("Table"):
        layout = table.find("VariableLength")
        assert table.find("UTF8") is not None and layout.findtext("RecordDelimiter") == "\r\n"
        columns = [column for column in layout if column.tag in ("VariablePrimaryKey", "VariableColumn")]
        text = (report.folder / table.findtext("URL")).read_bytes().decode("utf-8")
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=layout.findtext("ColumnDelimiter"),
                               quotechar=layout.findtext("TextEncapsulator")))
        assert rows, table.findtext("URL")
        assert text.count("\r\n") >= len(rows)
        for row in rows:
            assert len(row) == len(columns), (table.findtext("URL"), row)
            for value, column in zip(row, columns):
                assert_typed(value, column, table.findtext("DecimalSymbol"))
    invoices = list(csv.reader(io.StringIO((report.folder / "invoices.csv").read_text("utf-8"), newline=""),
                               delimiter=";"))
    assert {row[0] for row in invoices} == {str(case_id) for case_id, _ in cases}
    by_case = {row[0]: row for row in invoices}
    for case_id, generated in cases:
        assert by_case[str(case_id)][13] == f"{generated.totals.total_with_vat:.2f}".replace(".", ",")


def assert_typed(value: str, column, decimal: str) -> None:
    if value == "":
        return  # not recorded (e.g. no due date)
    if column.find("Numeric") is not None:
        places = int(column.findtext("Numeric/Accuracy") or 0)
        pattern = rf"-?\d+({re.escape(decimal)}\d{{{places}}})?" if places else r"-?\d+"
        assert re.fullmatch(pattern, value), (column.findtext("Name"), value)
    elif column.find("Date") is not None:
        assert column.findtext("Date/Format") == "DD.MM.YYYY"
        datetime.strptime(value, "%d.%m.%Y")


def test_the_hash_list_matches_every_original_on_the_carrier(carrier):
    report, cases = carrier
    lines = (report.folder / "originals" / "SHA256SUMS").read_text().splitlines()
    assert len(lines) == len(cases)
    for line in lines:
        digest, name = line.split("  ")
        assert hashlib.sha256((report.folder / "originals" / name).read_bytes()).hexdigest() == digest


def test_the_certification_trail_and_history_come_with_the_chain_hashes(carrier):
    report, _ = carrier
    trail = list(csv.reader(io.StringIO((report.folder / "certifications.csv").read_text("utf-8"), newline=""),
                            delimiter=";"))
    assert trail and all(row[6] or row[5] for row in trail)
    events = list(csv.reader(io.StringIO((report.folder / "events.csv").read_text("utf-8"), newline=""),
                             delimiter=";"))
    assert all(re.fullmatch(r"[0-9a-f]{64}", row[6]) for row in events)


def test_the_command_writes_the_carrier(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("INVOICING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PERSISTENCE_MODULE", raising=False)
    monkeypatch.delenv("POSTGRES_DBNAME", raising=False)
    services = bootstrap(Settings(persistence="sqlite", data_dir=tmp_path / "data"))
    story(services.invoices, 50, legacy=False, steps=0)
    services.close()
    assert main(["export", "gobd", "--from", "2000-01-01", "--to", "2099-12-31", "--out", str(tmp_path / "z3")]) == 0
    assert "1 invoices" in capsys.readouterr().out
    assert main(["export", "gobd", "--from", "2026-02-01", "--to", "2026-01-01", "--out", str(tmp_path / "z")]) == 2


def test_the_day_and_time_of_receipt_are_both_on_the_citys_clock(tmp_path):
    """23:30 UTC on 6 December is 00:30 on 7 December in Berlin: the register row says 07.12.2026 00:30:00."""
    from datetime import timezone

    services = bootstrap(Settings(persistence="sqlite", data_dir=tmp_path / "data"))
    services.invoices.receive_submission(b"<late/>", channel="api", sender="s@example", filename="late.xml",
                                         received_at=datetime(2026, 12, 6, 23, 30, tzinfo=timezone.utc))
    day = datetime(2026, 12, 7).date()
    export_gobd(services.invoices, start=day, end=day, out=tmp_path / "carrier")
    services.close()
    text = (tmp_path / "carrier" / "invoices.csv").read_bytes().decode("utf-8")
    [row] = [line for line in text.splitlines() if line]
    assert row.split(";")[1:3] == ["07.12.2026", "00:30:00"]
