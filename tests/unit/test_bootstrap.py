"""The composition root's docstring example runs, and every backend is chosen from the settings alone."""

import doctest

import invoicing.bootstrap
from invoicing.bootstrap import bootstrap
from invoicing.config import Settings


def test_the_docstring_example_runs():
    assert doctest.testmod(invoicing.bootstrap, raise_on_error=False).failed == 0


def test_sqlite_keeps_events_originals_and_outbox_in_one_file_in_the_data_directory(tmp_path):
    services = bootstrap(Settings(persistence="sqlite", data_dir=tmp_path / "data"))
    try:
        assert type(services.invoices.documents).__name__ == "SQLiteDocuments"
        assert type(services.outbox).__name__ == "SQLiteOutbox"
        assert (tmp_path / "data" / "invoices.sqlite").exists()
    finally:
        services.close()
