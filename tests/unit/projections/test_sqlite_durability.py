"""How the SQLite files commit: a view's file without waiting for the disk, the event store with it.

A view is derived data, its rows and position written in one transaction (`projections.sqlite._view_datastore`
says why `synchronous=NORMAL` is enough there); the event store holds what receipts were given for."""

from __future__ import annotations

from invoicing.bootstrap import bootstrap
from invoicing.config import Settings
from projections.register import INVOICES
from projections.sqlite import SQLiteView

NORMAL, FULL = 1, 2  # SQLite's numbers for PRAGMA synchronous


def _synchronous(datastore) -> int:
    with datastore.transaction(commit=False) as cursor:
        cursor.execute("PRAGMA synchronous")
        return cursor.fetchone()[0]


def test_a_views_file_commits_without_waiting_for_the_disk_in_wal_mode(tmp_path):
    view = SQLiteView.open(tmp_path / "views" / "register.sqlite", tables=[INVOICES], application_name="Invoices")
    with view.datastore.transaction(commit=False) as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0].lower() == "wal"
    assert _synchronous(view.datastore) == NORMAL


def test_the_event_store_commits_only_once_the_disk_has_it(tmp_path):
    services = bootstrap(Settings(persistence="sqlite", data_dir=tmp_path / "data"))
    try:
        assert _synchronous(services.invoices.recorder.datastore) == FULL
    finally:
        services.close()
