"""Agenda helpers: grouping by day and SEQUENCE bookkeeping."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from events.agenda import AgendaDay, AgendaItem, group_by_day, sequence_after_change


def item(start: datetime, table: str = "T1", name: str = "Ana") -> AgendaItem:
    return AgendaItem(
        slot_start=start,
        slot_end=start + timedelta(minutes=30),
        table=table,
        counterpart_name=name,
        counterpart_company="Autopartes del Norte",
        counterpart_contact="ana@example.com",
    )


def test_group_by_day_orders_days_and_meetings() -> None:
    late = item(datetime(2026, 3, 10, 11))
    early = item(datetime(2026, 3, 10, 9))
    first_day = item(datetime(2026, 3, 9, 16))
    same_time_t2 = item(datetime(2026, 3, 10, 9), table="T2")
    days = group_by_day([late, same_time_t2, first_day, early])
    assert days == (
        AgendaDay(date(2026, 3, 9), (first_day,)),
        AgendaDay(date(2026, 3, 10), (early, same_time_t2, late)),
    )


def test_group_by_day_of_nothing_is_empty() -> None:
    assert group_by_day([]) == ()


@given(st.lists(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1))))
def test_group_by_day_keeps_every_item_once_on_its_own_day(starts: list[datetime]) -> None:
    items = [item(s) for s in starts]
    days = group_by_day(items)
    assert sorted(i.slot_start for d in days for i in d.meetings) == sorted(starts)
    assert [d.day for d in days] == sorted({s.date() for s in starts})
    assert all(i.slot_start.date() == d.day for d in days for i in d.meetings)


def test_agenda_item_validates() -> None:
    with pytest.raises(ValueError):
        AgendaItem(datetime(2026, 1, 1, 10), datetime(2026, 1, 1, 10), "T1", "A", "B")
    with pytest.raises(ValueError):
        AgendaItem(
            datetime(2026, 1, 1, 10),
            datetime(2026, 1, 1, 11),
            "T1",
            "A",
            "B",
            status="MAYBE",  # type: ignore[arg-type]
        )


SLOT = datetime(2026, 3, 9, 10)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (None, (SLOT, "T1"), 3),  # first placement: nothing published to supersede
        ((SLOT, "T1"), (SLOT, "T1"), 3),  # unchanged
        ((SLOT, "T1"), (SLOT + timedelta(minutes=30), "T1"), 4),  # moved in time
        ((SLOT, "T1"), (SLOT, "T7"), 4),  # moved to another table
        ((SLOT, "T1"), (SLOT + timedelta(days=1), "T7"), 4),  # both: still one step
    ],
)
def test_sequence_after_change(
    old: tuple[datetime, str] | None, new: tuple[datetime, str], expected: int
) -> None:
    assert sequence_after_change(old, new, 3) == expected


def test_sequence_after_change_works_with_slot_ids_too() -> None:
    assert sequence_after_change(("s1", 4), ("s2", 4), 0) == 1
    with pytest.raises(ValueError):
        sequence_after_change(None, ("s1", 4), -1)
