#!/usr/bin/env python3
"""Keep the translation catalogues in step with the code.

python scripts/i18n.py update    extract strings, update es and en, fill en with the source text
python scripts/i18n.py compile   compile .po to .mo (make does this before running the app)
python scripts/i18n.py check     exit 1 listing any Spanish entry that is missing or fuzzy
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "matchmaker" / "translations"
POT = TRANSLATIONS / "messages.pot"


def po_path(lang: str) -> Path:
    return TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"


def update() -> None:
    pybabel = [sys.executable, "-m", "babel.messages.frontend"]
    subprocess.run(
        [
            *pybabel,
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "ngettext:1,2",
            "-o",
            str(POT),
            "--no-location",
            "--sort-output",
            "--project",
            "matchmaker",
            str(ROOT),
        ],
        check=True,
        cwd=ROOT,
    )
    for lang in ("es", "en"):
        subprocess.run(
            [
                *pybabel,
                "update",
                "-i",
                str(POT),
                "-d",
                str(TRANSLATIONS),
                "-l",
                lang,
                "--no-fuzzy-matching",
                "--ignore-obsolete",
            ],
            check=True,
        )
    path = po_path("en")
    with path.open("rb") as f:
        catalog = read_po(f, locale="en")
    for message in catalog:
        if (
            message.id
            and not message.string
            or (isinstance(message.string, tuple) and not any(message.string))
        ):
            message.string = message.id
    with path.open("wb") as f:
        write_po(f, catalog, sort_output=True, omit_header=False)


def compile_all() -> None:
    for lang in ("es", "en"):
        with po_path(lang).open("rb") as f:
            catalog = read_po(f, locale=lang)
        with po_path(lang).with_suffix(".mo").open("wb") as f:
            write_mo(f, catalog)


def missing(lang: str = "es") -> list[str]:
    with po_path(lang).open("rb") as f:
        catalog = read_po(f, locale=lang)
    out = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return out


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "compile"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        gaps = missing("es") + missing("en")
        for gap in gaps:
            print("untranslated:", gap)
        return 1 if gaps else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
