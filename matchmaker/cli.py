"""The `matchmaker` console command: Flask's CLI with the project's commands."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext


def main() -> None:
    """Entry point of the `matchmaker` command."""
    from matchmaker import create_app
    from matchmaker.config import InsecureSecretKey

    def make_app() -> Flask:
        try:
            return create_app()
        except InsecureSecretKey as e:  # a message and a non-zero exit, not a traceback
            click.echo(f"Error: {e}", err=True)
            sys.exit(2)

    cli = FlaskGroup(create_app=make_app, help="matchmaker: cluster sourcing platform")
    # On the group itself, `match` is found without building the app: matching two files
    # starts fast, and only --from-db loads the app (see match_cmd).
    cli.add_command(match_cmd)
    cli.add_command(learn_cmd)
    cli.main(prog_name="matchmaker")


def register(app: Flask) -> None:
    """Attach the project's commands to app.cli."""
    for command in (
        demo,
        serve,
        import_suppliers_cmd,
        export_suppliers_cmd,
        taxonomy_cmd,
        backup_cmd,
        restore_cmd,
        match_cmd,
        learn_cmd,
    ):
        app.cli.add_command(command)
    from matchmaker.events.cli import COMMANDS as event_commands

    for command in event_commands:
        app.cli.add_command(command)
    from matchmaker.rfqs.commands import COMMANDS as rfq_commands

    for command in rfq_commands:
        app.cli.add_command(command)


def _upgrade() -> None:
    from flask_migrate import upgrade

    upgrade(directory=current_app.extensions["migrate"].directory)


@click.command("demo")
@with_appcontext
def demo() -> None:
    """Create or upgrade the database and load the demo data set."""
    from matchmaker.services.demo import load_demo

    _upgrade()
    passwords = load_demo()
    click.echo("Demo data loaded. Log in with one of these accounts:")
    for email, password in passwords.items():
        click.echo(f"  {email:22} {password}")


@click.command("serve")
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=3, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
def serve(port: int, workers: int, threads: int) -> None:
    """Serve the app with gunicorn on 127.0.0.1."""
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        *gunicorn_args(port, workers, threads),
        "--access-logfile",
        "-",
        "matchmaker.server:create_server_app()",
    ]
    click.echo(f"Serving on http://127.0.0.1:{port}/ (Ctrl+C stops)")
    os.execv(sys.executable, args)


def gunicorn_args(port: int, workers: int, threads: int) -> list[str]:
    """Threaded workers: an idle keep-alive connection (a browser, or a client that opened a
    connection before sending) must not block a whole worker, as it does with sync workers
    when no buffering proxy stands in front.

    `--reuse-port` gives every worker its own listening socket and lets the kernel spread new
    connections evenly. With one shared socket, the first worker to wake accepted most of a
    burst of keep-alive connections (779 of 924 requests in a 50-client test) and served them
    on one core while the others idled. (A consequence: a second server started on the same
    port shares it instead of failing.)"""
    return [
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--reuse-port",
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--keep-alive",
        "10",
    ]


@click.command("import-suppliers")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every row; save nothing.")
@with_appcontext
def import_suppliers_cmd(file: Path, dry_run: bool) -> None:
    """Import suppliers from a CSV or XLSX file (all rows or none)."""
    from matchmaker.services import ServiceError
    from matchmaker.services.catalogue.imports import import_suppliers

    try:
        report = import_suppliers(None, file.read_bytes(), file.name, dry_run=dry_run)
    except ServiceError as e:
        raise click.ClickException(e.message) from None
    for error in report.errors:
        click.echo(str(error), err=True)
    if report.errors:
        raise click.ClickException(
            f"{len(report.errors)} problem(s) in {file.name}; nothing was imported."
        )
    verb = "would be" if dry_run else "were"
    click.echo(
        f"{report.rows} rows: {report.created} {verb} created, {report.updated} "
        f"{verb} updated, {report.unchanged} unchanged."
    )


@click.command("export-suppliers")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def export_suppliers_cmd(file: Path) -> None:
    """Export the supplier catalogue to FILE (.csv or .xlsx)."""
    from matchmaker.services.catalogue.exports import export_catalogue
    from matchmaker.services.catalogue.search import CatalogueFilter

    fmt = "xlsx" if file.suffix.lower() == ".xlsx" else "csv"
    content, _mime, _ext = export_catalogue(None, CatalogueFilter(), fmt)
    file.write_bytes(content)
    click.echo(f"Wrote {file}")


