"""Console commands of matching: rank suppliers for needs (files or the database) and learn
classes from labelled matches.

Both are added to the `matchmaker` group itself (see matchmaker/cli.py), so they run without
building the app; only `match --from-db` loads it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


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


COMMANDS = (match_cmd, learn_cmd)
