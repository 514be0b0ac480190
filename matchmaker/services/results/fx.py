"""Exchange rates: MXN per unit of a currency on a day, and converting values to MXN."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Currency, ExchangeRate, Role
from matchmaker.services import ServiceError, atomic
from matchmaker.services.platform.access import require_role
from matchmaker.services.platform.audit import record

CENT = Decimal("0.01")


def rate_on(currency: str, day: date) -> Decimal:
    """MXN per unit of currency on day: the latest rate recorded on or before it; MXN is 1.
    Refuses when no such rate is known."""
    if currency == Currency.MXN:
        return Decimal(1)
    if currency not in {c.value for c in Currency}:
        raise ServiceError(_("Unknown currency."), "currency")
    rate = db.session.scalar(
        select(ExchangeRate.rate)
        .where(ExchangeRate.currency == currency, ExchangeRate.on <= day)
        .order_by(ExchangeRate.on.desc())
        .limit(1)
    )
    if rate is None:
        raise ServiceError(
            _(
                "No %(currency)s exchange rate is recorded on or before "
                "%(day)s; ask an organiser to record it first.",
                currency=currency,
                day=day.isoformat(),
            ),
            "currency",
        )
    return Decimal(rate)


def to_mxn(value: Decimal, rate: Decimal) -> Decimal:
    """A value in MXN, rounded to cents."""
    return (value * rate).quantize(CENT, rounding=ROUND_HALF_UP)


def parse_rate(raw: Any) -> Decimal:
    """A positive rate from form text."""
    try:
        rate = Decimal(str(raw).strip().replace(",", ""))
    except InvalidOperation:
        raise ServiceError(_("The rate is not a number."), "rate") from None
    if not rate.is_finite() or rate <= 0 or rate > Decimal("999999"):
        raise ServiceError(_("The rate must be a positive number."), "rate")
    return rate


@atomic
def record_rate(actor: Any, currency: str, day: date, raw_rate: Any) -> ExchangeRate:
    """Record (or correct) the rate of a currency on a day; organisers only (None: command)."""
    if actor is not None:
        require_role(actor, Role.ORGANISER)
    if currency not in {c.value for c in Currency} or currency == Currency.MXN:
        raise ServiceError(_("Rates are recorded for USD only."), "currency")
    rate = parse_rate(raw_rate)
    row = db.session.scalar(
        select(ExchangeRate).where(ExchangeRate.currency == currency, ExchangeRate.on == day)
    )
    if row is None:
        row = ExchangeRate(currency=currency, on=day, rate=rate)
        db.session.add(row)
    else:
        row.rate = rate
    record(
        actor,
        "exchange_rate.record",
        "exchange_rates",
        currency=currency,
        on=day.isoformat(),
        rate=str(rate),
    )
    return row


def recent_rates(limit: int = 30) -> list[ExchangeRate]:
    """The latest recorded rates, newest first."""
    return list(
        db.session.scalars(select(ExchangeRate).order_by(ExchangeRate.on.desc()).limit(limit))
    )
