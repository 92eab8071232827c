"""Logging: one line per record, JSON or text, at LOG_LEVEL, carrying the request and case ids in context."""

from __future__ import annotations

import io
import json
import logging
from contextvars import ContextVar

import pytest

from invoicing import config, logs

REQUEST: ContextVar[str | None] = ContextVar("test_request", default=None)
logs.add_context("request_id", REQUEST.get)  # as the web edge does with its request ids


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def restore_logging():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_a_json_line_has_time_level_logger_process_message_and_the_case_in_hand(restore_logging):
    out = io.StringIO()
    logs.configure("INFO", "json", out)
    token = logs.case_id.set("9f0c4e52-0000-4000-8000-000000000001")
    try:
        logging.getLogger("workers.steps").info("validated %s", "Rechnung-17 ✓")
    finally:
        logs.case_id.reset(token)
    logging.getLogger("workers.steps").info("between messages")
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert first["message"] == "validated Rechnung-17 ✓" and first["level"] == "INFO"
    assert first["logger"] == "workers.steps" and isinstance(first["process"], int)
    assert first["time"].endswith("Z") and first["case_id"] == "9f0c4e52-0000-4000-8000-000000000001"
    assert "case_id" not in second and "request_id" not in second


def test_a_traceback_stays_inside_its_json_line(restore_logging):
    out = io.StringIO()
    logs.configure("INFO", "json", out)
    try:
        raise ValueError("bad id")
    except ValueError:
        logging.getLogger("x").exception("failed")
    (line,) = out.getvalue().splitlines()
    assert "ValueError: bad id" in json.loads(line)["exc_info"]


def test_the_text_format_is_readable_and_names_the_ids_on_the_first_line(restore_logging):
    out = io.StringIO()
    logs.configure("INFO", "text", out)
    tokens = REQUEST.set("req-1"), logs.case_id.set("case-7")
    try:
        logging.getLogger("web").warning("slow answer")
    finally:
        REQUEST.reset(tokens[0])
        logs.case_id.reset(tokens[1])
    assert out.getvalue().rstrip().endswith("WARNING web: slow answer [request_id=req-1 case_id=case-7]")


def test_records_below_the_level_are_left_out(restore_logging):
    out = io.StringIO()
    logs.configure("WARNING", "json", out)
    logging.getLogger("x").info("chatter")
    logging.getLogger("x").error("trouble")
    assert [json.loads(line)["message"] for line in out.getvalue().splitlines()] == ["trouble"]


def test_without_a_format_a_terminal_gets_text_and_anything_else_json(restore_logging):
    terminal, pipe = Terminal(), io.StringIO()
    logs.configure("INFO", "auto", terminal)
    logging.getLogger("x").info("hello")
    logs.configure("INFO", "auto", pipe)
    logging.getLogger("x").info("hello")
    assert terminal.getvalue().rstrip().endswith("INFO x: hello")
    assert json.loads(pipe.getvalue())["message"] == "hello"


def test_log_level_and_format_come_from_the_environment():
    settings = config.load({"LOG_LEVEL": "warn", "LOG_FORMAT": "JSON"})
    assert (settings.log_level, settings.log_format) == ("WARNING", "json")
    assert (config.load({}).log_level, config.load({}).log_format) == ("INFO", "auto")


@pytest.mark.parametrize("env, message", [
    ({"LOG_LEVEL": "loud"}, "LOG_LEVEL='loud': use one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
    ({"LOG_FORMAT": "xml"}, "LOG_FORMAT='xml': use json or text"),
    ({"INVOICING_METRICS_PORT": "70000"}, "INVOICING_METRICS_PORT=70000 is not a port number"),
])
def test_impossible_logging_and_metrics_settings_are_refused_naming_the_variable(env, message):
    with pytest.raises(config.ConfigurationError, match=message):
        config.load(env)
