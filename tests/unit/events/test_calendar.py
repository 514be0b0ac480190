"""iCalendar export, checked with an independent parser (vobject + dateutil)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import vobject  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

from events.agenda import sequence_after_change
from events.calendar import (
    CalendarInfo,
    CalendarMeeting,
    agenda_calendar,
    clean_text,
    uid_for,
    uid_key_for,
)

NOW = datetime(2026, 2, 1, 12, 0, 0, tzinfo=UTC)


def meeting(
    start: datetime,
    *,
    key: str = "event/7/request/42",
    minutes: int = 30,
    summary: str = "Meeting with Acme",
    location: str = "Table 4",
    description: str = "",
    sequence: int = 0,
    status: str = "CONFIRMED",
) -> CalendarMeeting:
    return CalendarMeeting(
        uid_key=key,
        start=start,
        end=start + timedelta(minutes=minutes),
        summary=summary,
        location=location,
        description=description,
        sequence=sequence,
        status=status,  # type: ignore[arg-type]
    )


def export(zone: str, *meetings: CalendarMeeting, name: str = "Expo Proveedores 2026") -> bytes:
    return agenda_calendar(CalendarInfo(event_name=name, timezone=zone), meetings, now=NOW)


def check_wire_format(data: bytes) -> None:
    """RFC 5545 §3.1: CRLF line breaks, lines at most 75 octets, valid UTF-8."""
    data.decode("utf-8")
    assert data.endswith(b"\r\n")
    lines = data[:-2].split(b"\r\n")
    for line in lines:
        assert b"\r" not in line and b"\n" not in line
        assert len(line) <= 75, line
        assert not any(b < 0x20 and b != 0x09 or b == 0x7F for b in line), line


def parse(data: bytes) -> Any:
    check_wire_format(data)
    # vobject keeps the first VTIMEZONE it ever saw per TZID in a process-wide registry; forget
    # it so each file is read with its own VTIMEZONE, as a calendar app would.
    registry = vars(vobject.icalendar)["__tzidMap"]
    registry.clear()
    vobject.icalendar.registerTzid("UTC", vobject.icalendar.utc)
    return vobject.readOne(data.decode("utf-8"))


def events_of(data: bytes) -> list[Any]:
    return list(parse(data).contents.get("vevent", []))


def text(vevent: Any, name: str) -> str:
    prop = vevent.contents.get(name)
    return "" if prop is None else str(prop[0].value)


def unfolded(data: bytes) -> str:
    return data.decode("utf-8").replace("\r\n ", "")


# --- calendar properties -------------------------------------------------------------


def test_calendar_carries_the_required_properties() -> None:
    cal = parse(export("America/Monterrey", meeting(datetime(2026, 6, 10, 10))))
    assert cal.version.value == "2.0"
    assert cal.prodid.value == "-//matchmaker//agenda//EN"
    assert cal.calscale.value == "GREGORIAN"
    assert cal.method.value == "PUBLISH"
    assert cal.contents["x-wr-calname"][0].value == "Expo Proveedores 2026"
    assert cal.contents["x-wr-timezone"][0].value == "America/Monterrey"
    assert len(cal.contents["vtimezone"]) == 1
    assert cal.vtimezone.tzid.value == "America/Monterrey"


def test_event_properties_and_utc_dtstamp() -> None:
    data = export(
        "America/Monterrey",
        meeting(datetime(2026, 6, 10, 10), summary="S", location="L", description="D", sequence=3),
    )
    (ev,) = events_of(data)
    assert ev.uid.value == "event/7/request/42@matchmaker.local"
    assert ev.dtstamp.value == NOW
    assert "DTSTAMP:20260201T120000Z" in unfolded(data)
    assert "DTSTART;TZID=America/Monterrey:20260610T100000" in unfolded(data)
    assert "DTEND;TZID=America/Monterrey:20260610T103000" in unfolded(data)
    assert int(ev.sequence.value) == 3
    assert ev.status.value == "CONFIRMED"
    assert (text(ev, "summary"), text(ev, "location"), text(ev, "description")) == ("S", "L", "D")


def test_empty_agenda_is_a_valid_calendar() -> None:
    cal = parse(export("America/Monterrey"))
    assert "vevent" not in cal.contents
    assert cal.method.value == "PUBLISH"


def test_duplicate_uids_and_naive_now_are_rejected() -> None:
    twice = [meeting(datetime(2026, 6, 1, 10)), meeting(datetime(2026, 6, 1, 11))]
    with pytest.raises(ValueError, match="uid_key"):
        agenda_calendar(CalendarInfo("E"), twice, now=NOW)
    with pytest.raises(ValueError, match="aware"):
        agenda_calendar(CalendarInfo("E"), [], now=datetime(2026, 1, 1))


def test_only_publish_is_supported() -> None:
    with pytest.raises(ValueError):
        agenda_calendar(CalendarInfo("E"), [], method="REQUEST")  # type: ignore[arg-type]


# --- time zones ----------------------------------------------------------------------


def utc_starts(data: bytes) -> list[datetime]:
    starts = []
    for ev in events_of(data):
        value = ev.dtstart.value
        # The offset must come from the file's VTIMEZONE, not from a zone database lookup.
        assert not isinstance(value.tzinfo, ZoneInfo)
        starts.append(value.astimezone(UTC))
    return starts


def test_monterrey_has_no_dst_any_more_so_summer_is_utc_minus_6() -> None:
    data = export(
        "America/Monterrey",
        meeting(datetime(2026, 1, 20, 10), key="a"),
        meeting(datetime(2026, 7, 15, 10), key="b"),
        meeting(datetime(2026, 11, 5, 10), key="c"),
    )
    assert utc_starts(data) == [
        datetime(2026, 1, 20, 16, tzinfo=UTC),
        datetime(2026, 7, 15, 16, tzinfo=UTC),
        datetime(2026, 11, 5, 16, tzinfo=UTC),
    ]
    vtimezone = unfolded(data).split("BEGIN:VTIMEZONE")[1].split("END:VTIMEZONE")[0]
    assert "BEGIN:STANDARD" in vtimezone
    assert "BEGIN:DAYLIGHT" not in vtimezone
    assert "TZOFFSETTO:-0600" in vtimezone


def test_monterrey_2022_still_had_dst() -> None:
    # Mexico abolished DST after the change back on 30 October 2022.
    data = export(
        "America/Monterrey",
        meeting(datetime(2022, 4, 1, 10), key="a"),
        meeting(datetime(2022, 4, 4, 10), key="b"),
    )
    assert utc_starts(data) == [
        datetime(2022, 4, 1, 16, tzinfo=UTC),
        datetime(2022, 4, 4, 15, tzinfo=UTC),
    ]
    assert "BEGIN:DAYLIGHT" in unfolded(data)


@pytest.mark.parametrize(
    ("zone", "local_and_utc"),
    [
        (
            "America/Chicago",  # DST from 2026-03-08 to 2026-11-01
            [
                (datetime(2026, 3, 6, 10), datetime(2026, 3, 6, 16)),
                (datetime(2026, 3, 9, 10), datetime(2026, 3, 9, 15)),
                (datetime(2026, 10, 30, 9), datetime(2026, 10, 30, 14)),
                (datetime(2026, 11, 2, 9), datetime(2026, 11, 2, 15)),
            ],
        ),
        (
            "Europe/Madrid",  # DST from 2026-03-29 to 2026-10-25
            [
                (datetime(2026, 3, 27, 10), datetime(2026, 3, 27, 9)),
                (datetime(2026, 3, 30, 10), datetime(2026, 3, 30, 8)),
                (datetime(2026, 10, 23, 17, 30), datetime(2026, 10, 23, 15, 30)),
                (datetime(2026, 10, 26, 17, 30), datetime(2026, 10, 26, 16, 30)),
            ],
        ),
    ],
)
def test_dst_zone_meetings_on_both_sides_of_the_change(
    zone: str, local_and_utc: list[tuple[datetime, datetime]]
) -> None:
    meetings = [meeting(local, key=f"m{i}") for i, (local, _) in enumerate(local_and_utc)]
    data = export(zone, *meetings)
    assert utc_starts(data) == [u.replace(tzinfo=UTC) for _, u in local_and_utc]
    assert unfolded(data).count(f"DTSTART;TZID={zone}:") == len(meetings)
    vtimezone = unfolded(data).split("BEGIN:VTIMEZONE")[1].split("END:VTIMEZONE")[0]
    assert "BEGIN:STANDARD" in vtimezone and "BEGIN:DAYLIGHT" in vtimezone
    for ev, (local, _) in zip(events_of(data), local_and_utc, strict=True):
        assert ev.dtstart.value.replace(tzinfo=None) == local
        assert ev.dtend.value - ev.dtstart.value == timedelta(minutes=30)


def test_vtimezone_onsets_are_wall_times_before_the_change() -> None:
    # RFC 5545 3.6.5: DTSTART of an observance is read in its TZOFFSETFROM.
    data = export("America/Chicago", meeting(datetime(2026, 6, 1, 10)))
    vtimezone = unfolded(data).split("BEGIN:VTIMEZONE")[1].split("END:VTIMEZONE")[0]
    daylight = vtimezone.split("BEGIN:DAYLIGHT")[1].split("END:DAYLIGHT")[0]
    assert "DTSTART:20260308T020000" in daylight and "TZOFFSETTO:-0500" in daylight
    standard = vtimezone.split("BEGIN:STANDARD")[2].split("END:STANDARD")[0]
    assert "DTSTART:20261101T020000" in standard and "TZOFFSETFROM:-0500" in standard


@pytest.mark.parametrize(
    ("zone", "year"),
    [("America/Chicago", 2026), ("Europe/Madrid", 2027), ("America/Monterrey", 2022)],
)
def test_embedded_vtimezone_agrees_with_the_zone_database_all_year(zone: str, year: int) -> None:
    data = export(zone, meeting(datetime(year, 6, 1, 10)))
    (ev,) = events_of(data)
    parsed_tz = ev.dtstart.value.tzinfo
    db_tz = ZoneInfo(zone)
    local = datetime(year, 1, 1)
    while local.year == year:
        db = local.replace(tzinfo=db_tz)
        exists = db.astimezone(UTC).astimezone(db_tz).replace(tzinfo=None) == local
        unambiguous = db.utcoffset() == db.replace(fold=1).utcoffset()
        if exists and unambiguous:
            assert local.replace(tzinfo=parsed_tz).utcoffset() == db.utcoffset(), local
        local += timedelta(minutes=30)


def test_wall_time_skipped_by_spring_forward_is_rejected() -> None:
    with pytest.raises(ValueError, match="does not exist"):
        export("America/Chicago", meeting(datetime(2026, 3, 8, 2, 15)))


def test_aware_times_and_unknown_zones_are_rejected() -> None:
    with pytest.raises(ValueError):
        meeting(datetime(2026, 3, 9, 10, tzinfo=UTC))
    with pytest.raises(ValueError):
        CalendarInfo("E", timezone="Mars/Olympus_Mons")
    with pytest.raises(ValueError):
        CalendarMeeting("k", datetime(2026, 1, 1, 10), datetime(2026, 1, 1, 10), "S")


# --- identity and updates ------------------------------------------------------------


def test_uid_for_matches_the_exported_uid() -> None:
    key = uid_key_for(7, 42)
    (ev,) = events_of(export("America/Monterrey", meeting(datetime(2026, 6, 1, 10), key=key)))
    assert (
        ev.uid.value == uid_for(7, 42, "matchmaker.local") == "event/7/request/42@matchmaker.local"
    )


def test_uid_for_keeps_distinct_pairs_distinct() -> None:
    assert uid_for("1/request/2", "3", "x.org") != uid_for("1", "2/request/3", "x.org")
    weird = uid_key_for("évent 1", "a,b;c\\d@e")
    meeting(datetime(2026, 1, 1, 10), key=weird)  # accepted by the validator
    with pytest.raises(ValueError):
        uid_for(1, 2, "bad domain")
    with pytest.raises(ValueError):
        meeting(datetime(2026, 1, 1, 10), key="has space")


def test_moved_meeting_keeps_its_uid_and_gets_a_higher_sequence() -> None:
    key = uid_key_for(7, 42)
    before = meeting(datetime(2026, 3, 6, 10), key=key, location="Table 4", sequence=0)
    new_sequence = sequence_after_change(
        (before.start, before.location), (datetime(2026, 3, 9, 11), "Table 9"), before.sequence
    )
    after = meeting(datetime(2026, 3, 9, 11), key=key, location="Table 9", sequence=new_sequence)
    (old_ev,) = events_of(export("America/Chicago", before))
    (new_ev,) = events_of(export("America/Chicago", after))
    assert old_ev.uid.value == new_ev.uid.value
    assert int(new_ev.sequence.value) > int(old_ev.sequence.value)
    assert new_ev.dtstart.value.astimezone(UTC) == datetime(2026, 3, 9, 16, tzinfo=UTC)


def test_cancelled_meetings_are_emitted_as_cancelled() -> None:
    data = export(
        "America/Monterrey",
        meeting(datetime(2026, 6, 1, 10), key="kept"),
        meeting(datetime(2026, 6, 1, 11), key="dropped", status="CANCELLED", sequence=2),
    )
    by_uid = {ev.uid.value: ev for ev in events_of(data)}
    assert by_uid["kept@matchmaker.local"].status.value == "CONFIRMED"
    assert by_uid["dropped@matchmaker.local"].status.value == "CANCELLED"
    assert int(by_uid["dropped@matchmaker.local"].sequence.value) == 2
    with pytest.raises(ValueError):
        meeting(datetime(2026, 6, 1, 11), status="TENTATIVE")


# --- text ----------------------------------------------------------------------------

AWKWARD = [
    "Autopartes del Norte, S.A. de C.V.",
    "Ford; GM; Stellantis",
    "C:\\proveedores\\mesa 4",
    "line one\nline two\n\nline four\n",
    "Señora Müller — Ñandú Ça va? 日本語 ✓",
    "🚗🔩⚙️ emoji 👩🏽‍🔧 zwj sequence",
    "trailing space \t tab ",
    " leading space",
    "a" * 500 + "é" * 200 + "🚗" * 100,
    "quotes \"double\" and 'single' and :colon: and =equals=",
    "\\n is not a newline, \\, is not a comma, \\\\",
    "\\N is not a newline either: C:\\Nuevo\\NL",  # icalendar alone reads \N as a line break
    "NEL\x85 LS\u2028 PS\u2029 NBSP\xa0 WJ\u2060 ZWSP\u200b",
]


@pytest.mark.parametrize("value", AWKWARD)
def test_awkward_text_round_trips_exactly(value: str) -> None:
    data = export(
        "America/Monterrey",
        meeting(datetime(2026, 6, 1, 10), summary=value, location=value, description=value),
        name=value,
    )
    cal = parse(data)
    (ev,) = cal.contents["vevent"]
    assert cal.contents["x-wr-calname"][0].value == value
    assert (text(ev, "summary"), text(ev, "location"), text(ev, "description")) == (value,) * 3


def test_control_characters_are_stripped_and_line_breaks_normalised() -> None:
    raw = "\ufeffa\x00b\x07c\x1bd\x7fe\r\nf\rg\nh\ti\ud800\ufeff"
    assert clean_text(raw) == "abcde\nf\ng\nh\ti"
    (ev,) = events_of(export("America/Monterrey", meeting(datetime(2026, 6, 1, 10), summary=raw)))
    assert text(ev, "summary") == "abcde\nf\ng\nh\ti"


@settings(max_examples=300, deadline=None)
@given(summary=st.text(), location=st.text(), description=st.text(), name=st.text())
def test_any_text_round_trips_through_an_independent_parser(
    summary: str, location: str, description: str, name: str
) -> None:
    data = export(
        "Europe/Madrid",
        meeting(
            datetime(2026, 3, 30, 10), summary=summary, location=location, description=description
        ),
        name=name,
    )
    cal = parse(data)
    (ev,) = cal.contents["vevent"]
    assert cal.contents["x-wr-calname"][0].value == clean_text(name)
    assert text(ev, "summary") == clean_text(summary)
    assert text(ev, "location") == clean_text(location)
    assert text(ev, "description") == clean_text(description)
    assert ev.dtstart.value.astimezone(UTC) == datetime(2026, 3, 30, 8, tzinfo=UTC)


@given(st.text(alphabet=st.characters(codec=None)))
def test_clean_text_leaves_only_what_icalendar_text_can_carry(value: str) -> None:
    cleaned = clean_text(value)
    assert "\r" not in cleaned
    assert all(ch in "\t\n" or not (ord(ch) < 0x20 or ord(ch) == 0x7F) for ch in cleaned)
    cleaned.encode("utf-8")  # no lone surrogates left
    assert "\ufeff" not in cleaned
    assert clean_text(cleaned) == cleaned
