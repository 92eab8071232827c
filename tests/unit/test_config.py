"""Configuration: one module reads the environment; sensible embedded defaults; clear errors."""

from pathlib import Path

import pytest

from invoicing import config


def test_with_nothing_set_the_embedded_default_is_sqlite_in_var_data_with_an_in_process_broker():
    settings = config.load({})
    assert settings.persistence == "sqlite" and settings.data_dir == Path("var/data")
    assert settings.broker == "stub" and settings.create_tables
    env = settings.eventsourcing_env()
    assert env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite"
    assert env["SQLITE_DBNAME"] == str(Path("var/data/invoices.sqlite"))


def test_postgres_settings_become_eventsourcing_variables():
    settings = config.load({"POSTGRES_DBNAME": "city", "POSTGRES_HOST": "db", "POSTGRES_PORT": "6543",
                            "POSTGRES_USER": "app", "POSTGRES_PASSWORD": "secret", "REDIS_URL": "redis://r:6379/0"})
    assert settings.persistence == "postgres" and settings.broker == "redis"
    env = settings.eventsourcing_env()
    assert env["PERSISTENCE_MODULE"] == "eventsourcing.postgres"
    assert (env["POSTGRES_HOST"], env["POSTGRES_PORT"], env["POSTGRES_DBNAME"]) == ("db", "6543", "city")


def test_eventsourcings_own_module_names_are_understood_and_rabbitmq_is_supported():
    settings = config.load({"PERSISTENCE_MODULE": "eventsourcing.popo", "RABBITMQ_URL": "amqp://mq"})
    assert settings.persistence == "memory" and settings.broker == "rabbitmq"


def test_workers_start_with_table_creation_off():
    settings = config.load({"CREATE_TABLE": "no"})
    assert settings.eventsourcing_env()["CREATE_TABLE"] == "n"


@pytest.mark.parametrize("env, message", [
    ({"PERSISTENCE_MODULE": "mongodb"}, "use sqlite, postgres or memory"),
    ({"INVOICING_WORKER_THREADS": "many"}, "INVOICING_WORKER_THREADS='many' is not a whole number"),
])
def test_impossible_values_are_refused_naming_the_variable(env, message):
    with pytest.raises(config.ConfigurationError, match=message):
        config.load(env)


def test_the_approval_policy_is_a_file_named_by_the_environment_and_escalation_runs_every_15_minutes_by_default():
    assert config.load({}).policy_file is None and config.load({}).escalation_every == 900
    settings = config.load({"INVOICING_POLICY_FILE": "/etc/invoicing/policy.toml", "INVOICING_ESCALATION_EVERY": "60"})
    assert settings.policy_file == Path("/etc/invoicing/policy.toml") and settings.escalation_every == 60
