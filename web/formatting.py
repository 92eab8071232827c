"""Amounts, dates and times as people read them, in German or English (Jinja filters)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal


def money(value, currency: str | None = None, lang: str = "de") -> str:
    if value is None or value == "":
        return "–"
    amount = Decimal(str(value))
    english = f"{amount:,.2f}"
    if lang == "en":
        return f"{currency or ''} {english}".strip()
    german = english.replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{german} {currency or ''}".strip()


def number(value, lang: str = "de") -> str:
    if value is None:
        return "–"
    text = format(Decimal(str(value)).normalize(), "f")
    return text.replace(".", ",") if lang == "de" else text


def day(value, lang: str = "de") -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return value.isoformat() if lang == "en" else f"{value:%d.%m.%Y}"


def moment(value, lang: str = "de") -> str:
    """A time in UTC with seconds (the record's precision for people; the API gives microseconds)."""
    if value is None:
        return "–"
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    value = value.astimezone(timezone.utc)
    return f"{value:%Y-%m-%d %H:%M:%S} UTC" if lang == "en" else f"{value:%d.%m.%Y, %H:%M:%S} UTC"


def size(value: int, lang: str = "de") -> str:
    mib = value / (1024 * 1024)
    text = f"{mib:.0f} MiB" if mib >= 1 else f"{value / 1024:.0f} KiB"
    return text


FILTERS = {"money": money, "number": number, "day": day, "moment": moment, "size": size}


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
        return f"{value:.1f}".replace(".", ",") if lang == "de" else f"{value:.1f}"
    return str(value)
