"""Dates, times, numbers and money for people: in the reader's language and in the event's or
the cluster's time zone. Templates use the filters (`|date_local`, `|datetime_local(tz)`,
`|time_local(tz)`, `|money(currency)`, `|number`, `|zone_name`); e-mails and exports call the
functions with the recipient's locale.

Stored instants (created_at, checked_in_at, ...) are timezone-aware UTC and are converted to the
zone given (else the cluster's, BABEL_DEFAULT_TIMEZONE). Slot times are naive wall-clock times of
the event's own zone and are shown as they are."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from flask import Flask, current_app, has_app_context
from flask_babel import get_locale

# Formats follow Mexico's conventions for Spanish (1,850,000.00; 10 jun 2026) and the US's for
# English: the cluster's readers are in Mexico, and "es" alone would format as in Spain.
REGION = {"es": "es_MX", "en": "en_US"}


def _locale(locale: str | None) -> str:
    if not locale:
        found = get_locale() if has_app_context() else None
        locale = str(found or "es")
    return REGION.get(locale, locale)


def cluster_zone() -> str:
    """The cluster's own time zone (for times not tied to an event)."""
    if has_app_context():
        return str(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "America/Monterrey")
    return "America/Monterrey"


def _in_zone(value: datetime, tz: str | None) -> datetime:
    if value.tzinfo is None:  # a wall-clock time of the event: shown as it is
        return value
    return value.astimezone(ZoneInfo(tz or cluster_zone()))


def date_local(
    value: date | datetime | None,
    format: str = "medium",
    tz: str | None = None,
    locale: str | None = None,
) -> str:
    """A date as the reader writes it: "3 dic 2026" / "Dec 3, 2026"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _in_zone(value, tz).date()
    return babel_dates.format_date(value, format=format, locale=_locale(locale))


def datetime_local(
    value: datetime | None, tz: str | None = None, format: str = "medium", locale: str | None = None
) -> str:
    """A date and time in the zone given (else the cluster's), without seconds."""
    if value is None:
        return ""
    local = _in_zone(value, tz)
    loc = _locale(locale)
    day = babel_dates.format_date(local.date(), format=format, locale=loc)
    return f"{day} {babel_dates.format_time(local.time(), 'HH:mm', locale=loc)}"


def time_local(
    value: datetime | time | None, tz: str | None = None, locale: str | None = None
) -> str:
    """A time of day, 24-hour, in the zone given (else the cluster's)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _in_zone(value, tz).time()
    return babel_dates.format_time(value, "HH:mm", locale=_locale(locale))


def weekday_local(value: date | datetime, locale: str | None = None) -> str:
    """The day of the week and the date: "miércoles 10 de junio" / "Wednesday, June 10"."""
    if isinstance(value, datetime):
        value = value.date()
    loc = _locale(locale)
    pattern = "EEEE d 'de' MMMM" if loc.startswith("es") else "EEEE, MMMM d"
    return babel_dates.format_date(value, pattern, locale=loc)


def zone_name(tz: str | None = None, locale: str | None = None) -> str:
    """The zone as people say it: "hora de México (Monterrey)" / "Mexico (Monterrey) Time"."""
    return babel_dates.get_timezone_location(ZoneInfo(tz or cluster_zone()), locale=_locale(locale))


def money(
    amount: Decimal | float | int | None, currency: str = "MXN", locale: str | None = None
) -> str:
    """An amount and its currency code, never ambiguous between pesos and dollars:
    "1,850,000.00 MXN"."""
    if amount is None:
        return ""
    return f"{number(amount, locale, decimals=2)} {currency}"


def number(value: Any, locale: str | None = None, decimals: int | None = None) -> str:
    """A number with the reader's grouping and decimal marks."""
    if value is None:
        return ""
    if decimals is not None:
        fmt = "#,##0" + ("." + "0" * decimals if decimals else "")
        return babel_numbers.format_decimal(
            value, format=fmt, locale=_locale(locale), decimal_quantization=True
        )
    return babel_numbers.format_decimal(value, locale=_locale(locale))


def percent(value: float | None, locale: str | None = None) -> str:
    """A share (0..1) as a percentage."""
    if value is None:
        return ""
    return babel_numbers.format_percent(value, format="#,##0.#%", locale=_locale(locale))


def register(app: Flask) -> None:
    """Make the formatters template filters."""
    for fn in (
        date_local,
        datetime_local,
        time_local,
        weekday_local,
        zone_name,
        money,
        number,
        percent,
    ):
        app.add_template_filter(fn)
