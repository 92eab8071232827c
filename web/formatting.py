"""Amounts, numbers, dates and times as people read them, in German or English (Jinja filters), by Babel.

Numbers keep the precision the invoice has: a unit price of 0.0994 is shown as "0,0994", never
rounded to two decimals (amounts get at least two). Times are shown in the city's time zone
(Europe/Berlin, with MEZ/MESZ or CET/CEST); the API gives them in UTC with microseconds.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation

from babel.dates import format_datetime
from babel.numbers import format_decimal

from invoicing.approvals.clock import CITY_TIMEZONE

LOCALES = {"de": "de_DE", "en": "en_GB"}
_MONEY = "#,##0.00"
_NUMBER = "#,##0.###"
_MOMENT = {"de": "dd.MM.yyyy, HH:mm:ss z", "en": "yyyy-MM-dd HH:mm:ss z"}


def _locale(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["de"])


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def money(value, currency: str | None = None, lang: str = "de") -> str:
    """An amount with at least two decimals and every further digit it has, and its currency code."""
    amount = _decimal(value)
    if amount is None:
        return "–"
    text = format_decimal(amount, format=_MONEY, locale=_locale(lang), decimal_quantization=False)
    if lang == "en":
        return f"{currency or ''} {text}".strip()
    return f"{text} {currency or ''}".strip()


def number(value, lang: str = "de") -> str:
    """A quantity, rate or percentage with exactly the digits it has (no trailing zeros)."""
    amount = _decimal(value)
    if amount is None:
        return "–"
    return format_decimal(amount, format=_NUMBER, locale=_locale(lang), decimal_quantization=False)


def day(value, lang: str = "de") -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, datetime):
        value = value.astimezone(CITY_TIMEZONE).date() if value.tzinfo else value.date()
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return value.isoformat() if lang == "en" else f"{value:%d.%m.%Y}"


def city_time(value) -> datetime | None:
    """A recorded moment (UTC) as the city's local time."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(CITY_TIMEZONE)


def moment(value, lang: str = "de") -> str:
    """A time in the city's zone with seconds and the zone's name (the record's precision for people)."""
    local = city_time(value)
    if local is None:
        return "–"
    return format_datetime(local, _MOMENT.get(lang, _MOMENT["de"]), tzinfo=CITY_TIMEZONE, locale=_locale(lang))


def size(value: int, lang: str = "de") -> str:
    """A file size in KiB or MiB (decimal comma in German)."""
    mib = value / (1024 * 1024)
    amount, unit = (Decimal(round(mib)), "MiB") if mib >= 1 else (Decimal(round(value / 1024, 1)), "KiB")
    return f"{number(amount, lang)} {unit}"


def percent(value, lang: str = "de") -> str:
    """A share (0.25) as a percentage ("25 %" / "25%")."""
    share = _decimal(value)
    if share is None:
        return "–"
    shown = number((share * 100).quantize(Decimal("0.1")).normalize(), lang)
    return f"{shown} %" if lang == "de" else f"{shown}%"


FILTERS = {"money": money, "number": number, "day": day, "moment": moment, "size": size, "percent": percent}


def cell(value, lang: str = "de") -> str:
    """Any value of a view's row, formatted for a table cell."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return ("ja" if value else "nein") if lang == "de" else ("yes" if value else "no")
    if isinstance(value, Decimal):
        return number(value, lang) if value == value.to_integral_value() else money(value, None, lang)
    if isinstance(value, datetime):
        return moment(value, lang)
    if isinstance(value, date):
        return day(value, lang)
    if isinstance(value, float):
        return format_decimal(round(value, 1), format="#,##0.0", locale=_locale(lang))
    return str(value)
