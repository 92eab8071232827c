"""Every storage contract runs against each backend: in memory, SQLite, PostgreSQL (a real server)."""

from __future__ import annotations

import pytest

from invoicing import config
from invoicing.bootstrap import bootstrap

BACKENDS = ("memory", "sqlite", "postgres")


def settings_for(backend: str, request, tmp_path) -> config.Settings:
    if backend == "postgres":
        return config.load(request.getfixturevalue("postgres_env"))
    return config.Settings(persistence=backend, data_dir=tmp_path / "data")


@pytest.fixture(params=BACKENDS)
def settings(request, tmp_path) -> config.Settings:
    """Settings for a fresh, empty store on each backend in turn."""
    return settings_for(request.param, request, tmp_path)


@pytest.fixture
def services(settings):
    """The application wired for each backend in turn, tables created."""
    services = bootstrap(settings)
    yield services
    services.close()
