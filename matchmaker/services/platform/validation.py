"""Field rules shared by forms, imports and the API. Each raises ValueError with a message
for people (already translated)."""

from __future__ import annotations

import math
import re
from datetime import date

from flask_babel import gettext as _

RFC_RE = re.compile(r"^([A-ZÑ&]{3,4})(\d{2})(\d{2})(\d{2})([A-Z0-9]{2}[0-9A])$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URL_RE = re.compile(r"^https?://[^\s/$.?#].[^\s]*$", re.IGNORECASE)


def rfc(value: str) -> str:
    """A Mexican RFC (12 characters for companies, 13 for persons) with a real date in it."""
    text = re.sub(r"[\s-]", "", value).upper()
    match = RFC_RE.match(text)
    if not match:
        raise ValueError(_("“%(value)s” is not a valid RFC (e.g. ABC010203XY1).", value=value))
    yy, mm, dd = (int(g) for g in match.groups()[1:4])
    try:
        date(2000 + yy, mm, dd)
    except ValueError:
        raise ValueError(
            _("“%(value)s” is not a valid RFC: its date is not a real date.", value=value)
        ) from None
    return text


def email(value: str) -> str:
    """A plausible e-mail address, lower-cased."""
    text = value.strip().lower()
    if not EMAIL_RE.match(text) or len(text) > 254:
        raise ValueError(_("“%(value)s” is not a valid e-mail address.", value=value))
    return text


def website(value: str) -> str:
    """An http(s) address; a bare domain gets https:// in front."""
    text = value.strip()
    if text and not text.lower().startswith(("http://", "https://")):
        text = "https://" + text
    if not URL_RE.match(text) or len(text) > 255:
        raise ValueError(_("“%(value)s” is not a valid web address.", value=value))
    return text


def whole_number(value: str | int | float, *, minimum: int = 0) -> int:
    """A whole number at least `minimum` (spreadsheets give 120.0 for 120)."""
    try:
        number = float(str(value).replace(",", "").strip())
    except ValueError:
        raise ValueError(_("“%(value)s” is not a number.", value=value)) from None
    if not math.isfinite(number) or number != int(number) or number < minimum:
        raise ValueError(
            _("“%(value)s” must be a whole number of at least %(min)d.", value=value, min=minimum)
        )
    return int(number)


def password(value: str) -> str:
    """A password long enough to resist guessing."""
    if len(value) < 10:
        raise ValueError(_("The password must have at least 10 characters."))
    if len(value) > 200:
        raise ValueError(_("The password is too long."))
    return value
