"""`invoicing projections …` and `invoicing export …` on the embedded default (SQLite files)."""

import pytest

from cli.main import main
from cli.projections import PARALLEL_FROM, default_jobs
from invoicing import config
from invoicing.bootstrap import bootstrap
from projections.catalogue import NAMES
from projections.exports.datev import read_extf
from tests.histories import write_history


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    for name in ("POSTGRES_DBNAME", "REDIS_URL", "RABBITMQ_URL", "INVOICING_POLICY_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PERSISTENCE_MODULE", "sqlite")
    monkeypatch.setenv("INVOICING_DATA_DIR", str(tmp_path / "data"))
    services = bootstrap(config.load())
    write_history(services.invoices, 40, seed=2, originals=True)
    services.close()
    return tmp_path / "data"


def test_rebuild_then_check_status_and_run_once(data_dir, capsys):
    assert main(["projections", "rebuild"]) == 0
    assert "Rebuilt register, inbox" in capsys.readouterr().out
    assert main(["projections", "check", "register", "vat"]) == 0
    assert capsys.readouterr().out.count("identical") == 2
    assert main(["projections", "status"]) == 0
    assert all(line.endswith(" 0 behind") for line in capsys.readouterr().out.splitlines())
    assert main(["projections", "run", "--once"]) == 0
    assert (data_dir / "views" / "register.sqlite").exists()


def test_a_rebuild_in_two_processes_checks_identical(data_dir, capsys):
    assert main(["projections", "rebuild", "--jobs", "2"]) == 0
    out = capsys.readouterr().out
    assert "Rebuilt register, inbox" in out and "in 2 processes" in out
    assert main(["projections", "check"]) == 0
    assert capsys.readouterr().out.count("identical") == len(NAMES)


def test_a_rebuild_in_one_process_when_asked(data_dir, capsys):
    assert main(["projections", "rebuild", "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "Rebuilt register, inbox" in out and "processes" not in out
    assert main(["projections", "check", "register"]) == 0


def test_a_short_log_is_rebuilt_in_this_process_unless_asked(data_dir, capsys):
    assert main(["projections", "rebuild"]) == 0  # the history above: a few hundred events
    assert "processes" not in capsys.readouterr().out
    assert default_jobs(PARALLEL_FROM - 1) == 1
    assert default_jobs(PARALLEL_FROM, cores_allow=2) == 2 and default_jobs(10 ** 6, cores_allow=1) == 1


def test_a_rebuild_needs_at_least_one_process(data_dir, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["projections", "rebuild", "--jobs", "0"])
    assert stopped.value.code == 2 and "'0' is not a whole number of at least 1" in capsys.readouterr().err


def test_an_unknown_view_is_a_usage_error(data_dir, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["projections", "rebuild", "ledger"])
    assert stopped.value.code == 2 and "the views are register" in capsys.readouterr().err


def test_export_datev_writes_files_that_read_back_and_records_the_export(data_dir, tmp_path, capsys):
    out = tmp_path / "datev"
    assert main(["export", "datev", "--out", str(out)]) == 2
    assert main(["export", "datev", "--out", str(out), "--by", "kasse"]) in (0, 1)
    printed = capsys.readouterr().out
    files = sorted(out.iterdir())
    assert files and printed.startswith("Batch ")
    for path in files:
        assert read_extf(path.read_bytes()).rows
    assert main(["export", "datev", "--out", str(out), "--by", "kasse"]) == 0
    assert " 0 invoices" in capsys.readouterr().out


def test_export_csv_writes_every_view(data_dir, tmp_path, capsys):
    assert main(["export", "csv", "--out", str(tmp_path / "csv"), "--german", "--today", "2026-09-01"]) == 0
    assert len(capsys.readouterr().out.splitlines()) >= 8 * 2
    assert (tmp_path / "csv" / "vat.by-month.csv").read_bytes().startswith(b"\xef\xbb\xbfmonth;category;rate")
