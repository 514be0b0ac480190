"""Reading the need form from the request."""

from __future__ import annotations

from datetime import date
from typing import Any

from werkzeug.datastructures import MultiDict

FIELDS = (
    "title",
    "description",
    "commodity",
    "processes_text",
    "materials_text",
    "annual_volume",
    "volume_unit",
    "certification_mode",
    "status",
)


def need_form(form: MultiDict[str, str]) -> dict[str, Any]:
    """The need form as the services expect it."""
    data: dict[str, Any] = {k: form.get(k, "") for k in FIELDS}
    data["term_keys"] = form.getlist("term_keys")
    data["certifications"] = form.getlist("certifications")
    data["preferred_states"] = form.getlist("preferred_states")
    raw = form.get("target_start", "").strip()
    try:
        data["target_start"] = date.fromisoformat(raw) if raw else None
    except ValueError:
        data["target_start"] = raw  # the service reports it
    return data
