"""Reading the account forms from the request."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict


def registration(form: MultiDict[str, str]) -> dict[str, Any]:
    """The registration form's fields."""
    return {
        k: form.get(k, "")
        for k in ("email", "name", "password", "company_name", "kind", "role", "language")
    }
