"""Marshmallow schemas of the API's bodies: what goes in (checked) and what comes out."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from matchmaker.models import CompanyKind, TermKind
from matchmaker.schemas.fields import Text, UtcDateTime
from matchmaker.services.catalogue.vocab import fold

F = ma.fields


class TermSchema(ma.Schema):
    key = F.String(required=True)
    kind = F.String(required=True, validate=ma.validate.OneOf([k.value for k in TermKind]))
    name_es = F.String(required=True)
    name_en = F.String(required=True)


class CertificationSchema(ma.Schema):
    key = F.String(required=True, attribute="cert_key")
    name = F.String(required=True)
    expires_on = F.Date(allow_none=True, required=True)


class CompanySchema(ma.Schema):
    id = F.Integer(required=True)
    kind = F.String(required=True)
    status = F.String(required=True)
    membership = F.String(required=True)
    legal_name = F.String(required=True)
    trade_name = F.String(allow_none=True, required=True)
    display_name = F.String(required=True)
    tier = F.Integer(allow_none=True, required=True)
    rfc = F.String(allow_none=True, required=True)
    state = F.String(allow_none=True, required=True)
    city = F.String(allow_none=True, required=True)
    website = F.String(allow_none=True, required=True)
    employees = F.Integer(allow_none=True, required=True)
    description = F.String(required=True)
    capacity = F.String(allow_none=True, required=True)
    processes_text = F.String(required=True)
    materials_text = F.String(required=True)
    products_text = F.String(required=True)
    contact_name = F.String(allow_none=True, required=True)
    contact_email = F.String(allow_none=True, required=True)
    phone = F.String(allow_none=True, required=True)
    capabilities = F.Method(
        "_capabilities",
        required=True,
        metadata={"type": "array", "items": {"type": "string"}, "description": "Taxonomy keys."},
    )
    certifications = F.List(F.Nested(CertificationSchema), required=True)
    updated_at = UtcDateTime(required=True)
    version = F.Integer(required=True)

    def _capabilities(self, company: Any) -> list[str]:
        return sorted(c.term.key for c in company.capabilities)


class CompanyBriefSchema(ma.Schema):
    id = F.Integer(required=True)
    display_name = F.String(required=True)
    kind = F.String(required=True)
    state = F.String(allow_none=True, required=True)


class CompanyUpdateSchema(ma.Schema):
    """Only the fields sent change; kind and membership are honoured for organisers only."""

    legal_name = Text(255)
    kind = F.String(validate=ma.validate.OneOf([k.value for k in CompanyKind]))
    membership = F.String(
        validate=ma.validate.OneOf(["member", "non_member", "prospect", "former"])
    )
    trade_name = Text(255, allow_none=True)
    rfc = Text(20, allow_none=True)
    state = Text(60, allow_none=True)
    city = Text(120, allow_none=True)
    website = Text(255, allow_none=True)
    employees = F.Integer(allow_none=True, validate=ma.validate.Range(min=0, max=10_000_000))
    description = Text(20_000)
    capacity = Text(20_000, allow_none=True)
    processes_text = Text(20_000)
    materials_text = Text(20_000)
    products_text = Text(20_000)
    contact_name = Text(120, allow_none=True)
    contact_email = Text(254, allow_none=True)
    phone = Text(40, allow_none=True)
    capabilities = F.List(
        Text(80),
        validate=ma.validate.Length(max=200),
        metadata={"description": "Taxonomy keys (replaces the list)."},
    )
    certifications = F.Dict(
        keys=Text(80),
        values=F.Date(allow_none=True),
        validate=ma.validate.Length(max=50),
        metadata={"description": "Certification key → expiry date or null (replaces the list)."},
    )


class CatalogueArgs(ma.Schema):
    q = Text(
        200,
        load_default="",
        metadata={
            "description": "Words that must each begin a word of the supplier's profile (name, "
            "description, processes, materials, products, state, certifications); "
            "accents and case are ignored."
        },
    )
    tier = F.String(load_default="", validate=ma.validate.OneOf(["", "1", "2", "3", "unknown"]))
    state = Text(60, load_default="")
    process = Text(80, load_default="")
    material = Text(80, load_default="")
    product = Text(80, load_default="")
    certification = Text(80, load_default="")


class TermArgs(ma.Schema):
    kind = F.String(load_default="", validate=ma.validate.OneOf(["", *[k.value for k in TermKind]]))
    q = Text(200, load_default="")

    @ma.post_load
    def _fold(self, data: dict[str, Any], **_kw: Any) -> dict[str, Any]:
        data["q"] = fold(data["q"])
        return data


class MeSchema(ma.Schema):
    id = F.Integer(required=True)
    email = F.String(required=True)
    name = F.String(required=True)
    language = F.String(required=True)
    roles = F.Function(
        lambda u: sorted(u.roles),
        required=True,
        metadata={"type": "array", "items": {"type": "string"}},
    )
    company_id = F.Integer(allow_none=True, required=True)
