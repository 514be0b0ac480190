"""Sourcing events and trade missions: set-up, registration, requests, scheduling, agendas."""

from flask import Blueprint

bp = Blueprint("events", __name__)

from matchmaker.events import agenda_views, request_views, views  # noqa: E402,F401
