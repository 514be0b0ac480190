"""Reading uploaded spreadsheets (CSV or XLSX) safely, and writing them."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _

from matching.files import decode_csv
from matchmaker.services import ServiceError

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Sheet:
    """A table read from a file: header names (lower-case) and rows with their row numbers."""

    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row number, values by column)

    def letter(self, column: str) -> str:
        """The spreadsheet letter of a column (A, B, ... AA)."""
        n = self.columns.index(column) + 1
        out = ""
        while n:
            n, r = divmod(n - 1, 26)
            out = chr(65 + r) + out
        return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        midnight = value.time() == datetime.min.time()
        return value.date().isoformat() if midnight else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _header(cells: Sequence[Any]) -> list[str]:
    names = [_cell(c).strip().lower().lstrip("\ufeff") for c in cells]
    while names and not names[-1]:
        names.pop()
    return names


def _check_header(columns: list[str], required: Iterable[str]) -> None:
    missing = [c for c in required if c not in columns]
    if missing:
        raise ServiceError(
            _(
                "This file is not a supplier list: row 1 lacks the column(s) %(columns)s.",
                columns=", ".join(missing),
            )
        )
    dupes = sorted({c for c in columns if c and columns.count(c) > 1})
    if dupes:
        raise ServiceError(
            _("Row 1 names the column(s) %(columns)s more than once.", columns=", ".join(dupes))
        )


def read_sheet(
    data: bytes, filename: str, *, required: Iterable[str], max_rows: int, max_unzipped: int
) -> Sheet:
    """Parse CSV or XLSX bytes; refuse what is not a spreadsheet, too big, or a zip bomb."""
    if not data:
        raise ServiceError(_("The file is empty."))
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, required, max_rows, max_unzipped)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ServiceError(_("Old Excel (.xls) files are not supported: save it as .xlsx or .csv."))
    if b"\x00" in data[:8192]:
        raise ServiceError(_("“%(name)s” is not a spreadsheet (CSV or XLSX).", name=filename))
    return _read_csv(data, required, max_rows)


def _read_csv(data: bytes, required: Iterable[str], max_rows: int) -> Sheet:
    text = decode_csv(data)
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        columns = _header(next(reader, []))
        _check_header(columns, required)
        rows = []
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(rows) >= max_rows:
                raise ServiceError(_("The file has more than %(n)d rows.", n=max_rows))
            rows.append(
                (
                    number,
                    {
                        col: _cell(cells[i]) if i < len(cells) else ""
                        for i, col in enumerate(columns)
                        if col
                    },
                )
            )
    except csv.Error as e:
        raise ServiceError(_("The CSV file cannot be read: %(error)s", error=str(e))) from None
    return Sheet(columns, rows)


def _read_xlsx(data: bytes, required: Iterable[str], max_rows: int, max_unzipped: int) -> Sheet:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
            unzipped = sum(i.file_size for i in zf.infolist())
    except zipfile.BadZipFile:
        raise ServiceError(_("The file is damaged or is not an XLSX workbook.")) from None
    if "xl/workbook.xml" not in names:
        raise ServiceError(_("This ZIP file is not an XLSX workbook."))
    if unzipped > max_unzipped or unzipped > 200 * len(data):
        raise ServiceError(_("The workbook expands to too much data to be read safely."))
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on broken files
        raise ServiceError(_("The file is damaged or is not an XLSX workbook.")) from None
    try:
        sheet = book.worksheets[0]
        it = sheet.iter_rows(values_only=True)
        columns = _header(next(it, ()))
        _check_header(columns, required)
        rows = []
        for number, cells in enumerate(it, start=2):
            values = [_cell(c) for c in cells]
            if not any(values):
                continue
            if len(rows) >= max_rows:
                raise ServiceError(_("The file has more than %(n)d rows.", n=max_rows))
            rows.append(
                (
                    number,
                    {
                        col: values[i] if i < len(values) else ""
                        for i, col in enumerate(columns)
                        if col
                    },
                )
            )
    finally:
        book.close()
    return Sheet(columns, rows)


def write_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 CSV with a BOM, so that Excel shows accents right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_xlsx(columns: Sequence[str], rows: Iterable[Sequence[Any]], title: str) -> bytes:
    """An XLSX workbook with one sheet; text is always stored as text, never as a formula."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append(list(columns))
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters XLSX refuses
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl would otherwise run "=..." as a formula
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
