"""What every API endpoint shares: bearer-token authentication, one JSON shape for every
error, and pagination."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from typing import Any

import marshmallow as ma
from flask import Blueprint, current_app, g, jsonify, request, url_for
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin
from flask_smorest import Blueprint as SmorestBlueprint
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, Unauthorized
from werkzeug.routing import IntegerConverter, PathConverter
from werkzeug.wrappers import Response

from matchmaker.extensions import csrf, db, limiter
from matchmaker.services import ServiceError
from matchmaker.services.accounts.api_tokens import authenticate
from matchmaker.services.platform.access import NotCleared, gate

PREFIX = "/api/v1"
PER_PAGE = 25
MAX_PER_PAGE = 100
log = logging.getLogger(__name__)


class IdConverter(IntegerConverter):
    """A record id in a path. Ids are 32-bit in the database (PostgreSQL refuses to compare
    with a bigger number), so a larger one, which no record can have, becomes 0 and is not
    found; more than 18 digits do not match at all and answer 404 like an unknown path."""

    regex = r"\d{1,18}"
    MAX = 2**31 - 1
    SCHEMA = {"type": "integer", "minimum": 0, "maximum": MAX}

    def to_python(self, value: str) -> int:
        number = int(value)
        return number if number <= self.MAX else 0


# A record id in a request body or query string: the same 32-bit limit as in paths.
REF = ma.validate.Range(min=1, max=IdConverter.MAX)


class RestConverter(PathConverter):
    """Whatever follows /api/v1/, line breaks included (the path converter stops at them)."""

    regex = r"[\s\S]+"
    part_isolating = False  # it spans several parts (werkzeug guesses from a "/" in regex)


class ErrorItemSchema(ma.Schema):
    field = ma.fields.String(allow_none=True, required=True)
    message = ma.fields.String(required=True)


class ErrorBodySchema(ma.Schema):
    status = ma.fields.Integer(required=True)
    message = ma.fields.String(required=True)
    field = ma.fields.String(allow_none=True, required=True)
    errors = ma.fields.List(ma.fields.Nested(ErrorItemSchema), required=True)


class ErrorSchema(ma.Schema):
    """Every error the API returns, whatever its status."""

    error = ma.fields.Nested(ErrorBodySchema, required=True)


def _messages() -> dict[int, str]:
    return {
        400: _("The request could not be understood."),
        401: _("A valid API token is required (Authorization: Bearer <token>)."),
        403: _("You do not have permission to do that."),
        404: _("That resource does not exist, or you cannot see it."),
        405: _("That method is not allowed here."),
        409: _("The record was changed by someone else, or conflicts with another one."),
        413: _("The request is too large."),
        415: _("Send the body as application/json."),
        422: _("Some values are not valid."),
        429: _("Too many requests. Please wait a minute and try again."),
        500: _("Something went wrong on our side. It has been logged."),
    }


def error_response(
    status: int,
    message: str | None = None,
    field: str | None = None,
    errors: Sequence[tuple[str | None, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """The one error shape: {"error": {status, message, field, errors: [{field, message}]}}."""
    message = message or _messages().get(status) or _messages()[500]
    items = [{"field": f, "message": m} for f, m in (errors or [(field, message)])]
    response = jsonify(
        {"error": {"status": status, "message": message, "field": field, "errors": items}}
    )
    response.status_code = status
    for k, v in (headers or {}).items():
        response.headers[k] = v
    return response


def _flatten(messages: Any, path: str = "") -> list[tuple[str | None, str]]:
    """webargs/marshmallow messages ({"json": {"title": ["..."]}}) as (field, message) pairs."""
    if isinstance(messages, dict):
        out: list[tuple[str | None, str]] = []
        for key, value in messages.items():
            key = str(key)
            if not path and key in ("json", "query", "form", "headers", "view_args"):
                out += _flatten(value, "")
            elif key == "_schema":
                out += _flatten(value, path)
            else:
                out += _flatten(value, f"{path}.{key}" if path else key)
        return out
    if isinstance(messages, list | tuple):
        return [pair for m in messages for pair in _flatten(m, path)]
    return [(path or None, str(messages))]


def handle_http(e: HTTPException) -> Response:
    """werkzeug and webargs errors in the API's shape."""
    code = e.code or 500
    data = getattr(e, "data", None) or {}
    headers = {}
    if isinstance(e, NotCleared):
        return error_response(code, e.description)
    if code == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="matchmaker"'
    if code == 405 and getattr(e, "valid_methods", None):
        headers["Allow"] = ", ".join(e.valid_methods or ())
    if "messages" in data:
        pairs = _flatten(data["messages"])
        if pairs:
            return error_response(
                code, pairs[0][1] if code != 422 else _messages()[422], pairs[0][0], pairs, headers
            )
    if code not in _messages():
        code = 500 if code >= 500 else 400
    return error_response(code, headers=headers)


def handle_service_error(e: ServiceError) -> Response:
    """Refused input: 422 when it names a field, else 400."""
    db.session.rollback()
    return error_response(
        422 if e.field or any(f for f, _m in e.errors) else 400, e.message, e.field, e.errors
    )


def handle_conflict(e: Exception) -> Response:
    """Someone else changed the record meanwhile, or a unique value is taken."""
    db.session.rollback()
    return error_response(409)


def handle_unexpected(e: Exception) -> Response:
    """Never a stack trace: log it, answer 500 in the API's shape."""
    if isinstance(e, HTTPException):
        return handle_http(e)
    db.session.rollback()
    log.exception("API error on %s %s", request.method, request.path)
    return error_response(500)


