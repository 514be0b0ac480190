"""Reading the company form from the request."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from matchmaker.services.catalogue.vocab import certification_choices

FIELDS = (
    "legal_name",
    "trade_name",
    "kind",
    "rfc",
    "state",
    "city",
    "website",
    "employees",
    "description",
    "capacity",
    "processes_text",
    "materials_text",
    "products_text",
    "contact_name",
    "contact_email",
    "phone",
    "membership",
)


def company_form(form: MultiDict[str, str]) -> dict[str, Any]:
    """The company form as the services expect it (expiry dates still as text)."""
    data: dict[str, Any] = {k: form.get(k, "") for k in FIELDS}
    data["term_keys"] = form.getlist("term_keys")
    data["certifications"] = {
        key: form.get(f"expires_{key}", "").strip() or None
        for key, _name in certification_choices()
        if form.get(f"cert_{key}")
    }
    return data
