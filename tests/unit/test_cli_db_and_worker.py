"""`invoicing db init` and `invoicing worker` as the README shows them."""

from __future__ import annotations

import sqlite3

import pytest
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import Retries

from cli.main import main
from invoicing import config
from workers.broker import build


def test_db_init_creates_every_table_in_the_data_directory_and_can_run_again(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("INVOICING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PERSISTENCE_MODULE", raising=False)
    monkeypatch.delenv("POSTGRES_DBNAME", raising=False)
    assert main(["db", "init"]) == 0
    assert main(["db", "init"]) == 0
    assert "Tables ready: SQLite in" in capsys.readouterr().out
    with sqlite3.connect(tmp_path / "data" / "invoices.sqlite") as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"stored_events", "tracking", "documents", "outbox", "open_steps"} <= tables


def test_worker_takes_processes_and_threads(capsys):
    with pytest.raises(SystemExit):
        main(["worker", "--help"])
    assert "--processes" in capsys.readouterr().out


def test_the_broker_is_redis_or_rabbitmq_by_url_and_in_process_otherwise():
    assert type(build(config.load({"REDIS_URL": "redis://127.0.0.1:1/0"}))).__name__ == "RedisBroker"
    assert type(build(config.load({"RABBITMQ_URL": "amqp://guest:guest@127.0.0.1:1/"}))).__name__ == "RabbitmqBroker"
    stub = build(config.load({"INVOICING_MAX_RETRIES": "2", "INVOICING_RETRY_MIN_BACKOFF_MS": "50"}))
    assert isinstance(stub, StubBroker)
    retries = next(middleware for middleware in stub.middleware if isinstance(middleware, Retries))
    assert retries.min_backoff == 50 and not retries.retry_when(2, RuntimeError("third failure"))
