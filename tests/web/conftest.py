"""The edge on each storage backend in turn (SQLite, a real PostgreSQL), for tests where storage matters."""

from __future__ import annotations

import pytest

from invoicing import config
from tests.web import support


@pytest.fixture(params=["sqlite", "postgres"])
def edge(request, tmp_path):
    """A test edge with the accounts of `support.make_edge`, on SQLite and on PostgreSQL."""
    if request.param == "postgres":
        settings = config.load(request.getfixturevalue("postgres_env"))
    else:
        settings = config.Settings(persistence="sqlite", data_dir=tmp_path / "data")
    edge = support.make_edge(settings)
    yield edge
    edge.close()
