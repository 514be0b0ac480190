"""The organiser's desk: approvals, invitations, users and roles, import and export."""

from __future__ import annotations

from flask import (
    Response,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response as WResponse

from matchmaker.admin import bp, forms
from matchmaker.extensions import db
from matchmaker.labels import COMPANY_STATUS, label
from matchmaker.models import Company, CompanyStatus, ImportBatch, Role, User
from matchmaker.services import ServiceError
from matchmaker.services.accounts import users as accounts
from matchmaker.services.catalogue import companies, imports
from matchmaker.services.catalogue.exports import export_catalogue
from matchmaker.services.catalogue.search import CatalogueFilter
from matchmaker.services.platform.access import require_role


@bp.before_request
@login_required
def _staff_only() -> None:
    """The whole area is for organisers, except exports which managers may also take."""
    if request.endpoint == "admin.export":
        require_role(current_user, Role.ORGANISER, Role.MANAGER)
    else:
        require_role(current_user, Role.ORGANISER)


@bp.route("/")
def index() -> str:
    """Pending companies and the organiser's tools."""
    return render_template("admin/index.html", pending=companies.pending_companies(current_user))


@bp.post("/companies/<int:company_id>/status")
def decide(company_id: int) -> WResponse:
    """Approve, reject or archive a company."""
    company = db.session.get(Company, company_id)
    if company is None:
        raise NotFound()
    status = request.form.get("status", "")
    try:
        companies.decide_company(current_user, company, status)
    except ServiceError as e:
        flash(e.message, "error")
    else:
        flash(
            _(
                "%(name)s: %(status)s.",
                name=company.display_name,
                status=label(COMPANY_STATUS, status),
            ),
            "success",
        )
    return redirect(request.referrer or url_for("admin.index"))


@bp.post("/companies/<int:company_id>/remove")
def remove(company_id: int) -> WResponse:
    """Delete a company without history, or archive one that has some."""
    company = db.session.get(Company, company_id)
    if company is None:
        raise NotFound()
    name = company.display_name
    outcome = companies.remove_company(current_user, company)
    if outcome == "deleted":
        flash(_("%(name)s was deleted.", name=name), "success")
    else:
        flash(
            _(
                "%(name)s has meetings, RFQs, needs or users: it was archived instead of "
                "deleted, so its history is kept.",
                name=name,
            ),
            "info",
        )
    return redirect(url_for("admin.index"))


@bp.route("/invite", methods=["GET", "POST"])
def invite() -> str | WResponse | tuple[str, int]:
    """Invite a person into a company with roles; the link goes out by e-mail."""
    data = forms.invitation(request.form)
    all_companies = db.session.scalars(
        select(Company)
        .where(Company.status != CompanyStatus.ARCHIVED)
        .order_by(Company.legal_name)
        .limit(5000)
    ).all()
    if request.method == "POST":
        company = db.session.get(Company, data["company_id"] or 0)
        try:
            if company is None:
                raise ServiceError(_("Choose the company."), field="company_id")
            invitation, _token = accounts.invite(
                current_user,
                email=data["email"],
                company=company,
                roles=data["roles"],
                language=data["language"],
            )
        except ServiceError as e:
            return render_template(
                "admin/invite.html", data=data, errors=e.errors, companies=all_companies
            ), 400
        flash(_("Invitation sent to %(email)s.", email=invitation.email), "success")
        return redirect(url_for("admin.invite"))
    return render_template("admin/invite.html", data=data, errors=[], companies=all_companies)


@bp.route("/users", methods=["GET", "POST"])
def users() -> str | WResponse:
    """Everyone's roles; administrators change them."""
    if request.method == "POST":
        user = db.session.get(User, request.form.get("user_id", type=int) or 0)
        if user is None:
            raise NotFound()
        accounts.set_roles(current_user, user, request.form.getlist("roles"))
        flash(_("Roles saved for %(email)s.", email=user.email), "success")
        return redirect(url_for("admin.users"))
    return render_template(
        "admin/users.html", users=accounts.list_users(current_user), roles=[r.value for r in Role]
    )


@bp.route("/import", methods=["GET", "POST"])
def import_suppliers() -> str | WResponse | tuple[str, int]:
    """Step 1: upload a file; it is checked in the background while the page shows progress."""
    if request.method == "POST":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            flash(_("Choose a file to import."), "error")
            return render_template("admin/import.html", batch=None, report=None), 400
        try:
            batch = imports.start_check(current_user, upload.read(), upload.filename)
        except ServiceError as e:
            flash(e.message, "error")
            return render_template("admin/import.html", batch=None, report=None), 400
        return redirect(url_for("admin.import_batch", batch_id=batch.id))
    return render_template("admin/import.html", batch=None, report=None)


@bp.route("/import/<int:batch_id>", methods=["GET", "POST"])
def import_batch(batch_id: int) -> str | WResponse | tuple[str, int]:
    """A checked file: progress while it runs, then every bad row or the go to import (POST)."""
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFound()
    if request.method == "POST":
        try:
            imports.start_commit(current_user, batch)
        except ServiceError as e:
            flash(e.message, "error")
        return redirect(url_for("admin.import_batch", batch_id=batch_id))
    report = None if batch.status in ("pending", "committing") else imports.report_of(batch)
    if report is not None and batch.status == "committed":
        flash(
            _(
                "Imported %(rows)d rows: %(created)d created, %(updated)d updated, "
                "%(unchanged)d unchanged.",
                rows=report.rows,
                created=report.created,
                updated=report.updated,
                unchanged=report.unchanged,
            ),
            "success",
        )
    code = 400 if batch.status == "refused" else 200
    return render_template(
        "admin/import.html", batch=batch, report=report, filename=batch.filename
    ), code


@bp.route("/export.<fmt>")
def export(fmt: str) -> Response:
    """The catalogue (with the current filters) as CSV or XLSX."""
    if fmt not in ("csv", "xlsx"):
        raise NotFound()
    content, mimetype, ext = export_catalogue(
        current_user, CatalogueFilter.from_args(request.args), fmt
    )
    return Response(
        content,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="suppliers.{ext}"'},
    )
