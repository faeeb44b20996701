"""The package's structure: exhibits do not import each other.

An exhibit is a module (``exhibits/f4.py``) or a package (``exhibits/f3/`` with
``compute.py``, ``plot.py``, ``claims.py``). What two exhibits share is a canonical or analysis
table, or a shared module of the package (``chinatrade.sections``, ``chinatrade.regimes``, ...);
only the runner (``exhibits/run.py``) loads exhibits.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

EXHIBITS = Path(__file__).resolve().parents[2] / "workflow" / "scripts" / "chinatrade" / "exhibits"
RUNNER = "run"
EXHIBIT_MODULES = sorted(
    [p.stem for p in EXHIBITS.glob("*.py") if p.stem not in ("__init__", RUNNER)]
    + [p.parent.name for p in EXHIBITS.glob("*/__init__.py")]
)


def exhibit_of(path: Path, exhibits: Path = EXHIBITS) -> str:
    """The exhibit a source file belongs to: its own name, or its package's."""
    relative = path.relative_to(exhibits)
    return relative.parts[0] if len(relative.parts) > 1 else path.stem


def exhibit_imports(path: Path, exhibits: Path = EXHIBITS) -> list[str]:
    """The other exhibits that the file at ``path`` imports, as 'line N: module'."""
    # the dotted name of the file's package, for relative imports
    relative = path.relative_to(exhibits)
    package = ["chinatrade", "exhibits", *relative.parts[:-1]]
    own = exhibit_of(path, exhibits)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from . import f3, from ..f5 import x
                base = package[: len(package) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names = [module] + [f"{module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[:2] == ["chinatrade", "exhibits"] and len(parts) > 2:
                if parts[2] not in (own, RUNNER, "__init__") and (
                    (exhibits / f"{parts[2]}.py").exists() or (exhibits / parts[2]).is_dir()
                ):
                    found.append(f"line {node.lineno}: chinatrade.exhibits.{parts[2]}")
    return sorted(set(found))


def exhibit_files(module: str) -> list[Path]:
    package = EXHIBITS / module
    return sorted(package.rglob("*.py")) if package.is_dir() else [EXHIBITS / f"{module}.py"]


def test_there_are_exhibit_modules():
    assert len(EXHIBIT_MODULES) >= 5, EXHIBIT_MODULES


@pytest.mark.parametrize("module", EXHIBIT_MODULES)
def test_exhibit_does_not_import_another_exhibit(module):
    for path in exhibit_files(module):
        imported = exhibit_imports(path)
        assert not imported, (
            f"{path.relative_to(EXHIBITS)} imports other exhibits ({'; '.join(imported)}); "
            "move what they share into a shared module of chinatrade"
        )


def test_the_check_finds_an_exhibit_import(tmp_path):
    """The check itself: each way of importing another exhibit is caught, and a package's
    imports of its own files are not."""
    exhibits = tmp_path / "exhibits"
    for name in ("f3", "s1", "f5", "f6", "f7"):
        (exhibits / f"{name}.py").parent.mkdir(parents=True, exist_ok=True)
        (exhibits / f"{name}.py").write_text("")
    (exhibits / "b1").mkdir()
    (exhibits / "b1" / "compute.py").write_text("")
    source = (
        "from chinatrade.exhibits import f3\n"
        "from chinatrade.exhibits.s1 import join_sentences\n"
        "import chinatrade.exhibits.f5\n"
        "from .. import f6\n"
        "from ..f7 import claims\n"
        "from . import compute\n"
        "from chinatrade.exhibits.b1 import compute as same\n"
        "from chinatrade import figures\n"
    )
    path = exhibits / "b1" / "plot.py"
    path.write_text(source, encoding="utf-8")
    found = exhibit_imports(path, exhibits)
    assert [f.split(": ")[1] for f in found] == [
        f"chinatrade.exhibits.{m}" for m in ("f3", "s1", "f5", "f6", "f7")
    ]
    # a single-module exhibit: `from . import f6` is another exhibit
    flat = exhibits / "beyond.py"
    flat.write_text("from . import f6\nfrom .f7 import x\n")
    assert [f.split(": ")[1] for f in exhibit_imports(flat, exhibits)] == [
        "chinatrade.exhibits.f6",
        "chinatrade.exhibits.f7",
    ]
