"""Fields shared by the schemas. Their messages are for people, translated when a value is
checked (in the reader's language), and the same whether a value came from a form or JSON."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import marshmallow as ma
from flask_babel import gettext as _

from matchmaker.services.platform import validation

F = ma.fields
Message = Callable[[], str]


def storable(value: str) -> None:
    """Text the databases can hold: no NUL, no lone surrogates."""
    if "\x00" in value:
        raise ma.ValidationError(_("The text contains a NUL character."))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise ma.ValidationError(_("The text is not valid Unicode.")) from e


def Text(max_length: int | None = None, **kw: Any) -> F.String:  # noqa: N802
    """A string field that refuses what the database cannot store."""
    validators = [storable] + ([ma.validate.Length(max=max_length)] if max_length else [])
    extra = kw.pop("validate", None)
    validators += list(extra) if isinstance(extra, list | tuple) else [extra] if extra else []
    return F.String(validate=validators, **kw)


class UtcDateTime(F.DateTime):
    """RFC 3339 with its offset: SQLite hands back naive times, which are UTC here."""

    def _serialize(self, value: Any, attr: Any, obj: Any, **kwargs: Any) -> Any:
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class Line(F.String):
    """Text as people type it: trimmed, storable, at most `limit` characters; `blank` (if
    given) is the message for an empty value, `too_long` the one for a long value."""

    def __init__(
        self,
        limit: int,
        *,
        blank: Message | None = None,
        too_long: Message | None = None,
        **kw: Any,
    ) -> None:
        # The Length validator documents the limit in the OpenAPI document; the check itself
        # is made below, on the trimmed text, with the field's own message.
        super().__init__(validate=ma.validate.Length(max=limit), **kw)
        self.limit, self.blank, self.too_long = limit, blank, too_long

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        text = str(super()._deserialize(value, attr, data, **kwargs)).strip()
        storable(text)
        if not text and self.blank is not None:
            raise ma.ValidationError(self.blank())
        if len(text) > self.limit:
            raise ma.ValidationError(
                self.too_long()
                if self.too_long
                else _("Too long: %(n)d characters at most.", n=self.limit)
            )
        return text


class WholeNumber(F.Integer):
    """A whole number of at least 0: a JSON number, or text as a form or a spreadsheet gives
    it ("1,200", "120.0")."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> int:
        try:
            return validation.whole_number(value)
        except ValueError as e:
            raise ma.ValidationError(str(e)) from None


class Day(F.Date):
    """A date written YYYY-MM-DD."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> date:
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            raise ma.ValidationError(_("Give the date as YYYY-MM-DD.")) from None


def one_of(choices: list[str], message: Message) -> Callable[[Any], None]:
    """A validator: the value is one of `choices`, else `message`."""

    def check(value: Any) -> None:
        if value not in choices:
            raise ma.ValidationError(message())

    return check
