"""Build hook: templates/ and migrations/ stay at the top of the repository and ship inside the
package, as matchmaker/templates and matchmaker/migrations (the app looks in both places).
Everything else is in pyproject.toml."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SHIPPED = {"templates": "matchmaker/templates", "migrations": "matchmaker/migrations"}


class BuildPy(build_py):
    """The usual build, then the two folders copied into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install runs from the checkout, where the folders already are
        for source, target in SHIPPED.items():
            for path in sorted(Path(source).rglob("*")):
                if path.is_dir() or "__pycache__" in path.parts or path.suffix == ".pyc":
                    continue
                dest = Path(self.build_lib) / target / path.relative_to(source)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, dest)


setup(cmdclass={"build_py": BuildPy})
