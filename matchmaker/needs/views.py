"""Sourcing needs: list, post, edit, close."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from matchmaker.extensions import db
from matchmaker.labels import NEED_STATUS, label
from matchmaker.models import Need
from matchmaker.needs import bp
from matchmaker.schemas import needs as need_schemas
from matchmaker.services import ServiceError
from matchmaker.services.catalogue.taxonomy import terms_of_kind
from matchmaker.services.catalogue.vocab import certification_choices, state_choices
from matchmaker.services.platform.access import can_edit_need, require, visible_need
from matchmaker.services.sourcing import needs

PAGE_SIZE = 50


def _choices() -> dict[str, object]:
    lang = str(current_user.language)
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
    """The needs this user works with."""
    status = request.args.get("status", "")
    page = needs.list_needs(current_user, status, request.args.get("page", 1, type=int), PAGE_SIZE)
    return render_template(
        "needs/index.html", page=page, status=status, may_create=needs.may_create(current_user)
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> str | Response | tuple[str, int]:
    """A buyer posts a need."""
    require(needs.may_create(current_user))
    data = need_schemas.read_form(request.form)
    if request.method == "POST":
        try:
            need = needs.create_need(current_user, need_schemas.from_form(data))
        except ServiceError as e:
            return render_template(
                "needs/edit.html", need=None, data=data, errors=e.errors, choices=_choices()
            ), 400
        flash(_("The need was posted."), "success")
        return redirect(url_for("needs.show", need_id=need.id))
    data.update(status="open", certification_mode="penalise")
    return render_template("needs/edit.html", need=None, data=data, errors=[], choices=_choices())


@bp.route("/<int:need_id>")
@login_required
def show(need_id: int) -> str:
    """A need's page."""
    need = visible_need(current_user, db.session.get(Need, need_id))
    return render_template("needs/show.html", need=need, may_edit=can_edit_need(current_user, need))


@bp.route("/<int:need_id>/edit", methods=["GET", "POST"])
@login_required
def edit(need_id: int) -> str | Response | tuple[str, int]:
    """Change a need: its company's buyers and staff only."""
    need = visible_need(current_user, db.session.get(Need, need_id))
    require(can_edit_need(current_user, need))
    if request.method == "POST":
        data = need_schemas.read_form(request.form)
        try:
            needs.update_need(current_user, need, need_schemas.from_form(data))
        except ServiceError as e:
            db.session.rollback()
            return render_template(
                "needs/edit.html", need=need, data=data, errors=e.errors, choices=_choices()
            ), 400
        flash(_("The need was saved."), "success")
        return redirect(url_for("needs.show", need_id=need.id))
    data = need_schemas.form_of(need)
    return render_template("needs/edit.html", need=need, data=data, errors=[], choices=_choices())


@bp.post("/<int:need_id>/status")
@login_required
def set_status(need_id: int) -> Response:
    """Close or reopen a need."""
    need = visible_need(current_user, db.session.get(Need, need_id))
    try:
        needs.set_status(current_user, need, request.form.get("status", ""))
    except ServiceError as e:
        flash(e.message, "error")
    else:
        flash(_("The need is now: %(status)s.", status=label(NEED_STATUS, need.status)), "success")
    return redirect(url_for("needs.show", need_id=need.id))
