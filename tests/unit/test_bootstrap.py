"""The core factory's docstring example runs, and every backend is chosen from the settings alone."""

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


def test_the_policy_file_of_the_settings_is_loaded_and_a_broken_one_stops_the_start(tmp_path):
    import pytest

    from invoicing.approvals import PolicyError
    from tests.unit.approvals.helpers import POLICY

    good = tmp_path / "policy.toml"
    good.write_text(POLICY, encoding="utf-8")
    services = bootstrap(Settings(persistence="memory", policy_file=good))
    assert services.invoices.policy.name == "Testgemeinde"
    services.close()
    broken = tmp_path / "broken.toml"
    broken.write_text(POLICY.replace('leitweg_id = "08111000-60-14"', 'leitweg_id = "08111000-60-15"'),
                      encoding="utf-8")
    with pytest.raises(PolicyError, match="wrong check digits"):
        bootstrap(Settings(persistence="memory", policy_file=broken))
    with pytest.raises(PolicyError, match="cannot be read"):
        bootstrap(Settings(persistence="memory", policy_file=tmp_path / "missing.toml"))
