"""The versioned JSON API (/api/v1): token-only, the same services and permission rules as
the pages, documented by OpenAPI (flask-smorest) at /api/v1/openapi.json and /api/v1/docs."""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api as SmorestApi

from matchmaker.api.core import PREFIX, ErrorSchema, IdConverter, RestConverter


class Api(SmorestApi):
    """flask-smorest for the spec and argument parsing only: errors stay the blueprints'
    business, so that the HTML pages keep their own error handlers."""

    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self) -> None:
        pass

    def _register_doc_blueprint(self) -> None:
        pass  # served by matchmaker.api.docs under the CSP


def init_app(app: Flask) -> Api:
    """Build the API's spec and mount its blueprints under /api/v1."""
    from matchmaker.api import companies, crm, docs, events, kpis, matches, needs, rfqs, tokens

    api = Api(
        spec_kwargs={
            "title": "matchmaker API",
            "version": "1.0.0",
            "openapi_version": "3.0.3",
            "info": {
                "description": "Companies, capabilities, needs, matches, events, RFQs and "
                "results. Authenticate with a personal token: "
                "`Authorization: Bearer <token>`."
            },
            "security": [{"bearerAuth": []}],
        }
    )
    app.url_map.converters["id"] = IdConverter
    app.url_map.converters["rest"] = RestConverter
    api.init_app(app)
    api.register_converter(IdConverter, lambda _converter: dict(IdConverter.SCHEMA))
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    for bp in (
        companies.me_bp,
        companies.bp,
        companies.taxonomy_bp,
        needs.bp,
        matches.bp,
        events.bp,
        rfqs.bp,
        kpis.bp,
        crm.bp,
    ):
        api.register_blueprint(bp, url_prefix=PREFIX)
    # smorest lists each blueprint by its name (api_needs); show the operations' tag (needs).
    for tag in api.spec._tags:
        tag["name"] = tag["name"].removeprefix("api_")
    app.register_blueprint(docs.bp, url_prefix=PREFIX)
    app.register_blueprint(tokens.bp, url_prefix="/api/tokens")
    app.extensions["matchmaker-api"] = api
    return api
