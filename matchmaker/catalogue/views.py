"""The supplier catalogue: search, profiles, editing one's own company."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from matchmaker.catalogue import bp, forms
from matchmaker.extensions import db
from matchmaker.models import Company
from matchmaker.services import ServiceError
from matchmaker.services.catalogue import companies
from matchmaker.services.catalogue import search as catalogue
from matchmaker.services.catalogue.taxonomy import terms_of_kind
from matchmaker.services.catalogue.vocab import certification_choices, state_choices
from matchmaker.services.platform.access import can_edit_company, require, visible_company


def _choices(lang: str) -> dict[str, object]:
    return {
        "processes": terms_of_kind("process", lang),
        "materials": terms_of_kind("material", lang),
        "products": terms_of_kind("product", lang),
        "certifications": certification_choices(),
        "states": state_choices(),
    }


@bp.route("/")
@login_required
def index() -> str:
    """Browse and search approved suppliers."""
    f = catalogue.CatalogueFilter.from_args(request.args)
    page = catalogue.search(
        current_user,
        f,
        request.args.get("page", 1, type=int),
        current_app.config["CATALOGUE_PAGE_SIZE"],
        capabilities=False,
    )
    args = {k: v for k, v in f.__dict__.items() if v}
    return render_template(
        "catalogue/index.html",
        page=page,
        f=f,
        args=args,
        choices=_choices(str(current_user.language)),
    )


@bp.route("/<int:company_id>")
@login_required
def profile(company_id: int) -> str:
    """A company's profile page."""
    company = visible_company(current_user, db.session.get(Company, company_id))
    return render_template(
        "catalogue/profile.html", company=company, may_edit=can_edit_company(current_user, company)
    )


@bp.route("/<int:company_id>/edit", methods=["GET", "POST"])
@login_required
def edit(company_id: int) -> str | Response | tuple[str, int]:
    """Edit a company: its own people and staff only."""
    company = visible_company(current_user, db.session.get(Company, company_id))
    require(can_edit_company(current_user, company))
    lang = str(current_user.language)
    if request.method == "POST":
        data = forms.company_form(request.form)
        try:
            companies.update_company(current_user, company, data)
        except ServiceError as e:
            db.session.rollback()
            return render_template(
                "catalogue/edit.html",
                company=company,
                data=data,
                errors=e.errors,
                choices=_choices(lang),
            ), 400
        flash(_("The profile was saved."), "success")
        return redirect(url_for("catalogue.profile", company_id=company.id))
    data = {f: getattr(company, f) for f in forms.FIELDS}
    data["term_keys"] = [c.term.key for c in company.capabilities]
    data["certifications"] = {c.cert_key: c.expires_on for c in company.certifications}
    return render_template(
        "catalogue/edit.html", company=company, data=data, errors=[], choices=_choices(lang)
    )
