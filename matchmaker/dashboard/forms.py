"""Reading the interaction form from the request."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

INTERACTION_FIELDS = ("company_id", "kind", "on", "summary", "counterpart_company_id", "value_mxn")


def interaction_form(form: MultiDict[str, str]) -> dict[str, Any]:
    """The interaction form as the service expects it."""
    return {k: form.get(k, "") for k in INTERACTION_FIELDS}
