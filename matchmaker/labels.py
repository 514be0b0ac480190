"""Names people read for the stored codes (kinds, statuses, roles), in both languages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

KIND = {
    "oem": _l("OEM"),
    "tier1": _l("Tier 1"),
    "tier2": _l("Tier 2"),
    "tier3": _l("Tier 3"),
    "supplier": _l("Supplier (tier not stated)"),
    "institution": _l("Institution or service"),
}
COMPANY_STATUS = {
    "pending": _l("Waiting for approval"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
    "archived": _l("Archived"),
}
MEMBERSHIP = {
    "member": _l("Cluster member"),
    "non_member": _l("Not a member"),
    "prospect": _l("Prospective member"),
    "former": _l("Former member"),
}
ROLE = {
    "supplier": _l("Supplier"),
    "buyer": _l("Buyer"),
    "organiser": _l("Organiser"),
    "manager": _l("Manager"),
    "admin": _l("Administrator"),
}
NEED_STATUS = {"draft": _l("Draft"), "open": _l("Open"), "closed": _l("Closed")}
CERT_MODE = {
    "penalise": _l("Rank suppliers without it lower"),
    "exclude": _l("Do not propose suppliers without it"),
}
TERM_KIND = {"process": _l("Process"), "material": _l("Material"), "product": _l("Product family")}

# Events
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

# RFQs: a supplier's response
RESPONSE_STATUS = {
    "invited": _l("invited"),
    "quoted": _l("quoted"),
    "negotiation": _l("in negotiation"),
    "awarded": _l("awarded"),
    "lost": _l("lost"),
    "declined": _l("declined"),
    "cancelled": _l("cancelled"),
}


def label(table: dict[str, object], code: str | None) -> str:
    """The label of a code, or the code itself when unknown."""
    return str(table.get(code or "", code or ""))
