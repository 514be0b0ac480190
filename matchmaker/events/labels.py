"""Names people read for the events' stored codes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

EVENT_STATUS = {
    "draft": _l("Draft"),
    "registration": _l("Registration open"),
    "requests_open": _l("Meeting requests open"),
    "scheduled": _l("Scheduled"),
    "published": _l("Agendas published"),
    "closed": _l("Closed"),
}
EVENT_KIND = {"event": _l("B2B sourcing event"), "mission": _l("Trade mission")}
TABLE_MODE = {"pool": _l("Shared pool of tables"), "fixed": _l("A fixed table per buyer")}
PARTICIPANT_ROLE = {
    "buyer": _l("Buyer"),
    "supplier": _l("Supplier"),
    "participant": _l("Participant"),
}
PARTICIPANT_STATUS = {
    "pending": _l("Waiting for approval"),
    "approved": _l("Approved"),
    "cancelled": _l("Cancelled"),
}
INTEREST = {"must": _l("Must meet"), "like": _l("Would like to meet"), "no": _l("No thanks")}
REQUEST_STATE = {
    "promised": _l("Promised by the organiser"),
    "declined": _l("Declined"),
    "mutual": _l("Mutual interest"),
    "requested": _l("Requested by the buyer"),
    "waiting": _l("Waiting for an answer"),
    "expired": _l("Expired (no answer by the deadline)"),
}
MEETING_STATUS = {
    "scheduled": _l("Scheduled"),
    "held": _l("Held"),
    "no_show": _l("No-show"),
    "cancelled": _l("Cancelled"),
}
