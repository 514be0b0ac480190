"""Reading the organiser's forms from the request."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict


def invitation(form: MultiDict[str, str]) -> dict[str, Any]:
    """The invitation form's fields."""
    return {
        "email": form.get("email", ""),
        "company_id": form.get("company_id", type=int),
        "roles": form.getlist("roles"),
        "language": form.get("language", "es"),
    }
