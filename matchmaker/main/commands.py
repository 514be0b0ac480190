"""Console commands of the platform: the demo, the server, backup and restore.

Services are imported inside the commands: `matchmaker --help` and the commands that
need no app start without loading the web app's modules.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext


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


COMMANDS = (demo, serve, backup_cmd, restore_cmd)
