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


@pytest.mark.parametrize("env, message", [
    ({"CREATE_TABLE": "maybe"}, "CREATE_TABLE='maybe': use yes or no."),
    ({"INVOICING_SESSION_HOURS": "-8"}, "INVOICING_SESSION_HOURS='-8' must not be negative."),
    ({"INVOICING_SMTP_SECURITY": "TLS"}, "INVOICING_SMTP_SECURITY='tls': use starttls, ssl or none."),
])
def test_a_bad_value_is_refused_with_the_variable_its_value_and_what_it_may_be(env, message):
    with pytest.raises(config.ConfigurationError) as refused:
        config.load(env)
    assert str(refused.value) == message


def test_every_bad_value_is_named_at_once():
    with pytest.raises(config.ConfigurationError) as refused:
        config.load({"INVOICING_WEB_PORT": "http", "LOG_LEVEL": "loud", "POSTGRES_HOST": "db"})
    assert "INVOICING_WEB_PORT='http' is not a whole number." in str(refused.value)
    assert "LOG_LEVEL='loud': use one of DEBUG, INFO, WARNING, ERROR, CRITICAL." in str(refused.value)


def test_yes_and_no_take_the_usual_words_and_a_blank_value_is_the_default():
    assert [config.load({"CREATE_TABLE": word}).create_tables for word in ("Yes", " on ", "1", "n", "OFF", "false")] \
        == [True, True, True, False, False, False]
    assert config.load({"INVOICING_COOKIE_SECURE": " ", "INVOICING_WORKER_THREADS": "  "}).cookie_secure is True
    assert config.load({"INVOICING_WORKER_THREADS": "  "}).worker_threads == 4


def test_the_process_environment_is_read_and_an_empty_variable_counts_as_unset(monkeypatch):
    for name in [name for name in __import__("os").environ if name.startswith(("INVOICING_", "POSTGRES_", "LOG_"))]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("INVOICING_DATA_DIR", "/srv/invoicing")
    monkeypatch.setenv("INVOICING_WORKER_THREADS", "")
    monkeypatch.setenv("invoicing_web_port", "9000")  # names are case-sensitive: this one is not ours
    settings = config.load()
    assert (settings.data_dir, settings.worker_threads, settings.web_port) == (Path("/srv/invoicing"), 4, 8000)
    monkeypatch.setenv("INVOICING_WEB_PORT", "eighty")
    with pytest.raises(config.ConfigurationError, match="^INVOICING_WEB_PORT='eighty' is not a whole number.$"):
        config.load()