@click.command("sync-taxonomy")
@with_appcontext
def taxonomy_cmd() -> None:
    """Bring the capability taxonomy table in step with the engine's taxonomy."""
    from matchmaker.services.catalogue.taxonomy import sync_taxonomy

    click.echo(f"{sync_taxonomy()} taxonomy terms added or changed.")


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_cmd(file: Path) -> None:
    """Write a consistent dump of every table to FILE (gzip'd JSON lines)."""
    from matchmaker.services.backup import dump

    counts = dump(file)
    click.echo(f"Wrote {file}: {sum(counts.values())} rows in {len(counts)} tables.")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore_cmd(file: Path) -> None:
    """Load a dump into an empty database (migrated with `matchmaker db upgrade` first)."""
    from matchmaker.services.backup import restore

    try:
        counts = restore(file)
    except ValueError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"Restored {sum(counts.values())} rows in {len(counts)} tables.")


@click.command("match")
@click.option(
    "--suppliers",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Suppliers CSV (see shared/spec/matching.md).",
)
@click.option(
    "--needs", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Needs CSV."
)
@click.option(
    "--from-db",
    is_flag=True,
    help="Match the open needs and approved suppliers in the database instead of files.",
)
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=1))
@click.option("--json", "as_json", is_flag=True, help="Print the matchmaking-matches/1 JSON.")
@click.option(
    "--lang",
    type=click.Choice(["es", "en"]),
    default="en",
    show_default=True,
    help="Language of the reasons.",
)
@click.option(
    "--classes",
    help="Learned classes written by `matchmaker learn`, or 'none' "
    "for text alone (default: the model shipped with the engine).",
)
@click.pass_context
def match_cmd(
    ctx: click.Context,
    suppliers: Path | None,
    needs: Path | None,
    from_db: bool,
    top: int,
    as_json: bool,
    lang: str,
    classes: str | None,
) -> None:
    """Rank suppliers for needs, from two CSV files or from the database."""
    if from_db == bool(suppliers or needs) or (not from_db and not (suppliers and needs)):
        raise click.UsageError("Give --suppliers and --needs, or --from-db.")
    if from_db:
        if classes:
            raise click.UsageError("--classes applies to files; the app uses the shipped model.")
        result = _match_database(ctx, top, lang)
    else:
        from matching.files import InputError, match_files

        try:
            result = match_files(suppliers, needs, top, "es" if lang == "es" else "en", classes)
        except (InputError, UnicodeDecodeError, OSError) as e:
            raise click.ClickException(str(e)) from None
    if as_json:
        import json

        sys.stdout.buffer.write(json.dumps(result, ensure_ascii=False).encode("utf-8") + b"\n")
        sys.stdout.flush()
        return
    for item in result["needs"]:
        click.echo(item["need"])
        for m in item["matches"]:
            click.echo(f"  {m['score']:.3f}  {m['supplier']}  ({'; '.join(m['reasons'])})")


@click.command("learn")
@click.option(
    "--suppliers",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Suppliers CSV (see shared/spec/matching.md).",
)
@click.option(
    "--needs",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Needs CSV: one class per need.",
)
@click.option(
    "--labels",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="need,supplier,relevance CSV (relevance 0, 1 or 2).",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the model (.npz); use it with `match --classes`.",
)
def learn_cmd(suppliers: Path, needs: Path, labels: Path, out: Path) -> None:
    """Learn what the suppliers of each labelled need look like (see matching/learned.py)."""
    from matching.files import InputError, learn_files
    from matching.learned import save

    try:
        model = learn_files(suppliers, needs, labels)
    except InputError as e:
        raise click.ClickException(str(e)) from None
    try:
        save(model, out)
    except OSError as e:
        raise click.ClickException(f"{out}: cannot write: {e}") from None
    click.echo(f"Learned {len(model)} classes; wrote {out}.")


def _match_database(ctx: click.Context, top: int, lang: str) -> dict[str, object]:
    from flask import has_app_context
    from flask.cli import ScriptInfo

    from matchmaker.services.sourcing.recommendations import database_matches

    if has_app_context():
        return database_matches(top, lang)
    with ctx.ensure_object(ScriptInfo).load_app().app_context():
        return database_matches(top, lang)
