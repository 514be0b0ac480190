"""The RFQ area: requests for quotation, quotes and awards; exchange rates; follow-up forms."""

from flask import Blueprint

bp = Blueprint("rfqs", __name__)

from matchmaker.rfqs import views  # noqa: E402,F401
