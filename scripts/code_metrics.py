"""Structure figures of the code, and its import graph.

    python scripts/code_metrics.py [ROOT]

prints, for the checkout at ROOT (default: this one): modules per folder, import cycles,
modules over 300 lines, functions over 60 lines and lines of validation code. The import
graph is also what tests/unit/test_import_graph.py checks.

The graph has one node per module of matchmaker/, matching/ and events/ and one edge per
import of another of them that can run, wherever it is written (module level or inside a
function): `from pkg import name` points at pkg.name when that is a module, else at pkg.
Imports under `if TYPE_CHECKING:` never run and are left out (the figures also count the
cycles with them: two ORM models that name each other in annotations are such a pair).
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

PACKAGES = ("matchmaker", "matching", "events")
BIG_MODULE = 300  # lines
BIG_FUNCTION = 60  # lines
# Blueprint packages: the web layer, which services must never import.
BLUEPRINTS = (
    "matchmaker.admin",
    "matchmaker.api",
    "matchmaker.auth",
    "matchmaker.catalogue",
    "matchmaker.dashboard",
    "matchmaker.events",
    "matchmaker.main",
    "matchmaker.matches",
    "matchmaker.needs",
    "matchmaker.rfqs",
)


def modules(root: Path) -> dict[str, Path]:
    """Every module of the three packages: dotted name -> file."""
    out = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = path
    return out


def _nodes(tree: ast.AST, type_checking: bool) -> Iterator[ast.AST]:
    """Every node, without those under `if TYPE_CHECKING:` (which never run) unless asked."""
    for node in ast.iter_child_nodes(tree):
        if (
            not type_checking
            and isinstance(node, ast.If)
            and "TYPE_CHECKING" in ast.unparse(node.test)
        ):
            for child in node.orelse:
                yield child
                yield from _nodes(child, type_checking)
            continue
        yield node
        yield from _nodes(node, type_checking)


def _imports(
    tree: ast.AST, name: str, is_package: bool, type_checking: bool
) -> Iterator[tuple[str, str | None]]:
    """(module, imported name or None) for each import, relative ones resolved."""
    here = name if is_package else name.rpartition(".")[0]
    for node in _nodes(tree, type_checking):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                yield base, alias.name


def import_graph(root: Path, type_checking: bool = False) -> dict[str, set[str]]:
    """Module -> the project's modules it imports (with those only type checkers see, if
    asked)."""
    mods = modules(root)
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for name, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for base, item in _imports(tree, name, path.name == "__init__.py", type_checking):
            target = f"{base}.{item}" if item and f"{base}.{item}" in mods else base
            while target and target not in mods:  # `import a.b.c` of a name inside a module
                target = target.rpartition(".")[0]
            if target and target != name:
                graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def _in(module: str, packages: Iterable[str]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def services_into_blueprints(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    """(service module, blueprint module) for each import from services into the web layer."""
    return sorted(
        (src, dst)
        for src, targets in graph.items()
        if _in(src, ["matchmaker.services"])
        for dst in targets
        if _in(dst, BLUEPRINTS)
    )


def _lines(node: ast.AST) -> int:
    return int(node.end_lineno or node.lineno) - int(node.lineno) + 1  # type: ignore[attr-defined]


VALIDATION_FILES = ("forms.py", "validation.py")  # form readers; the field rules
VALIDATION_NAMES = ("clean", "parse")
VALIDATION_EXACT = (
    *("_int", "int_arg", "_form", "read_form", "from_form", "form_of"),
    *("storable", "_storable", "Text", "one_of", "_title"),
)
INPUT_SCHEMAS = ("Args", "WriteSchema", "CreateSchema", "UpdateSchema", "Input")


def _is_validation(node: ast.AST) -> bool:
    """Code whose job is to check and convert input, by the same rule before and after: the
    clean_*/parse*/int* functions and form readers, the field-rule helpers, the input schemas
    (marshmallow classes named ...Args, ...WriteSchema, ...CreateSchema, ...UpdateSchema) and
    fields that deserialise (a class with a _deserialize method). Output schemas do not count;
    only the web app (matchmaker/, not its models) is counted: the engines check their own
    file formats."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return node.name.lstrip("_").startswith(VALIDATION_NAMES) or node.name in VALIDATION_EXACT
    if isinstance(node, ast.ClassDef):
        return node.name.endswith(INPUT_SCHEMAS) or any(
            isinstance(item, ast.FunctionDef) and item.name == "_deserialize" for item in node.body
        )
    return False


def report(root: Path) -> str:
    """The figures, as text."""
    mods = modules(root)
    per_folder: dict[str, int] = defaultdict(int)
    big_modules = []
    big_functions = []
    validation = 0
    for path in mods.values():
        per_folder[path.parent.relative_to(root).as_posix()] += 1
        text = path.read_text(encoding="utf-8")
        n = len(text.splitlines())
        if n > BIG_MODULE:
            big_modules.append((n, path.relative_to(root).as_posix()))
        tree = ast.parse(text)
        counted: set[int] = set()
        app_code = path.parts[len(root.parts)] == "matchmaker" and "models" not in path.parts
        whole_file = app_code and path.name in VALIDATION_FILES
        if whole_file:
            validation += n
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                if _lines(node) > BIG_FUNCTION:
                    big_functions.append(
                        (_lines(node), f"{path.relative_to(root).as_posix()}:{node.name}")
                    )
            if app_code and not whole_file and _is_validation(node) and node.lineno not in counted:
                counted.update(range(node.lineno, int(node.end_lineno or node.lineno) + 1))
        validation += len(counted)
    graph = import_graph(root)
    found = cycles(graph)
    upward = services_into_blueprints(graph)
    out = ["modules per folder:"]
    out += [f"  {n:4d}  {folder}/" for folder, n in sorted(per_folder.items())]
    out.append(f"  {len(mods):4d}  in all")
    out.append(f"import cycles: {len(found)}")
    out += [f"  {' <-> '.join(c)}" for c in found]
    annotated = cycles(import_graph(root, type_checking=True))
    out.append(f"import cycles counting imports under TYPE_CHECKING too: {len(annotated)}")
    out += [f"  {' <-> '.join(c)}" for c in annotated]
    out.append(f"services importing a blueprint: {len(upward)}")
    out += [f"  {a} -> {b}" for a, b in upward]
    out.append(f"modules over {BIG_MODULE} lines: {len(big_modules)}")
    out += [f"  {n:4d}  {p}" for n, p in sorted(big_modules, reverse=True)]
    out.append(f"functions over {BIG_FUNCTION} lines: {len(big_functions)}")
    out += [f"  {n:4d}  {p}" for n, p in sorted(big_functions, reverse=True)]
    out.append(f"lines of validation code: {validation}")
    return "\n".join(out)


if __name__ == "__main__":
    here = Path(__file__).resolve().parent.parent
    print(report(Path(sys.argv[1]) if len(sys.argv) > 1 else here))
