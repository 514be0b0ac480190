"""The import graph of matchmaker/, matching/ and events/ (every import that can run, inside
functions too; see scripts/code_metrics.py) has no cycle, and no service imports the web
layer (a blueprint package)."""

from __future__ import annotations

from pathlib import Path

from scripts.code_metrics import cycles, import_graph, services_into_blueprints

ROOT = Path(__file__).resolve().parents[2]


def test_no_import_cycle() -> None:
    graph = import_graph(ROOT)
    # every module was read, and imports inside functions count (create_app's, here)
    assert {"matching.engine", "events.scheduler", "matchmaker.services.events.notify"} <= set(
        graph
    )
    assert "matchmaker.admin.views" in graph["matchmaker"]
    assert cycles(graph) == []


def test_no_service_imports_a_blueprint() -> None:
    assert services_into_blueprints(import_graph(ROOT)) == []


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_the_graph_sees_hidden_cycles_and_upward_imports(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "matchmaker/__init__.py": "",
            "matchmaker/services/__init__.py": "",
            # a cycle dodged with an import inside a function, and a relative import
            "matchmaker/services/a.py": "def f():\n    from matchmaker.services import b\n",
            "matchmaker/services/b.py": "from . import a\n",
            # a service importing a blueprint's module
            "matchmaker/services/c.py": "from matchmaker.events.labels import X\n",
            "matchmaker/events/__init__.py": "",
            "matchmaker/events/labels.py": "X = 1\n",
            # under TYPE_CHECKING only: never runs, not an edge
            "matching/__init__.py": "",
            "matching/d.py": "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from matching.e import E\n",
            "matching/e.py": "from matching.d import *\n",
            "events/__init__.py": "",
        },
    )
    graph = import_graph(root)
    assert cycles(graph) == [["matchmaker.services.a", "matchmaker.services.b"]]
    assert services_into_blueprints(graph) == [
        ("matchmaker.services.c", "matchmaker.events.labels")
    ]
    assert cycles(import_graph(root, type_checking=True)) == [
        ["matching.d", "matching.e"],
        ["matchmaker.services.a", "matchmaker.services.b"],
    ]
