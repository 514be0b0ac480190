"""Best pairs for organisers, shortlist actions for buyers, and the panels that the need and
company pages include (template globals, so that those pages' views stay untouched)."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from matchmaker.extensions import db
from matchmaker.matches import bp
from matchmaker.models import Company, Need
from matchmaker.services import ServiceError
from matchmaker.services.catalogue.vocab import state_choices
from matchmaker.services.platform.access import visible_need
from matchmaker.services.sourcing import recommendations as svc


@bp.app_template_global()
def need_recommendations(need: Need, lang: str) -> dict[str, Any] | None:
    """The recommended suppliers and the shortlist of a need, or None if the user may not
    see them."""
    if not svc.may_see_recommendations(current_user, need):
        return None
    return {
        "items": svc.recommendations(current_user, need, lang),
        "shortlist": svc.shortlist(current_user, need),
    }


@bp.app_template_global()
def supplier_fitting_needs(company: Company, lang: str) -> list[svc.Recommendation] | None:
    """The open needs that fit a supplier, or None if the user may not see them."""
    if not svc.may_see_fitting_needs(current_user, company):
        return None
    return svc.fitting_needs(current_user, company, lang)


@bp.route("/")
@login_required
def index() -> str:
    """The best pairs across all open needs: organisers and managers."""
    need_id = request.args.get("need", type=int)
    state = (request.args.get("state") or "").strip()[:60]
    lang = str(current_user.language)
    page = svc.best_pairs(
        current_user, lang, need_id=need_id, state=state, page=request.args.get("page", 1, type=int)
    )
    args = {k: v for k, v in (("need", need_id), ("state", state)) if v}
    return render_template(
        "matches/index.html",
        page=page,
        args=args,
        need_id=need_id,
        state=state,
        needs=svc.open_needs_choices(current_user),
        states=state_choices(),
    )


def _need(need_id: int) -> Need:
    return visible_need(current_user, db.session.get(Need, need_id))


@bp.post("/needs/<int:need_id>/shortlist")
@login_required
def shortlist_add(need_id: int) -> Response:
    """A buyer keeps a recommended supplier for a need."""
    need = _need(need_id)
    try:
        svc.add_to_shortlist(current_user, need, request.form.get("supplier", 0, type=int))
    except ServiceError as e:
        flash(e.message, "error")
    else:
        flash(_("The supplier was added to the shortlist."), "success")
    return redirect(url_for("needs.show", need_id=need.id) + "#shortlist")


@bp.post("/needs/<int:need_id>/shortlist/<int:company_id>/remove")
@login_required
def shortlist_remove(need_id: int, company_id: int) -> Response:
    """A buyer drops a supplier from a need's shortlist."""
    need = _need(need_id)
    if svc.remove_from_shortlist(current_user, need, company_id):
        flash(_("The supplier was removed from the shortlist."), "success")
    return redirect(url_for("needs.show", need_id=need.id) + "#shortlist")
