"""Reading the RFQ, move, rate and follow-up forms from the request."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

RFQ_FIELDS = (
    "reference",
    "title",
    "description",
    "need_id",
    "quantity",
    "annual_volume",
    "due_date",
    "origin",
    "meeting_id",
    "event_id",
)
MOVE_FIELDS = ("value", "currency", "months", "on", "note")


def rfq_form(form: MultiDict[str, str]) -> dict[str, Any]:
    """The new-RFQ form as the service expects it."""
    data: dict[str, Any] = {k: form.get(k, "") for k in RFQ_FIELDS}
    data["supplier_ids"] = form.getlist("supplier_ids")
    data["confidential"] = form.get("confidential") == "y"
    return data


def move_form(form: MultiDict[str, str]) -> dict[str, Any]:
    """The values that come with a status change."""
    return {k: form.get(k, "") for k in MOVE_FIELDS}


def followup_form(form: MultiDict[str, str]) -> dict[str, Any]:
    """A follow-up answer."""
    return {k: form.get(k, "") for k in ("outcome", "value", "currency", "comment")}
