"""Dashboard, exports, quarterly reports (page and PDF) and member interactions."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WResponse

from matchmaker.dashboard import bp, forms
from matchmaker.services import ServiceError
from matchmaker.services.platform.access import require, require_role
from matchmaker.services.results import crm, dashboard, reports
from matchmaker.services.results import dashboard_filters as filters

MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@bp.route("/")
@login_required
def index() -> str:
    """The figures for the chosen filters, with charts."""
    require(filters.may_view(current_user))
    f = filters.parse(request.args, current_user)
    figures = dashboard.compute(f)
    return render_template(
        "dashboard/index.html",
        f=f,
        figures=figures,
        rows=reports.figure_rows(figures),
        charts=reports.charts(figures),
        choices=filters.choices(current_user),
        args=request.args,
        fmt=reports.fmt,
        described=filters.describe(f),
    )


@bp.route("/export.<fmt>")
@login_required
def export(fmt: str) -> Response:
    """The same figures as CSV or XLSX."""
    require(filters.may_view(current_user))
    if fmt not in MIMETYPES:
        abort(404)
    f = filters.parse(request.args, current_user)
    data = reports.export(dashboard.compute(f), fmt, filters.describe(f))
    return Response(
        data,
        mimetype=MIMETYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="dashboard.{fmt}"'},
    )


def _report_title(quarter: str, company_name: str | None) -> tuple[str, str]:
    title = _("What the cluster generated this quarter")
    if company_name:
        title = _("What %(company)s got from the cluster", company=company_name)
    return title, quarter or _("All time")


@bp.route("/report")
@bp.route("/report.pdf", endpoint="report_pdf")
@login_required
def report() -> str | Response:
    """The cluster-wide quarterly report: a printable page, or a PDF."""
    require(filters.may_view(current_user))
    quarter = request.args.get("quarter") or filters.current_quarter()
    f = filters.parse({"quarter": quarter}, current_user)
    return _render_report(f, None)


@bp.route("/report/company/<int:company_id>")
@bp.route("/report/company/<int:company_id>.pdf", endpoint="company_report_pdf")
@login_required
def company_report(company_id: int) -> str | Response:
    """One member company's quarterly report: its own people, managers and organisers."""
    quarter = request.args.get("quarter") or filters.current_quarter()
    company, f = filters.for_company(current_user, company_id, quarter)
    return _render_report(f, company)


def _render_report(f: filters.Filters, company: object | None) -> str | Response:
    figures = dashboard.compute(f)
    title, subtitle = _report_title(f.quarter, getattr(company, "legal_name", None))
    if request.path.endswith(".pdf"):
        return Response(
            reports.pdf(title, subtitle, figures),
            mimetype="application/pdf",
            headers={"Content-Disposition": 'inline; filename="report.pdf"'},
        )
    return render_template(
        "dashboard/report.html",
        title=title,
        subtitle=subtitle,
        f=f,
        figures=figures,
        rows=reports.figure_rows(figures),
        charts=reports.charts(figures),
        fmt=reports.fmt,
        company=company,
        quarters=filters.quarters(),
    )


@bp.route("/interactions", methods=["GET", "POST"])
@login_required
def interactions() -> str | WResponse | tuple[str, int]:
    """Member interactions: organisers record them; managers read them."""
    errors: list[tuple[str | None, str]] = []
    data = forms.interaction_form(request.form)
    if request.method == "POST":
        require_role(current_user, "organiser")
        try:
            crm.record_interaction(current_user, data)
        except ServiceError as e:
            errors = e.errors
        else:
            flash(_("The interaction was recorded."), "success")
            return redirect(url_for("dashboard.interactions"))
    company_id = request.args.get("company", type=int)
    page = render_template(
        "dashboard/interactions.html",
        rows=crm.list_interactions(current_user, company_id),
        kinds=crm.KIND_LABELS,
        errors=errors,
        data=data,
        companies=filters.choices(current_user)["companies"],
        may_record=current_user.has_role("organiser"),
    )
    return (page, 400) if errors else page
