"""How a person wants to be told of work (at once, a daily digest, or not by mail), and the digests sent.

One stream per person (`preferences_id(login)`). Without a recorded choice a person is told at once
(`DEFAULT`). A digest is sent once per person and day (`DigestSent` names the day and the Message-ID).
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from invoicing.lifecycle.case import Change
from invoicing.lifecycle.errors import NotAllowedNow
from invoicing.staff.absences import ABSENCES_ID

MODES = ("immediate", "digest", "off")
DEFAULT = "immediate"


def preferences_id(login: str) -> UUID:
    """The stream id of a person's preferences."""
    return uuid5(ABSENCES_ID, f"preferences|{login.strip().casefold()}")


class PersonPreferences(Aggregate):
    """One person's notification choice and the digests they were sent."""

    class Started(Aggregate.Created):
        """The person's preferences were first recorded."""

        login: str
        by: str

    class NotificationsChosen(Aggregate.Event):
        """How `login` wants to be told from now on: "immediate", "digest" (daily) or "off" (inbox only)."""

        mode: str
        by: str

        def apply(self, preferences: PersonPreferences) -> None:
            preferences.mode = self.mode

    class DigestSent(Aggregate.Event):
        """The daily digest of `day` (ISO date) went out (Message-ID `message_id`), naming `count` waiting steps."""

        day: str
        message_id: str
        count: int
        by: str

        def apply(self, preferences: PersonPreferences) -> None:
            preferences.digests.add(date.fromisoformat(self.day))

    def __init__(self, login: str, by: str):
        self.login = login
        self.mode = DEFAULT
        self.digests: set[date] = set()


def choose(preferences: PersonPreferences | None, *, mode: str, by: str, at: datetime) -> list[Change]:
    """Record a new choice (nothing when it is the current one)."""
    if mode not in MODES:
        raise NotAllowedNow(f"Unknown notification choice {mode!r}.", f"Choose one of {', '.join(MODES)}.",
                            de=f"Unbekannte Wahl „{mode}“; möglich sind sofort, täglich oder keine E-Mail.")
    if (preferences.mode if preferences is not None else DEFAULT) == mode and preferences is not None:
        return []
    return [Change(PersonPreferences.NotificationsChosen, {"mode": mode, "by": by, "timestamp": at})]


def digest_sent(preferences: PersonPreferences | None, *, day: date, message_id: str, count: int, by: str,
                at: datetime) -> list[Change]:
    """Record that the digest of `day` went out (once)."""
    if preferences is not None and day in preferences.digests:
        return []
    return [Change(PersonPreferences.DigestSent, {"day": day.isoformat(), "message_id": message_id, "count": count, "by": by,
                                                  "timestamp": at})]
