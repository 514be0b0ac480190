"""matchmaker: supplier catalogue, matching, sourcing events and results for clusters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, current_app, has_request_context, render_template, request, session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from matchmaker.config import check_secret_key, config_for, default_sqlite_uri
from matchmaker.extensions import babel, csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    """templates/ or migrations/: inside the package when installed from a wheel (setup.py
    copies them there), at the top of the checkout otherwise."""
    return next(p for p in (ROOT / name, ROOT.parent / name) if p.is_dir())


TEMPLATES = _shipped("templates")
MIGRATIONS = _shipped("migrations")


def create_app(config: dict[str, Any] | None = None, env: str | None = None) -> Flask:
    """Build the application; tests pass their own config."""
    app = Flask(__name__, template_folder=str(TEMPLATES), instance_relative_config=True)
    app.config.from_object(config_for(env))
    if config:
        app.config.update(config)
    check_secret_key(app.config)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = default_sqlite_uri(app.instance_path)
    if not app.config.get("MAIL_OUTBOX"):
        app.config["MAIL_OUTBOX"] = str(Path(app.instance_path) / "outbox")
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_security_headers(app)
    register_approval_gate(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def select_locale() -> str:
    """The user's language, else the one chosen this session, else the browser's; outside a
    request (commands, jobs) the configured default."""
    if not has_request_context():
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    if current_user.is_authenticated:
        return str(current_user.language)
    chosen = session.get("lang")
    if chosen in ("es", "en"):
        return str(chosen)
    return request.accept_languages.best_match(["es", "en"]) or "es"


def register_extensions(app: Flask) -> None:
    """Bind the extension instances to this app."""
    from matchmaker import models  # noqa: F401  (registers the tables)

    db.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        _sqlite_pragmas(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True, compare_type=True)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(ROOT / "translations"),
    )
    csrf.init_app(app)
    limiter.init_app(app)

    @login_manager.user_loader
    def load_user(user_id: str) -> Any:
        from sqlalchemy.orm import joinedload

        from matchmaker.models import User

        # One query for the user and its roles: this runs on every request.
        return db.session.get(User, int(user_id), options=[joinedload(User.role_rows)])

    login_manager.login_message = _l("Please log in to see this page.")


def _sqlite_pragmas(app: Flask) -> None:
    """Foreign keys are off by default in SQLite; deletions must respect them as PostgreSQL does."""
    from sqlalchemy import event

    with app.app_context():

        @event.listens_for(db.engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
            cur.execute("PRAGMA busy_timeout=5000")
            cur.close()


def register_blueprints(app: Flask) -> None:
    """Mount each area's blueprint; importing an area's views adds its routes to it."""
    from matchmaker.admin import views as admin
    from matchmaker.api import init_app as init_api
    from matchmaker.auth import views as auth
    from matchmaker.catalogue import views as catalogue
    from matchmaker.dashboard import views as dashboard
    from matchmaker.events import agenda_views, request_views
    from matchmaker.events import views as events
    from matchmaker.main import views as main
    from matchmaker.matches import views as matches
    from matchmaker.needs import views as needs
    from matchmaker.rfqs import views as rfqs

    app.register_blueprint(main.bp)
    app.register_blueprint(auth.bp, url_prefix="/auth")
    app.register_blueprint(catalogue.bp, url_prefix="/companies")
    app.register_blueprint(needs.bp, url_prefix="/needs")
    app.register_blueprint(admin.bp, url_prefix="/admin")
    # The events area's pages are in three modules, all on one blueprint.
    assert events.bp is agenda_views.bp is request_views.bp
    app.register_blueprint(events.bp, url_prefix="/events")
    app.register_blueprint(rfqs.bp, url_prefix="/rfqs")
    app.register_blueprint(dashboard.bp, url_prefix="/dashboard")
    app.register_blueprint(matches.bp, url_prefix="/matches")
    init_api(app)  # /api/v1 and the API tokens page


def register_errorhandlers(app: Flask) -> None:
    """Friendly pages for errors; never a stack trace."""

    def render_error(error: Any) -> tuple[str, int]:
        from matchmaker.services.platform.access import NotCleared

        code = getattr(error, "code", 500) or 500
        if isinstance(error, NotCleared):
            return render_template(
                "main/error.html", code=code, message=error.description, waiting=True
            ), code
        if code == 500:
            db.session.rollback()
        messages = {
            400: _("The request could not be understood."),
            403: _("You do not have permission to do that."),
            404: _("That page does not exist, or you cannot see it."),
            405: _("That action is not allowed here."),
            413: _("The file is too large."),
            429: _("Too many attempts. Please wait a minute and try again."),
            500: _("Something went wrong on our side. It has been logged."),
        }
        return render_template(
            "main/error.html", code=code, message=messages.get(code, messages[500])
        ), code

    for code in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(code, render_error)


def register_security_headers(app: Flask) -> None:
    """Headers that stop framing, sniffing and inline script injection."""

    @app.after_request
    def _headers(response: Any) -> Any:
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'; base-uri 'self'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response


def register_approval_gate(app: Flask) -> None:
    """A company that is not approved sees and edits its own profile and nothing else (the
    API applies the same gate once it knows the token's user)."""
    from matchmaker.services.platform.access import gate

    @app.before_request
    def _gate() -> None:
        if request.path.startswith("/api/v1"):
            return
        gate(current_user, request.endpoint, request.view_args)


def register_template_helpers(app: Flask) -> None:
    """Values every template can use."""
    from matchmaker import formatting, labels

    formatting.register(app)

    @app.context_processor
    def _inject() -> dict[str, Any]:
        from flask_babel import get_locale

        from matchmaker.services.platform.access import is_cleared

        return {
            "lang": str(get_locale() or "es"),
            "labels": labels,
            "cleared": is_cleared(current_user),
        }


def register_commands(app: Flask) -> None:
    """Add each area's console commands to the Flask CLI (`matchmaker --help` lists them)."""
    from matchmaker.catalogue import commands as catalogue
    from matchmaker.events import commands as events
    from matchmaker.main import commands as main
    from matchmaker.matches import commands as matches
    from matchmaker.rfqs import commands as rfqs

    for area in (main, catalogue, matches, events, rfqs):
        for command in area.COMMANDS:
            app.cli.add_command(command)
