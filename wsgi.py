"""WSGI entry point: `gunicorn wsgi:app` (what `matchmaker serve` runs, with its options)."""

from matchmaker.server import create_server_app

app = create_server_app()
