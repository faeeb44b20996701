"""The package modules a job runs, found from the imports themselves.

A rule lists the source files of ``chinatrade`` that its script imports among its inputs, so
that an edit to any of them re-runs that job and its dependants, and nothing else. Written by
hand, such lists drift (a module imported through another one is easily left out); here they
are derived: the script's imports are read with :mod:`ast` and followed through the package,
transitively. Imports inside functions count too (the package defers some heavy imports).

Only imports that name a module of the package are followed; other imports (pandas, the
standard library) are the environment's, pinned in ``requirements.txt``. A module the code
loads by a computed name (the exhibit runner imports ``chinatrade.exhibits.<module>`` from
the exhibit's spec) cannot be read from the source: the rule names it as an extra module.

This module is imported by the Snakefile at every start, so it uses the standard library only
(and the package's ``atomic``, itself standard library only, for its writes), and it keeps
what it read of each file in a small cache (:func:`use_cache`, kept by the Snakefile under
.snakemake/): a file is read again only when its size or modification time changed, which
saves parsing about 200 files at every start.

A job does not list those modules as its inputs one by one: it lists one *code stamp*
(:func:`code_stamp`), a small text file with the path and SHA-256 of each module, rewritten
only when one of them changes. Snakemake checks the size of every input of every ready job
at each scheduling step, and computes and records the checksum of every small input when a
job finishes; with the modules listed, that was about 1,950 of the run's 2,370 inputs, and
about a quarter of the CPU of Snakemake's own process in a cold run (19.3 CPU-s with the
modules, 14.2 with the stamps).
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
from functools import cache
from pathlib import Path

from chinatrade.atomic import atomic_path

PACKAGE = "chinatrade"
PACKAGE_ROOT = Path(__file__).resolve().parent


def module_path(name: str, root: Path = PACKAGE_ROOT) -> Path | None:
    """The source file of module ``name`` (dotted, e.g. ``chinatrade.ingest.wiod``), or None
    when the name is not a module of the package (an attribute, a function, another package)."""
    parts = name.split(".")
    if parts[0] != PACKAGE:
        return None
    base = root.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _module_name(path: Path, root: Path) -> str:
    relative = path.relative_to(root).with_suffix("")
    parts = [p for p in relative.parts if p != "__init__"]
    return ".".join([PACKAGE, *parts])


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def source_of(path: Path) -> str:
    """Python source of a script or module, or the code cells of a Jupyter notebook."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".ipynb":
        return text
    cells = json.loads(text)["cells"]
    code = []
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = cell["source"]
        source = "".join(source) if isinstance(source, list) else source
        # IPython magics and shell escapes are not Python: leave them out
        code.append(
            "\n".join(
                line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))
            )
        )
    return "\n\n".join(code)


def imported_names(path: Path, root: Path = PACKAGE_ROOT) -> set[str]:
    """Dotted names that ``path`` imports, relative imports resolved within the package.

    ``from chinatrade import io`` gives both ``chinatrade`` and ``chinatrade.io`` (the second
    may be an attribute rather than a module; :func:`module_path` tells)."""
    tree = ast.parse(source_of(path), filename=str(path))
    inside_package = path.is_relative_to(root)
    here = _module_name(path, root) if inside_package else ""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                if not inside_package:
                    raise ValueError(f"{path}: relative import outside the package")
                # the package a relative import starts from
                anchor = here.split(".")
                anchor = anchor if _is_package(path) else anchor[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, node.module] if node.module else anchor)
            else:
                base = node.module or ""
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


# file -> [[size, mtime_ns, package root], sorted imported names], when a cache is in use
_cache: dict | None = None
_cache_file: Path | None = None
_cache_changed = False


