"""Dates, times, numbers and money for the reader's language and the event's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal

from matchmaker import formatting as f


def test_an_instant_is_shown_in_the_event_zone():
    checked_in = datetime(2026, 12, 3, 19, 7, tzinfo=UTC)
    assert f.time_local(checked_in, "America/Monterrey", locale="es") == "13:07"
    assert f.time_local(checked_in, "America/Tijuana", locale="en") == "11:07"
    assert f.datetime_local(checked_in, "America/Monterrey", locale="es") == "3 dic 2026 13:07"
    assert f.datetime_local(checked_in, "America/Monterrey", locale="en") == "Dec 3, 2026 13:07"


def test_wall_clock_slot_times_are_shown_as_they_are():
    slot = datetime(2026, 6, 10, 9, 20)
    assert f.time_local(slot, "Europe/Madrid", locale="es") == "09:20"
    assert f.time_local(time(9, 20), locale="en") == "09:20"


def test_dates_and_weekdays_in_each_language():
    day = date(2026, 6, 10)
    assert f.date_local(day, locale="es") == "10 jun 2026"
    assert f.date_local(day, locale="en") == "Jun 10, 2026"
    assert f.weekday_local(day, locale="es") == "miércoles 10 de junio"
    assert f.weekday_local(day, locale="en") == "Wednesday, June 10"


def test_money_and_numbers_with_mexican_marks():
    assert f.money(Decimal("1850000"), "MXN", locale="es") == "1,850,000.00 MXN"
    assert f.money(1234.5, "USD", locale="en") == "1,234.50 USD"
    assert f.number(1234567, locale="es") == "1,234,567"
    assert f.percent(0.456, locale="es") == "45.6%"
    assert f.money(None) == "" and f.date_local(None) == ""


def test_zone_is_named():
    assert "Monterrey" in f.zone_name("America/Monterrey", locale="es")
    assert "Monterrey" in f.zone_name("America/Monterrey", locale="en")
