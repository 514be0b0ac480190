"""The OpenAPI document and the interactive docs page (Swagger UI served from this app, so
that the page works under the site's CSP: script-src 'self', style-src 'self')."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, send_from_directory
from swagger_ui_bundle import swagger_ui_path
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from matchmaker.api.core import add_fallback, protect

bp = protect(
    Blueprint("api_docs", __name__, static_folder="static", static_url_path="/docs/static"),
    public=True,
)
SWAGGER_FILES = {
    "swagger-ui.css",
    "swagger-ui-bundle.js",
    "swagger-ui-standalone-preset.js",
    "favicon-32x32.png",
    "favicon-16x16.png",
}


@bp.route("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3 document of /api/v1."""
    return jsonify(current_app.extensions["matchmaker-api"].spec.to_dict())


@bp.route("/docs")
def docs() -> str:
    """Swagger UI: read the API and try it with a token (the Authorize button)."""
    return render_template("api/docs.html")


@bp.route("/docs/swagger/<name>")
def swagger_asset(name: str) -> Response:
    """Swagger UI's own files, from the swagger-ui-bundle package."""
    if name not in SWAGGER_FILES:
        raise NotFound()
    return send_from_directory(str(swagger_ui_path), name, max_age=86400)


add_fallback(bp)  # unknown paths and wrong methods under /api/v1: JSON, not HTML
