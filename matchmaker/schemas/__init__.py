"""Marshmallow schemas per area: what comes in (checked and converted to the typed values the
services take) and what goes out. The HTML views and the API load the same schemas, so a
field is checked one way, with one message, wherever it comes from.

A view reads its form, loads it with `load` (a ServiceError naming each bad field, as the page
shows them) and passes the result to one service; the API names the same schema in
`@bp.arguments`, and webargs answers 422 with the same messages."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from matchmaker.services import ServiceError


def errors_of(error: ma.ValidationError) -> list[tuple[str | None, str]]:
    """(field, message) pairs of a marshmallow error, in the schema's field order."""
    out: list[tuple[str | None, str]] = []

    def walk(messages: Any, field: str | None) -> None:
        if isinstance(messages, dict):
            for key, value in messages.items():
                walk(value, field if key in ("_schema",) or isinstance(key, int) else str(key))
        elif isinstance(messages, list | tuple):
            for message in messages:
                walk(message, field)
        else:
            out.append((field, str(messages)))

    walk(error.messages, None)
    return out


def load(schema: ma.Schema, data: dict[str, Any]) -> Any:
    """What the schema makes of `data`; a ServiceError listing every bad field otherwise."""
    try:
        return schema.load(data)
    except ma.ValidationError as e:
        errors = errors_of(e)
        raise ServiceError(errors[0][1], errors[0][0], errors) from None
