"""A buyer's need, in and out: the need form and the API (/api/v1/needs) load the same
schema, and the service gets NeedValues.

    values = need_schemas.from_form(request.form)     # HTML view: ServiceError if bad
    needs.create_need(current_user, values)

    @bp.arguments(NeedCreateSchema)                    # API: webargs answers 422 if bad
    def create_need(fields): return needs.create_need(actor(), new_values(fields))
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import marshmallow as ma
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from matchmaker.models import CertificationMode, Need, NeedStatus
from matchmaker.schemas import load
from matchmaker.schemas.fields import Day, Line, UtcDateTime, WholeNumber, one_of
from matchmaker.services.catalogue.vocab import certification_key, state_name
from matchmaker.services.sourcing.needs import NeedValues

F = ma.fields
MODES = [m.value for m in CertificationMode]
STATUSES = [s.value for s in NeedStatus]
MAX_VOLUME = 10**15


class _Canonical(F.List):
    """A list of names people write in many ways (states, certifications), each turned into
    its canonical form by `find` (None: unknown, reported with `unknown`)."""

    def __init__(self, items: int, length: int, find: Any, unknown: Any, **kw: Any) -> None:
        super().__init__(Line(length), validate=ma.validate.Length(max=items), **kw)
        self.find, self.unknown = find, unknown

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> tuple[str, ...]:
        found: list[str] = []
        errors: list[str] = []
        for raw in super()._deserialize(value, attr, data, **kwargs):
            name = self.find(raw)
            if name is None:
                errors.append(self.unknown(raw))
            elif name not in found:
                found.append(name)
        if errors:
            raise ma.ValidationError(errors)
        return tuple(found)


def _title(**kw: Any) -> Line:
    return Line(
        200,
        blank=lambda: _("The title is required."),
        too_long=lambda: _("The title is too long (200 characters at most)."),
        **kw,
    )


class NeedWriteSchema(ma.Schema):
    """A need's fields; on update only the fields sent change."""

    # In the order the form shows its errors.
    title = _title()
    annual_volume = WholeNumber(allow_none=True, validate=ma.validate.Range(min=0, max=MAX_VOLUME))
    target_start = Day(allow_none=True)
    preferred_states = _Canonical(
        40, 60, state_name, lambda raw: _("“%(value)s” is not a Mexican state.", value=raw)
    )
    certifications = _Canonical(
        50, 80, certification_key, lambda raw: _("Unknown certification “%(value)s”.", value=raw)
    )
    certification_mode = F.String(
        validate=one_of(MODES, lambda: _("Choose how required certifications count.")),
        metadata={"enum": MODES},
    )
    status = F.String(
        validate=one_of(STATUSES, lambda: _("Unknown status.")), metadata={"enum": STATUSES}
    )
    commodity = Line(120)
    volume_unit = Line(30)
    description = Line(20_000)
    processes_text = Line(5_000)
    materials_text = Line(5_000)
    capabilities = F.List(
        Line(80),
        validate=ma.validate.Length(max=200),
        metadata={"description": "Taxonomy keys (replaces the list)."},
    )

    @ma.post_load
    def _values(self, data: dict[str, Any], **_kw: Any) -> dict[str, Any]:
        """NeedValues' names and types, for the fields sent."""
        if "capabilities" in data:
            data["capabilities"] = frozenset(data["capabilities"])
        return data


class NeedCreateSchema(NeedWriteSchema):
    title = _title(required=True)


def new_values(fields: dict[str, Any]) -> NeedValues:
    """A new need from the fields a schema loaded."""
    return NeedValues(**fields)


def changed_values(need: Need, fields: dict[str, Any]) -> NeedValues:
    """A need's current values with the fields a schema loaded."""
    return replace(NeedValues.of(need), **fields)


# --- the HTML form ------------------------------------------------------------------------

TEXT_FIELDS = (
    "title",
    "description",
    "commodity",
    "processes_text",
    "materials_text",
    "annual_volume",
    "volume_unit",
    "target_start",
    "certification_mode",
    "status",
)
LIST_FIELDS = ("term_keys", "certifications", "preferred_states")


def read_form(form: MultiDict[str, str]) -> dict[str, Any]:
    """The need form as sent (to load it, or to show it again with its errors)."""
    data: dict[str, Any] = {k: form.get(k, "") for k in TEXT_FIELDS}
    data.update({k: form.getlist(k) for k in LIST_FIELDS})
    return data


def form_of(need: Need) -> dict[str, Any]:
    """A need as its edit form shows it."""
    data: dict[str, Any] = {k: getattr(need, k) for k in TEXT_FIELDS}
    data.update(
        term_keys=[t.term.key for t in need.terms],
        certifications=[c.cert_key for c in need.certifications],
        preferred_states=need.preferred_states,
    )
    return data


def from_form(form: MultiDict[str, str] | dict[str, Any]) -> NeedValues:
    """The values of a submitted need form; a ServiceError naming each bad field."""
    data = read_form(form) if isinstance(form, MultiDict) else dict(form)
    fields = {k: v for k, v in data.items() if k != "term_keys"}
    fields["capabilities"] = data.get("term_keys", [])
    for name in ("annual_volume", "target_start"):  # an empty box clears the value
        if not str(fields.get(name) or "").strip():
            fields[name] = None
    for name in ("certification_mode", "status"):  # nothing chosen: the default
        if not fields.get(name):
            fields.pop(name, None)
    return new_values(load(NeedCreateSchema(), fields))


# --- out, and the list's filter --------------------------------------------------------------


class NeedSchema(ma.Schema):
    id = F.Integer(required=True)
    company_id = F.Integer(required=True)
    company_name = F.Function(
        lambda n: n.company.display_name, required=True, metadata={"type": "string"}
    )
    title = F.String(required=True)
    description = F.String(required=True)
    commodity = F.String(required=True)
    processes_text = F.String(required=True)
    materials_text = F.String(required=True)
    annual_volume = F.Integer(allow_none=True, required=True)
    volume_unit = F.String(required=True)
    target_start = F.Date(allow_none=True, required=True)
    preferred_states = F.List(F.String(), required=True)
    certification_mode = F.String(required=True)
    status = F.String(required=True)
    capabilities = F.Function(
        lambda n: sorted(t.term.key for t in n.terms),
        required=True,
        metadata={"type": "array", "items": {"type": "string"}},
    )
    certifications = F.Function(
        lambda n: [c.cert_key for c in n.certifications],
        required=True,
        metadata={"type": "array", "items": {"type": "string"}},
    )
    created_at = UtcDateTime(required=True)
    updated_at = UtcDateTime(required=True)
    closed_at = UtcDateTime(allow_none=True, required=True)


class NeedArgs(ma.Schema):
    status = F.String(load_default="", validate=ma.validate.OneOf(["", *STATUSES]))
