"""The needs area."""

from flask import Blueprint

bp = Blueprint("needs", __name__)

from matchmaker.needs import views  # noqa: E402,F401
