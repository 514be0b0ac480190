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


def label(table: dict[str, object], code: str | None) -> str:
    """The label of a code, or the code itself when unknown."""
    return str(table.get(code or "", code or ""))
