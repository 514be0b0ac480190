"""The needs area.

The blueprint alone: create_app imports the area's views (which add their routes to `bp`)
and commands; the package imports neither, so that no import goes round in a circle.
"""

from flask import Blueprint

bp = Blueprint("needs", __name__)
