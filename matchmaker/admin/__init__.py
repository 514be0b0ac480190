"""The admin area."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from matchmaker.admin import views  # noqa: E402,F401
