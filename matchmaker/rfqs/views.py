"""RFQs: list, issue, show, invite, move a response; exchange rates; follow-up answers."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from matchmaker.extensions import db
from matchmaker.labels import RESPONSE_STATUS
from matchmaker.models import Rfq, RfqResponse, Role
from matchmaker.rfqs import bp, forms
from matchmaker.services import ServiceError
from matchmaker.services.platform.access import require, require_role
from matchmaker.services.results import followups, fx, rfq_access, rfqs


@bp.route("/")
@login_required
def index() -> str:
    """The RFQs this user works with."""
    status = request.args.get("status", "")
    return render_template(
        "rfqs/index.html",
        rfqs=rfq_access.list_rfqs(current_user, status),
        status=status,
        may_create=rfq_access.may_create(current_user),
        labels_=RESPONSE_STATUS,
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> str | Response | tuple[str, int]:
    """A buyer issues an RFQ."""
    require(rfq_access.may_create(current_user))
    data = forms.rfq_form(request.form)
    if request.method == "GET":
        data.update(
            origin=request.args.get("origin", "direct"),
            meeting_id=request.args.get("meeting_id", ""),
        )
    errors: list[tuple[str | None, str]] = []
    if request.method == "POST":
        try:
            rfq = rfqs.create_rfq(current_user, data)
        except ServiceError as e:
            errors = e.errors
        else:
            flash(_("The RFQ was sent to the suppliers."), "success")
            return redirect(url_for("rfqs.show", rfq_id=rfq.id))
    page = render_template(
        "rfqs/new.html", data=data, errors=errors, choices=rfq_access.form_choices(current_user)
    )
    return (page, 400) if errors else page


@bp.route("/<int:rfq_id>")
@login_required
def show(rfq_id: int) -> str:
    """An RFQ and the responses this user may see, with their history."""
    return _show(rfq_access.visible_rfq(current_user, db.session.get(Rfq, rfq_id)))


def _show(rfq: Rfq, error: str = "") -> str:
    buyer = rfq_access.is_buyer_of(current_user, rfq)
    return render_template(
        "rfqs/show.html",
        rfq=rfq,
        error=error,
        responses=rfq_access.response_views(current_user, rfq),
        may_buy=buyer,
        status_label=rfqs.status_label,
        choices=rfq_access.form_choices(current_user) if buyer else None,
    )


@bp.post("/<int:rfq_id>/invite")
@login_required
def invite(rfq_id: int) -> Response:
    """The buyer invites one more supplier."""
    rfq = rfq_access.visible_rfq(current_user, db.session.get(Rfq, rfq_id))
    try:
        rfqs.invite(current_user, rfq, request.form.get("supplier_id", ""))
    except ServiceError as e:
        flash(e.message, "error")
    else:
        flash(_("The supplier was invited."), "success")
    return redirect(url_for("rfqs.show", rfq_id=rfq.id))


@bp.post("/<int:rfq_id>/responses/<int:response_id>/move")
@login_required
def move(rfq_id: int, response_id: int) -> Response | tuple[str, int]:
    """Quote, decline, negotiate, award, lose or cancel one supplier's response."""
    rfq = rfq_access.visible_rfq(current_user, db.session.get(Rfq, rfq_id))
    response = db.session.get(RfqResponse, response_id)
    if response is None or response not in rfq_access.visible_responses(current_user, rfq):
        abort(404)
    try:
        rfqs.move(
            current_user, response, request.form.get("status", ""), forms.move_form(request.form)
        )
    except ServiceError as e:
        db.session.rollback()
        return _show(rfq, e.message), 400
    flash(
        _("The response is now: %(status)s.", status=rfqs.status_label(response.status)), "success"
    )
    return redirect(url_for("rfqs.show", rfq_id=rfq.id))


@bp.route("/rates", methods=["GET", "POST"])
@login_required
def rates() -> str | Response | tuple[str, int]:
    """Organisers record the USD rate of a day (e.g. Banxico FIX)."""
    require_role(current_user, Role.ORGANISER)
    errors: list[tuple[str | None, str]] = []
    if request.method == "POST":
        try:
            day = date.fromisoformat(request.form.get("on", ""))
        except ValueError:
            errors = [("on", _("Use a date such as 2027-03-31."))]
        else:
            try:
                fx.record_rate(
                    current_user,
                    request.form.get("currency", "USD"),
                    day,
                    request.form.get("rate", ""),
                )
            except ServiceError as e:
                errors = e.errors
            else:
                flash(_("The rate was recorded."), "success")
                return redirect(url_for("rfqs.rates"))
    page = render_template(
        "rfqs/rates.html", rates=fx.recent_rates(), errors=errors, data=request.form
    )
    return (page, 400) if errors else page


@bp.route("/follow-up/<token>", methods=["GET", "POST"])
def followup(token: str) -> str | tuple[str, int]:
    """The follow-up form reached from the e-mail link; no login needed."""
    found = followups.by_token(token)
    if found is None:
        abort(404)
    errors: list[tuple[str | None, str]] = []
    data = forms.followup_form(request.form)
    if request.method == "POST":
        try:
            followups.answer(found, data)
        except ServiceError as e:
            errors = e.errors
        else:
            return render_template("rfqs/followup_thanks.html")
    page = render_template(
        "rfqs/followup.html",
        followup=found,
        data=data,
        errors=errors,
        context=followups.context(found),
        outcomes=followups.OUTCOME_LABELS,
    )
    return (page, 400) if errors else page
