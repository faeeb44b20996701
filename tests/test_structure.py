"""The package's structure: exhibit modules do not import each other.

What two exhibits share is a canonical or analysis table, or a shared module of the package
(``chinatrade.sections``, ``chinatrade.regimes``, ...); only the runner (``exhibits/run.py``)
loads exhibit modules.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

EXHIBITS = Path(__file__).resolve().parents[1] / "workflow" / "scripts" / "chinatrade" / "exhibits"
RUNNER = "run"
EXHIBIT_MODULES = sorted(
    p.stem for p in EXHIBITS.glob("*.py") if p.stem not in ("__init__", RUNNER)
)


def exhibit_imports(path: Path) -> list[str]:
    """The exhibit modules that the module at ``path`` imports, as 'line N: module'."""
    package = "chinatrade.exhibits"
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from . import f3, from .f5 import x
                base = package if node.level == 1 else "chinatrade"
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            names = [module] + [f"{module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[:2] == ["chinatrade", "exhibits"] and len(parts) > 2:
                if parts[2] in EXHIBIT_MODULES and parts[2] != path.stem:
                    found.append(f"line {node.lineno}: chinatrade.exhibits.{parts[2]}")
    return sorted(set(found))


def test_there_are_exhibit_modules():
    assert len(EXHIBIT_MODULES) >= 5, EXHIBIT_MODULES


@pytest.mark.parametrize("module", EXHIBIT_MODULES)
def test_exhibit_does_not_import_another_exhibit(module):
    path = EXHIBITS / f"{module}.py"
    imported = exhibit_imports(path)
    assert not imported, (
        f"{path.name} imports other exhibit modules ({'; '.join(imported)}); move what they "
        "share into a shared module of chinatrade"
    )


def test_the_check_finds_an_exhibit_import(tmp_path):
    """The check itself: each way of importing an exhibit module is caught."""
    source = (
        "from chinatrade.exhibits import f3\n"
        "from chinatrade.exhibits.s1 import join_sentences\n"
        "import chinatrade.exhibits.f5\n"
        "from . import f6\n"
        "from .f7 import claims\n"
        "from chinatrade import figures\n"
    )
    path = tmp_path / "beyond.py"
    path.write_text(source, encoding="utf-8")
    found = exhibit_imports(path)
    assert [f.split(": ")[1] for f in found] == [
        f"chinatrade.exhibits.{m}" for m in ("f3", "s1", "f5", "f6", "f7")
    ]
