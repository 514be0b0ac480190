"""Console commands of the results area: exchange rates and follow-up e-mails."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import with_appcontext


@click.command("send-due-followups")
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Pretend today is this day (YYYY-MM-DD).",
)
@with_appcontext
def send_due_followups_cmd(today: object) -> None:
    """Create the follow-ups due for held meetings and e-mail what is due (safe for cron)."""
    from matchmaker.services.results.followups import create_and_send_due

    day = today.date() if today is not None else date.today()  # type: ignore[attr-defined]
    report = create_and_send_due(day)
    click.echo(
        f"{report.created} follow-ups created, {report.sent} sent, "
        f"{report.unreachable} without an e-mail address."
    )


@click.command("record-rate")
@click.argument("currency")
@click.argument("day", type=click.DateTime(["%Y-%m-%d"]))
@click.argument("rate")
@with_appcontext
def record_rate_cmd(currency: str, day: object, rate: str) -> None:
    """Record MXN per unit of CURRENCY on DAY, e.g. `record-rate USD 2026-11-20 18.4521`."""
    from matchmaker.services import ServiceError
    from matchmaker.services.results.fx import record_rate

    try:
        record_rate(None, currency.upper(), day.date(), rate)  # type: ignore[attr-defined]
    except ServiceError as e:
        raise click.ClickException(e.message) from None
    click.echo(f"{currency.upper()} {day:%Y-%m-%d}: {rate} MXN")


COMMANDS = (send_due_followups_cmd, record_rate_cmd)
