"""`invoicing validate` and `invoicing rules` as the README shows them: files and folders, formats, exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from lxml import etree

from cli.main import main
from invoicing.formats.ubl_writer import write_ubl
from invoicing.generator import generate_invoice
from tests.official import reference_directory, runner


@pytest.fixture()
def folder(tmp_path):
    """Two valid invoices, one with a wrong total, one that is not XML."""
    (tmp_path / "a.xml").write_bytes(write_ubl(generate_invoice(1)))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.xml").write_bytes(write_ubl(generate_invoice(2)))
    wrong = etree.fromstring(write_ubl(generate_invoice(3)))
    next(wrong.iter("{*}TaxInclusiveAmount")).text = "1.00"
    (tmp_path / "wrong.xml").write_bytes(etree.tostring(wrong))
    (tmp_path / "notes.txt").write_bytes(b"kein XML")
    (tmp_path / ".hidden.xml").write_bytes(b"ignored")
    return tmp_path


def test_a_folder_is_walked_and_json_lines_name_file_verdict_and_findings(folder, capsys):
    assert main(["validate", "--format", "json", str(folder)]) == 2
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert [os.path.relpath(line["file"], folder) for line in lines] == ["a.xml", "notes.txt", "sub/b.xml", "wrong.xml"]
    by_name = {os.path.basename(line["file"]): line for line in lines}
    assert by_name["a.xml"]["accept"] is True and by_name["a.xml"]["kosit_accept"] is True
    assert {"rule": "BR-CO-15", "level": "error"}.items() <= next(
        f for f in by_name["wrong.xml"]["findings"] if f["rule"] == "BR-CO-15").items()
    assert by_name["notes.txt"]["findings"][0]["rule"] == "INTAKE-not-xml"
    assert "4 files: 2 accepted, 2 rejected" in captured.err


def test_all_accepted_exits_0_and_text_names_the_rule_sets(folder, capsys):
    assert main(["validate", str(folder / "a.xml")]) == 0
    output = capsys.readouterr().out
    assert "ACCEPTED" in output and "1.3.16" in output and "3.0.2" in output


def test_only_regular_files_are_read(tmp_path, capsys):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert main(["validate", "--format", "json", "/dev/zero", str(fifo)]) == 2
    codes = [json.loads(line)["findings"][0]["rule"] for line in capsys.readouterr().out.splitlines()]
    assert codes == ["INTAKE-not-a-regular-file"] * 2


def test_usage_errors_exit_255(tmp_path):
    environment = {**os.environ, "PYTHONPATH": os.getcwd(), "INVOICING_DATA_DIR": str(tmp_path)}
    for arguments in (["validate"], ["validate", str(tmp_path / "missing.xml")],
                      ["validate", "--engine", "official", str(tmp_path)],
                      ["validate", "--scenario", "no such scenario", str(tmp_path)]):
        result = subprocess.run([sys.executable, "-m", "invoicing", *arguments], capture_output=True, text=True,
                                env=environment)
        assert result.returncode == 255, (arguments, result.stderr)
        assert "Traceback" not in result.stderr
    assert "invoicing rules install" in result.stderr or "scenario" in result.stderr


def test_html_and_kosit_formats_need_an_out_folder_for_several_files(folder, tmp_path, capsys):
    assert main(["validate", "--format", "kosit", str(folder)]) == 255
    out = tmp_path / "out"
    assert main(["validate", "--format", "html", "--out", str(out), str(folder / "a.xml"), str(folder / "wrong.xml")]) == 1
    assert sorted(path.name for path in out.iterdir()) == ["a.xml.html", "wrong.xml.html"]
    assert "BR-CO-15" in (out / "wrong.xml.html").read_text(encoding="utf-8")


def test_the_kosit_format_is_what_the_official_validator_writes(folder, tmp_path, capsys):
    from tests.unit.kosit.report_comparison import canonical, differences
    from tests.unit.kosit.report_schema import report_errors

    for name in ("a.xml", "wrong.xml"):
        main(["validate", "--format", "kosit", str(folder / name)])
        native = capsys.readouterr().out.encode()
        official = runner().run((folder / name).read_bytes(), document_reference=name).report_xml()
        assert report_errors(native, reference_directory() / "resources" / "report.xsd", tmp_path) == []
        found = differences(canonical(native), canonical(official))
        assert [d for d in found if not d.startswith("/report/engine/name:")] == [], name  # each names its engine


def test_an_installed_configuration_runs_as_the_official_engine(folder, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("INVOICING_DATA_DIR", str(tmp_path / "data"))
    copy = tmp_path / "configuration"
    shutil.copytree(reference_directory(), copy)
    assert main(["rules", "install", str(copy)]) == 0
    capsys.readouterr()
    assert main(["validate", "--engine", "official", "--format", "json", str(folder / "a.xml"),
                 str(folder / "wrong.xml")]) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["accept"] for line in lines] == [True, False]
    assert main(["rules", "show"]) == 0
    assert "data/kosit" in capsys.readouterr().out
