"""The results area: dashboard, exports, quarterly reports and member interactions."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__)

from matchmaker.dashboard import views  # noqa: E402,F401
