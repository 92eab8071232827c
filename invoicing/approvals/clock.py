"""The city's calendar: which day a moment falls on in Eichenbrück (Europe/Berlin).

Deputy periods, deadlines and step ages are counted in calendar days of the city. An aware
datetime is converted to Europe/Berlin; a naive one is taken as city time already.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo

try:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    CITY_TIMEZONE: tzinfo = ZoneInfo("Europe/Berlin")
except (ImportError, ZoneInfoNotFoundError):  # no tz database on the machine: CET without summer time
    CITY_TIMEZONE = timezone(timedelta(hours=1), "CET")


def city_day(at: datetime) -> date:
    """The day `at` falls on in the city."""
    return (at.astimezone(CITY_TIMEZONE) if at.tzinfo else at).date()


def city_today(now: datetime | None = None) -> date:
    """The city's day at `now` (default: this moment); after 23:00 UTC in winter that is the next day."""
    return city_day(now or datetime.now(timezone.utc))
