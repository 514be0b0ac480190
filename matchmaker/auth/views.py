"""Log in, log out, register, accept an invitation."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from matchmaker.auth import bp, forms
from matchmaker.extensions import limiter
from matchmaker.main.views import safe_next
from matchmaker.services import ServiceError
from matchmaker.services.accounts import users as accounts


def _login_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login() -> str | Response:
    """Log in with e-mail and password."""
    if request.method == "POST":
        try:
            user = accounts.authenticate(
                request.form.get("email", ""), request.form.get("password", "")
            )
        except ServiceError as e:
            flash(e.message, "error")
            return render_template("auth/login.html", email=request.form.get("email", "")), 401
        login_user(user, remember=bool(request.form.get("remember")))
        return redirect(safe_next(request.args.get("next"), url_for("main.home")))
    return render_template("auth/login.html", email="")


@bp.post("/logout")
@login_required
def logout() -> Response:
    """Log out."""
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("main.home"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def register() -> str | Response | tuple[str, int]:
    """A supplier or buyer creates an account and its company (approved later by staff)."""
    data = forms.registration(request.form)
    if request.method == "POST":
        try:
            user = accounts.register(**data)
        except ServiceError as e:
            return render_template("auth/register.html", data=data, errors=e.errors), 400
        login_user(user)
        flash(
            _(
                "Welcome! Your company will appear in the catalogue once an organiser "
                "approves it. Meanwhile, complete its profile."
            ),
            "success",
        )
        return redirect(url_for("catalogue.profile", company_id=user.company_id))
    return render_template("auth/register.html", data=data, errors=[])


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def accept(token: str) -> str | Response | tuple[str, int]:
    """Open an invitation link and create the account."""
    try:
        invitation = accounts.open_invitation(token)
    except ServiceError as e:
        return render_template("main/error.html", code=404, message=e.message), 404
    if request.method == "POST":
        try:
            user = accounts.accept_invitation(
                token, name=request.form.get("name", ""), password=request.form.get("password", "")
            )
        except ServiceError as e:
            return render_template(
                "auth/accept.html",
                invitation=invitation,
                errors=e.errors,
                name=request.form.get("name", ""),
            ), 400
        login_user(user)
        flash(_("Your account is ready."), "success")
        return redirect(url_for("main.home"))
    return render_template("auth/accept.html", invitation=invitation, errors=[], name="")


@bp.route("/account")
@login_required
def account() -> str:
    """The logged-in user's account."""
    return render_template("auth/account.html", user=current_user)


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def forgot_password() -> str:
    """Ask for a password reset link by e-mail."""
    if request.method == "POST":
        accounts.request_password_reset(request.form.get("email", ""))
        flash(
            _(
                "If an account exists for that address, a link to reset its password is on its "
                "way. It works for one hour."
            ),
            "info",
        )
    return render_template("auth/forgot.html")


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def reset_password(token: str) -> str | Response | tuple[str, int]:
    """Choose a new password from a reset link."""
    try:
        accounts.user_for_reset(token)
    except ServiceError as e:
        return render_template("main/error.html", code=404, message=e.message), 404
    if request.method == "POST":
        try:
            accounts.reset_password(token, request.form.get("password", ""))
        except ServiceError as e:
            return render_template("auth/reset.html", errors=e.errors), 400
        flash(_("Your password was changed. Log in with the new one."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", errors=[])
