"""The page where a logged-in user creates and revokes personal API tokens (session and CSRF,
like every other page; the API itself takes only tokens)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from matchmaker.services import ServiceError
from matchmaker.services.accounts import api_tokens

bp = Blueprint("api_tokens", __name__)


@bp.route("/")
@login_required
def index() -> str:
    """The user's tokens and a form for a new one."""
    return render_template(
        "api/tokens.html",
        tokens=api_tokens.list_tokens(current_user),
        secret=None,
        errors=[],
        name="",
    )


@bp.post("/")
@login_required
def create() -> tuple[str, int] | str:
    """Create a token and show its secret this once (rendered, never flashed or stored)."""
    name = request.form.get("name", "")
    try:
        token, secret = api_tokens.create_token(current_user, name)
    except ServiceError as e:
        return render_template(
            "api/tokens.html",
            tokens=api_tokens.list_tokens(current_user),
            secret=None,
            errors=e.errors,
            name=name,
        ), 400
    return render_template(
        "api/tokens.html",
        tokens=api_tokens.list_tokens(current_user),
        secret=secret,
        created=token,
        errors=[],
        name="",
    )


@bp.post("/<int:token_id>/revoke")
@login_required
def revoke(token_id: int) -> Response:
    """Revoke one of the user's tokens; it stops working at once."""
    api_tokens.revoke_token(current_user, token_id)
    flash(_("The token was revoked."), "success")
    return redirect(url_for("api_tokens.index"))
