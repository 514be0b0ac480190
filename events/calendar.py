"""iCalendar (RFC 5545) export of a participant's agenda at a sourcing event.

Meeting times arrive as naive wall-clock times in the event's zone. Each VEVENT carries a
TZID and the file embeds a VTIMEZONE built from the IANA database, so calendar apps place
meetings correctly on both sides of a daylight-saving change. A meeting keeps its UID for
life (derived from the event and the meeting request, never from the slot) and the app
raises SEQUENCE whenever it moves, so subscribers update the entry instead of duplicating it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Literal
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vText

MeetingStatus = Literal["CONFIRMED", "CANCELLED"]
Method = Literal["PUBLISH"]

_STATUSES: frozenset[str] = frozenset({"CONFIRMED", "CANCELLED"})
# UIDs stay in a conservative charset so that no parser has to unescape them.
_UID_KEY = re.compile(r"[A-Za-z0-9._~%/+-]+")
_DOMAIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?")
# RFC 5545 TEXT may not carry control characters (a newline travels escaped as "\n"), and
# UTF-8 cannot carry lone surrogates. U+FEFF (invisible) goes too: icalendar 7.3 drops it at the
# start of a value, so keeping it elsewhere would make the output depend on its position.
_UNCARRIABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufeff]")


@dataclass(frozen=True, slots=True)
class CalendarInfo:
    """Calendar-wide settings for one event's export."""

    event_name: str
    timezone: str = "America/Monterrey"
    domain: str = "matchmaker.local"
    prodid: str = "-//matchmaker//agenda//EN"

    def __post_init__(self) -> None:
        if not _DOMAIN.fullmatch(self.domain):
            raise ValueError(f"invalid UID domain: {self.domain!r}")
        _zone(self.timezone)  # fail early on an unknown zone


@dataclass(frozen=True, slots=True)
class CalendarMeeting:
    """One meeting as it appears in a participant's calendar."""

    uid_key: str
    start: datetime
    end: datetime
    summary: str
    location: str = ""
    description: str = ""
    sequence: int = 0
    status: MeetingStatus = "CONFIRMED"

    def __post_init__(self) -> None:
        if not _UID_KEY.fullmatch(self.uid_key):
            raise ValueError(f"invalid uid_key: {self.uid_key!r}")
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("meeting times must be naive wall-clock times in the event zone")
        if self.end <= self.start:
            raise ValueError("meeting must end after it starts")
        if self.sequence < 0:
            raise ValueError("sequence must not be negative")
        if self.status not in _STATUSES:
            raise ValueError(f"invalid status: {self.status!r}")


def uid_key_for(event_id: int | str, request_key: int | str) -> str:
    """Return the stable UID key for the meeting of one request (pair) at one event."""
    event_part = quote(str(event_id), safe="")
    request_part = quote(str(request_key), safe="")
    # quote() encodes "/", so the separator keeps distinct (event, request) pairs distinct.
    return f"event/{event_part}/request/{request_part}"


def uid_for(event_id: int | str, request_key: int | str, domain: str) -> str:
    """Return the stable iCalendar UID for the meeting of one request at one event."""
    if not _DOMAIN.fullmatch(domain):
        raise ValueError(f"invalid UID domain: {domain!r}")
    return f"{uid_key_for(event_id, request_key)}@{domain}"


class _Text(vText):
    """TEXT escaped exactly as RFC 5545 (3.3.11) says: backslash, semicolon, comma, newline.

    icalendar's own escaping first turns a literal backslash-N in the text into a line break
    (its API lets callers write line breaks that way), so a name such as "C:\\Nuevo" would
    come back changed (found by the hypothesis test).
    """

    def to_ical(self) -> bytes:
        text = str(self).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        return text.replace("\n", "\\n").encode("utf-8")


