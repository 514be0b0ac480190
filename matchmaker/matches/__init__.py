"""The matching area: organisers' best pairs, shortlist actions, recommendation panels."""

from flask import Blueprint

bp = Blueprint("matches", __name__)

from matchmaker.matches import views  # noqa: E402,F401
