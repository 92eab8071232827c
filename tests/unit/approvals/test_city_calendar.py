"""Days are the city's days (Europe/Berlin), whatever zone the machine runs in."""

from datetime import date, datetime, timezone

from invoicing.approvals.clock import city_day, city_today


def test_a_late_evening_in_utc_is_already_the_next_day_in_the_city():
    winter, summer = datetime(2026, 12, 6, 23, 30, tzinfo=timezone.utc), datetime(2026, 7, 6, 22, 30, tzinfo=timezone.utc)
    assert city_today(winter) == city_day(winter) == date(2026, 12, 7)
    assert city_today(summer) == date(2026, 7, 7)
    assert city_today(datetime(2026, 12, 6, 22, 59, tzinfo=timezone.utc)) == date(2026, 12, 6)
    assert city_day(datetime(2026, 12, 6, 23, 30)) == date(2026, 12, 6)  # naive: already city time
