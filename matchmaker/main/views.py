"""Home, help and the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import jsonify, redirect, render_template, request, session
from flask_login import current_user, login_required
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from matchmaker.extensions import db
from matchmaker.main import bp
from matchmaker.models import Job
from matchmaker.services.accounts import users as accounts
from matchmaker.services.platform.access import is_cleared, waiting_message
from matchmaker.services.platform.jobs import job_status


def safe_next(target: str | None, default: str = "/") -> str:
    """A local path to go back to; never another site."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


@bp.route("/")
def home() -> str:
    """The start page: what each role can do next (or why only the profile is open yet)."""
    waiting = (
        ""
        if not current_user.is_authenticated or is_cleared(current_user)
        else waiting_message(current_user)
    )
    return render_template("main/home.html", waiting_message=waiting)


@bp.route("/help")
def help() -> str:
    """How to use the platform, per role."""
    return render_template("main/help.html")


@bp.post("/language")
def set_language() -> Response:
    """Switch the interface language (saved on the account when logged in)."""
    language = request.form.get("language", "es")
    if language in ("es", "en"):
        session["lang"] = language
        if current_user.is_authenticated:
            accounts.set_language(current_user, language)
    return redirect(safe_next(request.form.get("next")))


@bp.route("/jobs/<int:job_id>")
@login_required
def job(job_id: int) -> Response:
    """A long job's progress as JSON, polled by the page that started it."""
    found = db.session.get(Job, job_id)
    if found is None:
        raise NotFound()
    return jsonify(job_status(current_user, found))
