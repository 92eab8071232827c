"""The audit view of a case: its events as a timeline, its state after any event or at any time, and
the validation report exactly as it was recorded then (`ValidationReport.from_dict` of the stored dict).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from uuid import UUID

from validators.report import ValidationReport

_HIDDEN = {"originator_id", "originator_version", "timestamp", "by", "report", "originator_topic"}


@dataclass(frozen=True)
class Entry:
    """One event: its number in the stream, when, who, what, and its recorded attributes."""

    version: int
    at: datetime
    by: str
    name: str
    details: dict[str, Any]

    def as_dict(self) -> dict:
        return {"version": self.version, "at": self.at.isoformat(), "by": self.by, "event": self.name,
                "details": {key: _plain(value) for key, value in self.details.items()}}


def timeline(events: list) -> list[Entry]:
    """Every event of the case, oldest first (the full report stays in the report view)."""
    return [Entry(event.originator_version, event.timestamp, getattr(event, "by", ""), type(event).__name__,
                  {key: value for key, value in vars(event).items()
                   if key not in _HIDDEN and value not in (None, "", [], {})})
            for event in events]


def brief(value, lang: str = "de", limit: int = 240) -> str:
    """A recorded value in a few words for the timeline (a route by its explanation; long values cut)."""
    if isinstance(value, dict):
        if isinstance(value.get("explanation"), dict):
            return str(value["explanation"].get(lang) or value["explanation"].get("de"))
        if set(value) >= {"de", "en"}:
            return str(value[lang])
        text = ", ".join(f"{key}={brief(item, lang, 60)}" for key, item in value.items()
                         if item not in (None, "", [], {}) and not isinstance(item, (dict, list)))
    elif isinstance(value, (list, tuple)):
        text = ", ".join(brief(item, lang, 80) for item in value)
    else:
        text = str(_plain(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def version_at(events: list, at: datetime) -> int | None:
    """The version the case had at `at` (the last event at or before it), None before the first."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    versions = [event.originator_version for event in events if event.timestamp <= at]
    return versions[-1] if versions else None


def report_at(events: list, version: int | None = None) -> ValidationReport | None:
    """The validation report as recorded up to `version` (default: the latest), or None."""
    recorded = [event for event in events if type(event).__name__ == "InvoiceValidated"
                and (version is None or event.originator_version <= version)]
    return ValidationReport.from_dict(recorded[-1].report) if recorded else None


def engine_at(events: list, version: int | None = None) -> str | None:
    """Which engine produced the report recorded up to `version` (default: the latest), or None."""
    recorded = [event for event in events if type(event).__name__ == "InvoiceValidated"
                and (version is None or event.originator_version <= version)]
    return recorded[-1].engine if recorded else None


def report_dict_at(events: list, version: int | None = None) -> dict | None:
    recorded = [event for event in events if type(event).__name__ == "InvoiceValidated"
                and (version is None or event.originator_version <= version)]
    return recorded[-1].report if recorded else None


def state(case) -> list[tuple[str, Any]]:
    """The case's state as (name, value) pairs for a table."""
    recognition = case.recognition or {}
    rows = [("status", case.status), ("version", case.version), ("received_at", case.received_at.isoformat()),
            ("content_hash", case.content_hash), ("number", recognition.get("number")),
            ("seller_name", recognition.get("seller_name")), ("amount_due", recognition.get("amount_due")),
            ("inbox", case.inbox), ("steps", ", ".join(case.steps) or None),
            ("decisions", "; ".join(f"{d.step}: {d.outcome} – {d.by} ({d.at:%Y-%m-%d %H:%M:%S})"
                                    for d in case.decisions) or None),
            ("rejection", (case.rejection or {}).get("reason")), ("returned", (case.returned or {}).get("reason")),
            ("duplicate_of", ", ".join(str(item) for item in case.duplicate_of) or None),
            ("exports", ", ".join(f"{item['target']} {item['batch']}" for item in case.exports) or None)]
    return [(name, value) for name, value in rows if value not in (None, "")]


def _plain(value):
    if isinstance(value, (datetime,)):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)
