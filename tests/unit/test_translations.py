"""Both languages are complete: every string the code marks has a Spanish translation."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

from tests.conftest import ROOT


def _i18n():
    spec = importlib.util.spec_from_file_location("i18n", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_catalogues_cover_every_marked_string(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
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
            str(pot),
            "--no-location",
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    from babel.messages.pofile import read_po

    with pot.open("rb") as f:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    for lang in ("es", "en"):
        with (ROOT / "matchmaker" / "translations" / lang / "LC_MESSAGES" / "messages.po").open(
            "rb"
        ) as f:
            have = {
                m.id if isinstance(m.id, str) else m.id[0]: m
                for m in read_po(f, locale=lang)
                if m.id
            }
        missing = sorted(wanted - set(have))
        assert not missing, f"{lang}: not in the catalogue (run scripts/i18n.py update): {missing}"
    assert _i18n().missing("es") == [] and _i18n().missing("en") == []
