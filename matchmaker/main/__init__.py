"""The main area."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from matchmaker.main import views  # noqa: E402,F401
