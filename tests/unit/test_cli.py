"""The `invoicing` command line as the README shows it: generate, inspect, --json, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from cli.main import main


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    folder = tmp_path_factory.mktemp("samples")
    assert main(["generate", "--seed", "2026", "--count", "2", "--out", str(folder)]) == 0
    return sorted(folder.iterdir())


def test_generate_writes_ubl_cii_and_pdf_deterministically(samples, tmp_path):
    assert {path.name.split(".", 1)[1] for path in samples} >= {"ubl.xml", "cii.xml"}
    assert any(path.suffix == ".pdf" for path in samples)
    main(["generate", "--seed", "2026", "--count", "2", "--out", str(tmp_path)])
    assert [path.read_bytes() for path in samples] == [(tmp_path / path.name).read_bytes() for path in samples]


def test_inspect_summarises_every_file_and_exits_0(samples, capsys):
    assert main(["inspect", *map(str, samples)]) == 0
    output = capsys.readouterr().out
    assert output.count("== ") == len(samples)
    for label in ("Seller:", "Buyer:", "Net total:", "VAT S 19", "Lines:", "Format:     UBL", "Format:     CII", "profile"):
        assert label in output


def test_inspect_json_gives_one_object_per_file_and_exits_1_on_any_failure(samples, tmp_path, capsys):
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"<Invoice><ID>1</Invoice>")
    assert main(["inspect", "--json", str(samples[0]), str(broken)]) == 1
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert first["file"] == str(samples[0]) and first["invoice"]["number"]
    assert second == {"file": str(broken), "error": second["error"]}
    assert second["error"]["code"] == "not-xml" and second["error"]["line"] == 1


def test_a_missing_file_is_a_failure_not_a_traceback(tmp_path, capsys):
    assert main(["inspect", str(tmp_path / "nope.xml")]) == 1
    assert "cannot-open" in capsys.readouterr().out


def test_an_oversized_file_is_refused_without_reading_it(tmp_path, capsys):
    huge = tmp_path / "huge.xml"
    with huge.open("wb") as handle:  # sparse: costs no disk space
        handle.truncate(300 * 1024 * 1024)
    assert main(["inspect", "--json", str(huge)]) == 1
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "too-large"


def test_usage_errors_exit_2():
    result = subprocess.run([sys.executable, "-m", "invoicing", "inspect"], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert result.returncode == 2
    assert "usage" in result.stderr


def test_validate_exits_with_the_number_of_rejected_files(samples, tmp_path, capsys):
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"kein XML")
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    assert main(["validate", "--json", str(broken), str(empty)]) == 2
    reports = [json.loads(line)["report"] for line in capsys.readouterr().out.splitlines()]
    assert [r["findings"][0]["rule_id"] for r in reports] == ["INTAKE-not-xml", "INTAKE-empty-file"]
    main(["validate", str(samples[0])])
    assert "Rule sets:" in capsys.readouterr().out


def test_inspect_refuses_a_device_and_a_fifo_at_once_without_reading_them(tmp_path, capsys):
    import os
    import time

    from cli.main import main

    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    started = time.monotonic()
    assert main(["inspect", "--json", "/dev/zero", str(fifo)]) == 1
    assert time.monotonic() - started < 5  # neither 21 GB read from /dev/zero nor a wait for a writer
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["error"]["code"] for line in lines] == ["not-a-regular-file", "not-a-regular-file"]
    assert "device" in lines[0]["error"]["message"] and "FIFO" in lines[1]["error"]["message"]


def test_a_bad_setting_is_named_without_a_traceback_and_exits_2(tmp_path):
    env = {**os.environ, "PYTHONPATH": os.getcwd(), "INVOICING_DATA_DIR": str(tmp_path), "INVOICING_WEB_PORT": "x"}
    result = subprocess.run([sys.executable, "-m", "invoicing", "db", "init"], capture_output=True, text=True, env=env)
    assert result.returncode == 2
    assert result.stderr == "invoicing: INVOICING_WEB_PORT='x' is not a whole number.\n"


def test_a_bad_setting_stops_validate_with_its_usage_error_code_not_a_count_of_rejected_files(samples, tmp_path):
    env = {**os.environ, "PYTHONPATH": os.getcwd(), "INVOICING_DATA_DIR": str(tmp_path), "LOG_LEVEL": "loud"}
    result = subprocess.run([sys.executable, "-m", "invoicing", "validate", str(next(iter(samples)))],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 255 and "LOG_LEVEL='loud'" in result.stderr and "Traceback" not in result.stderr