def use_cache(file: str | Path) -> None:
    """Keep the imported names of each file read in ``file`` (JSON), reused while the file's
    size and modification time are unchanged. An unreadable cache is ignored (and rewritten
    by :func:`save_cache`)."""
    global _cache, _cache_file, _cache_changed
    _cache_file, _cache_changed = Path(file), False
    try:
        _cache = json.loads(_cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        _cache = {}
    if not isinstance(_cache, dict):
        _cache = {}


def save_cache() -> None:
    """Write the cache of :func:`use_cache` if a file was read anew (atomically)."""
    if _cache is None or _cache_file is None or not _cache_changed:
        return
    with atomic_path(_cache_file) as tmp:
        tmp.write_text(json.dumps(_cache, sort_keys=True), encoding="utf-8")


def _imported_names_cached(path: Path, root: Path) -> set[str]:
    global _cache_changed
    if _cache is None:
        return imported_names(path, root)
    status = path.stat()
    stamp = [status.st_size, status.st_mtime_ns, str(root)]
    entry = _cache.get(str(path))
    if entry and entry[0] == stamp:
        return set(entry[1])
    names = imported_names(path, root)
    _cache[str(path)] = [stamp, sorted(names)]
    _cache_changed = True
    return names


# the same few hundred names recur across the package's files (each file's imports and their
# parents): looked up once per start rather than about 7,500 times (two stat calls each)
_module_path_memo = cache(module_path)


@cache
def _direct_dependencies(path: Path, root: Path) -> frozenset[Path]:
    found: set[Path] = set()
    for name in _imported_names_cached(path, root):
        parts = name.split(".")
        # importing a.b.c runs a/__init__.py and a/b/__init__.py first
        for depth in range(1, len(parts) + 1):
            module = _module_path_memo(".".join(parts[:depth]), root)
            if module is not None:
                found.add(module)
    found.discard(path)
    return frozenset(found)


def package_modules(
    *sources: str | Path, modules: tuple[str, ...] | list[str] = (), root: Path = PACKAGE_ROOT
) -> list[Path]:
    """Every source file of the package that ``sources`` (rule scripts, notebooks) import,
    directly or through other modules of the package, plus ``modules`` (dotted names below
    ``chinatrade``, for modules loaded by a computed name) and what they import. Sorted,
    without duplicates; the sources themselves are not included unless they are modules."""
    root = Path(root).resolve()
    start = [Path(source).resolve() for source in sources]
    named = []
    for name in modules:
        module = module_path(f"{PACKAGE}.{name}", root)
        if module is None:
            raise ValueError(f"no module {PACKAGE}.{name} under {root}")
        named.append(module)
    seen: set[Path] = set(named)
    pending = [*start, *named]
    while pending:
        current = pending.pop()
        for dependency in _direct_dependencies(current, root):
            if dependency not in seen:
                seen.add(dependency)
                pending.append(dependency)
    return sorted(seen)


@cache
def _sha256(path: Path, size: int, mtime_ns: int) -> str:
    # keyed by size and time too: a module edited while the process runs is hashed again
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stamp_text(modules: list[Path], project: Path) -> str:
    """The code stamp's text: one line per module, its SHA-256 and its path from the project
    folder (relative, so that a copy of the project has the same stamp)."""
    lines = []
    for module in modules:
        status = module.stat()
        digest = _sha256(module, status.st_size, status.st_mtime_ns)
        lines.append(f"{digest}  {os.path.relpath(module, project)}")
    return "\n".join(lines) + "\n"


def code_stamp(stamp: Path, modules: list[Path], project: Path) -> Path:
    """Write ``stamp``, the single input that stands for ``modules`` in a job, and return it.

    Its text (:func:`stamp_text`) changes exactly when a module's content changes, or a module
    joins or leaves the list, and so re-runs the job the way the modules themselves would
    (Snakemake compares the checksum of a small input whose date is newer: an edit undone
    re-runs nothing). An unchanged stamp is left alone. A stamp written for the first time
    (a new clone, .snakemake removed) takes the date of its newest module, so that it re-runs
    what the modules' own dates would have re-run, and nothing more."""
    text = stamp_text(modules, project)
    try:
        if stamp.read_text(encoding="utf-8") == text:
            return stamp
        first = False
    except FileNotFoundError:
        first = True
    with atomic_path(stamp) as tmp:
        tmp.write_text(text, encoding="utf-8")
        if first and modules:
            newest = max(module.stat().st_mtime_ns for module in modules)
            os.utime(tmp, ns=(newest, newest))
    return stamp
