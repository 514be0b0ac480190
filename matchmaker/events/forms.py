"""Reading the events' forms from the request."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

EVENT_FIELDS = (
    "name",
    "venue",
    "timezone",
    "starts_on",
    "ends_on",
    "kind",
    "table_mode",
    "requests_deadline",
    "description",
)
SESSION_FIELDS = ("name", "day", "starts_at", "ends_at", "slot_minutes", "breaks")


def event_form(form: MultiDict[str, str]) -> dict[str, Any]:
    """The event form as the services expect it."""
    return {k: form.get(k, "") for k in EVENT_FIELDS}


def session_form(form: MultiDict[str, str]) -> dict[str, Any]:
    """The session form."""
    return {k: form.get(k, "") for k in SESSION_FIELDS}


def registration_form(form: MultiDict[str, str]) -> dict[str, Any]:
    """Delegates come as parallel lists (delegate_name, delegate_email ...)."""
    names = form.getlist("delegate_name")

    def col(key: str) -> list[str]:
        values = form.getlist(key)
        return values + [""] * (len(names) - len(values))

    emails, phones, positions = (
        col("delegate_email"),
        col("delegate_phone"),
        col("delegate_position"),
    )
    return {
        "delegates": [
            {"name": n, "email": emails[i], "phone": phones[i], "position": positions[i]}
            for i, n in enumerate(names)
        ],
        "capacity": form.get("capacity", ""),
        "max_meetings": form.get("max_meetings", ""),
        "sessions": form.getlist("sessions"),
        "role": form.get("role", ""),
    }


def int_arg(form: MultiDict[str, str], key: str) -> int | None:
    """An integer field, None when absent or bad."""
    try:
        return int(form.get(key, ""))
    except ValueError:
        return None
