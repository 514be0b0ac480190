"""The catalogue area."""

from flask import Blueprint

bp = Blueprint("catalogue", __name__)

from matchmaker.catalogue import views  # noqa: E402,F401
