"""The auth area."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from matchmaker.auth import views  # noqa: E402,F401
