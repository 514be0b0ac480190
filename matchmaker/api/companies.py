"""Companies (the supplier catalogue), the capability taxonomy, and who the token is."""

from __future__ import annotations

from typing import Any

from matchmaker.api.core import ApiBlueprint, PageArgs, actor, page_of, paginate, protect
from matchmaker.api.schemas import (
    CatalogueArgs,
    CompanySchema,
    CompanyUpdateSchema,
    MeSchema,
    TermArgs,
    TermSchema,
)
from matchmaker.extensions import db
from matchmaker.models import Company
from matchmaker.services.catalogue import companies
from matchmaker.services.catalogue import search as catalogue
from matchmaker.services.catalogue.taxonomy import terms_by_key
from matchmaker.services.catalogue.vocab import fold
from matchmaker.services.platform.access import visible_company

bp = protect(ApiBlueprint("companies", __name__, description="Companies and their capabilities"))
taxonomy_bp = protect(
    ApiBlueprint("capabilities", __name__, description="The bilingual capability taxonomy")
)
me_bp = protect(ApiBlueprint("me", __name__, description="The token's user"))


@me_bp.route("/me")
@me_bp.response(200, MeSchema)
def me() -> Any:
    """The user this token belongs to, with its roles and company."""
    return actor()


@bp.route("/companies")
@bp.arguments(CatalogueArgs, location="query")
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_of(CompanySchema))
def list_companies(f: dict[str, Any], page: dict[str, Any]) -> dict[str, Any]:
    """Approved suppliers, filtered as on the catalogue page."""
    result = catalogue.search(
        actor(), catalogue.CatalogueFilter(**f), page["page"], page["per_page"]
    )
    return paginate(result, page)


@bp.route("/companies/<id:company_id>")
@bp.response(200, CompanySchema)
def get_company(company_id: int) -> Company:
    """A company's profile: approved ones for every member; others for their own people
    and staff."""
    return visible_company(actor(), db.session.get(Company, company_id))


@bp.route("/companies/<id:company_id>", methods=["PATCH"])
@bp.arguments(CompanyUpdateSchema)
@bp.response(200, CompanySchema)
def update_company(changes: dict[str, Any], company_id: int) -> Company:
    """Change a company's profile: its own supplier or buyer users, and staff. Only the fields
    sent change; lists sent replace the current ones."""
    user = actor()
    company = visible_company(user, db.session.get(Company, company_id))
    data: dict[str, Any] = {
        f: getattr(company, f)
        for f in (
            "legal_name",
            "kind",
            "membership",
            "trade_name",
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
        )
    }
    data["term_keys"] = [c.term.key for c in company.capabilities]
    data["certifications"] = {c.cert_key: c.expires_on for c in company.certifications}
    if "capabilities" in changes:
        changes["term_keys"] = changes.pop("capabilities")
    data.update({k: ("" if v is None and k == "employees" else v) for k, v in changes.items()})
    companies.update_company(user, company, data)
    return company


@taxonomy_bp.route("/capabilities")
@taxonomy_bp.arguments(TermArgs, location="query")
@taxonomy_bp.arguments(PageArgs, location="query")
@taxonomy_bp.response(200, page_of(TermSchema))
def list_capabilities(f: dict[str, Any], page: dict[str, Any]) -> dict[str, Any]:
    """Processes, materials and product families, with their Spanish and English names."""
    terms = sorted(terms_by_key().values(), key=lambda t: t.key)
    if f["kind"]:
        terms = [t for t in terms if t.kind == f["kind"]]
    if f["q"]:
        terms = [
            t for t in terms if f["q"] in fold(f"{t.key} {t.name_es} {t.name_en} {t.synonyms}")
        ]
    return paginate(terms, page)
