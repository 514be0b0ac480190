"""Console commands of events: export an event's instance, import a schedule, schedule a file.

`schedule` needs no app and is added to the `matchmaker` group itself (see matchmaker/cli.py);
the others import the services inside the command, so that it starts fast.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext


def _event(ref: str):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from matchmaker.extensions import db
    from matchmaker.models import Event

    event = (
        db.session.get(Event, int(ref))
        if ref.isdigit()
        else db.session.scalar(select(Event).where(Event.name == ref))
    )
    if event is None:
        raise click.ClickException(f"No event {ref!r} (give its id or exact name).")
    return event


@click.command("export-instance")
@click.argument("event")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@with_appcontext
def export_instance_cmd(event: str, output: Path) -> None:
    """Write EVENT's scheduling instance (matchmaking-instance/1 JSON) to a file."""
    from matchmaker.services.events.exchange import export_instance

    text = export_instance(_event(event))
    output.write_text(text + "\n", encoding="utf-8")
    click.echo(f"Instance written to {output}.")


@click.command("import-schedule")
@click.argument("event")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_schedule_cmd(event: str, file: Path) -> None:
    """Check a schedule file against EVENT and save it (all or nothing)."""
    from matchmaker.services import ServiceError
    from matchmaker.services.events.exchange import import_schedule

    try:
        n = import_schedule(_event(event), file.read_text(encoding="utf-8"))
    except ServiceError as e:
        for _field, message in e.errors[1:]:
            click.echo(message, err=True)
        raise click.ClickException(f"{e.message} Nothing was saved.") from None
    click.echo(f"{n} meetings saved.")


@click.command("schedule")
@click.argument("instance", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True)
@click.option("--previous", type=click.Path(exists=True, dir_okay=False))
@click.option("--time-limit", type=float)
def schedule_cmd(
    instance: str, output: str, previous: str | None, time_limit: float | None
) -> None:
    """Schedule an instance file into a schedule file (as python -m events schedule)."""
    from events.files import schedule_file, summary
    from events.spec import InstanceError

    try:
        result = schedule_file(instance, output, previous, time_limit)
    except (InstanceError, OSError) as e:
        raise click.ClickException(str(e)) from None
    click.echo(summary(result.report))


COMMANDS = (export_instance_cmd, import_schedule_cmd, schedule_cmd)