def _authenticate() -> None:
    """Token only: the session cookie is never read, so CSRF does not apply."""
    header = request.headers.get("Authorization", "")
    scheme, _sep, secret = header.partition(" ")
    user = authenticate(secret.strip()) if scheme.lower() == "bearer" else None
    # Flask-Login reads g._login_user first: current_user is the token's user (or nobody),
    # and the session is never consulted.
    g._login_user = user if user is not None else AnonymousUserMixin()
    if user is None:
        raise Unauthorized()
    gate(user, request.endpoint, request.view_args)


class ApiBlueprint(SmorestBlueprint):
    """A smorest blueprint named api_<tag> (the pages own the plain names), its operations
    tagged <tag>."""

    def __init__(self, tag: str, import_name: str, **kw: Any) -> None:
        super().__init__(f"api_{tag}", import_name, **kw)
        self.tag = tag

    def route(self, rule: str, *, parameters: Any = None, tags: Any = None, **options: Any) -> Any:
        return super().route(rule, parameters=parameters, tags=tags or [self.tag], **options)


def protect(bp: Blueprint, *, public: bool = False) -> Blueprint:
    """Make a blueprint part of the API: JSON errors, no CSRF, bearer tokens unless public."""
    bp.register_error_handler(HTTPException, handle_http)
    # Flask prefers an app's handler for a status code over a blueprint's for a class.
    for code in (400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500):
        bp.register_error_handler(code, handle_unexpected)
    bp.register_error_handler(ServiceError, handle_service_error)
    bp.register_error_handler(StaleDataError, handle_conflict)
    bp.register_error_handler(IntegrityError, handle_conflict)
    bp.register_error_handler(Exception, handle_unexpected)
    csrf.exempt(bp)
    if not public:
        limiter.shared_limit(_rate_limit, scope="api-v1", key_func=_rate_key)(bp)
        bp.before_request(_authenticate)
    return bp


def _rate_limit() -> str:
    """Requests each token (or each address without one) may make."""
    return str(current_app.config.get("API_RATE_LIMIT", "600 per minute"))


def _rate_key() -> str:
    """A token's own budget; callers without a plausible token share their address's."""
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer mm_") and len(header) < 220:
        return "api-token:" + hashlib.sha256(header.encode("utf-8", "replace")).hexdigest()
    return "api-addr:" + (request.remote_addr or "-")


def actor() -> Any:
    """The user the request's token belongs to."""
    return g._login_user


# Pagination -------------------------------------------------------------------------------


class PageArgs(ma.Schema):
    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1, max=1_000_000))
    per_page = ma.fields.Integer(
        load_default=PER_PAGE,
        validate=ma.validate.Range(min=1, max=MAX_PER_PAGE),
        metadata={"description": f"At most {MAX_PER_PAGE}."},
    )


class LinksSchema(ma.Schema):
    self = ma.fields.String(required=True)
    first = ma.fields.String(required=True)
    last = ma.fields.String(required=True)
    next = ma.fields.String(allow_none=True, required=True)
    prev = ma.fields.String(allow_none=True, required=True)


_page_schemas: dict[str, type[ma.Schema]] = {}


def page_of(item: type[ma.Schema]) -> type[ma.Schema]:
    """A list envelope for one kind of item: items, total, page, per_page, pages, links."""
    name = item.__name__.removesuffix("Schema") + "PageSchema"
    if name not in _page_schemas:
        _page_schemas[name] = type(
            name,
            (ma.Schema,),
            {
                "items": ma.fields.List(ma.fields.Nested(item), required=True),
                "total": ma.fields.Integer(required=True),
                "page": ma.fields.Integer(required=True),
                "per_page": ma.fields.Integer(required=True),
                "pages": ma.fields.Integer(required=True),
                "links": ma.fields.Nested(LinksSchema, required=True),
            },
        )
    return _page_schemas[name]


def paginate(items: Sequence[Any] | Pagination, args: dict[str, Any]) -> dict[str, Any]:
    """One page of a list (or a ready Pagination), with links to the neighbouring pages."""
    page, per_page = args.get("page", 1), args.get("per_page", PER_PAGE)
    if isinstance(items, Pagination):
        rows, total = list(items.items), items.total or 0
    else:
        total = len(items)
        rows = list(items[(page - 1) * per_page : page * per_page])
    pages = max(1, -(-total // per_page))

    def link(n: int) -> str:
        query = {k: v for k, v in request.args.items() if k not in ("page", "per_page")}
        return url_for(
            request.endpoint or "", **(request.view_args or {}), **query, page=n, per_page=per_page
        )

    return {
        "items": rows,
        "total": total,
        "page": page,
        "per_page": per_page,
        "pages": pages,
        "links": {
            "self": link(page),
            "first": link(1),
            "last": link(pages),
            "next": link(page + 1) if page < pages else None,
            "prev": link(page - 1) if 1 < page <= pages + 1 else None,
        },
    }


def add_fallback(bp: Blueprint) -> None:
    """Unknown paths and wrong methods under /api/v1 answer in JSON, not the HTML page."""
    from werkzeug.exceptions import MethodNotAllowed, NotFound
    from werkzeug.routing import RequestRedirect

    methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    @bp.route("/<rest:rest>", methods=methods)
    @bp.route("/", methods=methods, defaults={"rest": ""})
    def fallback(rest: str) -> Response:
        """Tell a wrong method from an unknown path (the router sends both here)."""
        adapter = current_app.url_map.bind("localhost")
        allowed = set()
        for method in methods:
            try:
                endpoint, _args = adapter.match(request.path, method=method)
            except (NotFound, MethodNotAllowed, RequestRedirect):
                continue
            if endpoint != f"{bp.name}.fallback":
                allowed.add(method)
        if allowed:
            raise MethodNotAllowed(valid_methods=sorted(allowed))
        raise NotFound()
