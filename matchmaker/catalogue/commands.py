"""Console commands of the catalogue: import and export suppliers, sync the taxonomy.

Services are imported inside the commands: `matchmaker --help` and the commands that
need no app start without loading the web app's modules.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext


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


COMMANDS = (import_suppliers_cmd, export_suppliers_cmd, taxonomy_cmd)