def clean_text(text: str) -> str:
    """Return text as the calendar carries it: newlines normalised, control chars dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _UNCARRIABLE.sub("", text)


def agenda_calendar(
    info: CalendarInfo,
    meetings: Iterable[CalendarMeeting],
    *,
    method: Method = "PUBLISH",
    now: datetime | None = None,
) -> bytes:
    """Return an iCalendar file (UTF-8, CRLF, folded) with one VEVENT per meeting."""
    if method != "PUBLISH":
        # REQUEST/CANCEL (iTIP) need ORGANIZER and ATTENDEE, which this export does not carry.
        raise ValueError(f"unsupported METHOD: {method!r}")
    if now is not None and now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    zone = _zone(info.timezone)
    ordered = sorted(meetings, key=lambda m: (m.start, m.end, m.uid_key))
    if len({m.uid_key for m in ordered}) != len(ordered):
        raise ValueError("each meeting needs its own uid_key")
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)

    cal = Calendar()
    cal.add("prodid", clean_text(info.prodid))
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    # icalendar does not escape X-WR-CALNAME on its own; _Text makes it TEXT.
    cal.add("x-wr-calname", _Text(clean_text(info.event_name)))
    cal.add("x-wr-timezone", info.timezone)
    if ordered:
        cal.add_component(_vtimezone(info.timezone, zone, ordered))
    for meeting in ordered:
        cal.add_component(_vevent(meeting, info, zone, stamp))
    data: bytes = cal.to_ical()
    return data


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone: {name!r}") from exc


def _aware(local: datetime, zone: ZoneInfo) -> datetime:
    aware = local.replace(tzinfo=zone)
    if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != local:
        # Wall-clock times skipped by a spring-forward change do not exist; refuse to guess.
        raise ValueError(f"{local.isoformat()} does not exist in {zone.key}")
    return aware


def _vtimezone(tzid: str, zone: ZoneInfo, meetings: list[CalendarMeeting]) -> Timezone:
    """Build the VTIMEZONE from the zone's real transitions over the meetings' whole years."""
    # Whole years, so a DST zone always shows both its STANDARD and DAYLIGHT parts. One
    # sub-component per transition, no RRULE/RDATE: the simplest form for parsers. Not
    # Timezone.from_tzinfo: its spring DTSTART is the new wall time (03:00, not 02:00).
    first_year = min(m.start for m in meetings).year
    last_year = max(m.end for m in meetings).year
    vtimezone = Timezone()
    vtimezone.add("tzid", tzid)
    for instant, before, after in _observances(tzid, first_year, last_year):
        vtimezone.add_component(_observance(zone, instant, before, after))
    return vtimezone


@lru_cache(maxsize=64)
def _observances(
    tzid: str, first_year: int, last_year: int
) -> tuple[tuple[datetime, timedelta, timedelta], ...]:
    """Return (UTC onset, offset before, offset after) for the zone over the given years."""
    zone = _zone(tzid)
    here = datetime(first_year - 1, 12, 31, tzinfo=UTC)
    last = datetime(last_year + 1, 1, 2, tzinfo=UTC)
    offset = _offset(zone, here)
    found = [(here, offset, offset)]
    step = timedelta(hours=1)
    while here < last:
        there = here + step
        next_offset = _offset(zone, there)
        if next_offset != offset:
            # Bisect on whole seconds: the offset is still the old one at low, new at high.
            low, high = int(here.timestamp()), int(there.timestamp())
            while high - low > 1:
                middle = (low + high) // 2
                if _offset(zone, _utc(middle)) == offset:
                    low = middle
                else:
                    high = middle
            found.append((_utc(high), offset, next_offset))
            offset = next_offset
        here = there
    return tuple(found)


def _offset(zone: ZoneInfo, instant: datetime) -> timedelta:
    offset = instant.astimezone(zone).utcoffset()
    assert offset is not None
    return offset


def _utc(timestamp: int) -> datetime:
    return datetime.fromtimestamp(timestamp, UTC)


def _observance(
    zone: ZoneInfo, instant: datetime, before: timedelta, after: timedelta
) -> TimezoneStandard | TimezoneDaylight:
    local = instant.astimezone(zone)
    part = TimezoneDaylight() if local.dst() else TimezoneStandard()
    # RFC 5545 3.6.5: the onset is the wall-clock time in the offset in use before it.
    part.add("dtstart", (instant + before).replace(tzinfo=None))
    part.add("tzoffsetfrom", before)
    part.add("tzoffsetto", after)
    part.add("tzname", local.tzname() or _format_offset(after))
    return part


def _format_offset(offset: timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def _vevent(meeting: CalendarMeeting, info: CalendarInfo, zone: ZoneInfo, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"{meeting.uid_key}@{info.domain}")
    event.add("dtstamp", stamp)
    event.add("dtstart", _aware(meeting.start, zone))
    event.add("dtend", _aware(meeting.end, zone))
    event.add("sequence", meeting.sequence)
    event.add("status", meeting.status)
    event.add("summary", _Text(clean_text(meeting.summary)))
    if meeting.location:
        event.add("location", _Text(clean_text(meeting.location)))
    if meeting.description:
        event.add("description", _Text(clean_text(meeting.description)))
    return event
