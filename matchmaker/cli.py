"""The `matchmaker` console command: Flask's CLI with the project's commands.

Each area keeps its commands in its own `commands.py` (a COMMANDS tuple), which create_app adds
to `app.cli`. The commands that need no app (`match`, `learn`, `schedule`) are also added to the
group itself: the group finds them before it builds the app, so they start fast.
"""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import FlaskGroup

from matchmaker import create_app
from matchmaker.config import InsecureSecretKey
from matchmaker.events.commands import schedule_cmd
from matchmaker.matches.commands import learn_cmd, match_cmd

WITHOUT_APP = (match_cmd, learn_cmd, schedule_cmd)


def make_app() -> Flask:
    """The app from the environment; a bad secret is a message and exit status 2."""
    try:
        return create_app()
    except InsecureSecretKey as e:  # a message and a non-zero exit, not a traceback
        click.echo(f"Error: {e}", err=True)
        sys.exit(2)


def main() -> None:
    """Entry point of the `matchmaker` command."""
    cli = FlaskGroup(create_app=make_app, help="matchmaker: cluster sourcing platform")
    for command in WITHOUT_APP:
        cli.add_command(command)
    cli.main(prog_name="matchmaker")
