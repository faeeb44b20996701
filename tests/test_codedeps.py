"""The package modules a job runs are read from the imports (chinatrade/codedeps.py).

The unit tests build a small synthetic package named ``chinatrade`` in a temporary folder; the
last tests check the real rules: every script rule lists the code of the script it runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest

from chinatrade import codedeps


def write(root: Path, relative: str, text: str = "") -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def synthetic_package(tmp_path) -> Path:
    """chinatrade/ with a deep helper reached only through other modules."""
    root = tmp_path / "chinatrade"
    write(root, "__init__.py")
    write(root, "errors.py", "class Bad(Exception):\n    pass\n")
    write(root, "io.py", "from chinatrade.errors import Bad\n")
    write(root, "unused.py", "import pandas\n")
    write(root, "ingest/__init__.py")
    # a relative import, and an import inside a function (deferred imports count)
    write(root, "ingest/deep.py", "from .. import io\n\ndef f():\n    from . import later\n")
    write(root, "ingest/later.py", "import json\n")
    write(root, "exhibits/__init__.py")
    write(root, "exhibits/f1.py", "from chinatrade.ingest import deep\n")
    write(root, "exhibits/run.py", "import importlib\nfrom chinatrade import io\n")
    return root


def relative(paths: list[Path], root: Path) -> list[str]:
    return [str(p.relative_to(root)) for p in paths]


def test_transitive_relative_and_deferred_imports(synthetic_package, tmp_path):
    script = write(tmp_path, "scripts/job.py", "from chinatrade.exhibits import f1\n")
    found = relative(codedeps.package_modules(script, root=synthetic_package), synthetic_package)
    assert found == [
        "__init__.py",
        "errors.py",
        "exhibits/__init__.py",
        "exhibits/f1.py",
        "ingest/__init__.py",
        "ingest/deep.py",
        "ingest/later.py",
        "io.py",
    ]


def test_an_imported_attribute_is_not_taken_for_a_module(synthetic_package, tmp_path):
    script = write(tmp_path, "scripts/job.py", "from chinatrade.errors import Bad\nimport os\n")
    found = relative(codedeps.package_modules(script, root=synthetic_package), synthetic_package)
    assert found == ["__init__.py", "errors.py"]


def test_a_module_loaded_by_a_computed_name_is_named_by_the_rule(synthetic_package, tmp_path):
    script = write(tmp_path, "scripts/job.py", "from chinatrade.exhibits import run\n")
    without = codedeps.package_modules(script, root=synthetic_package)
    with_f1 = codedeps.package_modules(script, modules=["exhibits.f1"], root=synthetic_package)
    assert synthetic_package / "ingest/deep.py" not in without
    assert set(with_f1) - set(without) == {
        synthetic_package / p
        for p in ("exhibits/f1.py", "ingest/__init__.py", "ingest/deep.py", "ingest/later.py")
    }
    with pytest.raises(ValueError, match=r"no module chinatrade\.exhibits\.f9"):
        codedeps.package_modules(script, modules=["exhibits.f9"], root=synthetic_package)


def test_a_notebooks_code_cells_count_and_its_magics_are_skipped(synthetic_package, tmp_path):
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": ["from chinatrade import unused\n"]},
            {"cell_type": "code", "source": ["%matplotlib inline\n", "from chinatrade import io"]},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = write(tmp_path, "report.ipynb", json.dumps(notebook))
    found = relative(codedeps.package_modules(path, root=synthetic_package), synthetic_package)
    assert found == ["__init__.py", "errors.py", "io.py"]


# --- the code stamp: one input that stands for a job's modules ----------------------------


def test_the_code_stamp_names_each_module_with_its_checksum_from_the_project_folder(
    synthetic_package, tmp_path
):
    script = write(tmp_path, "scripts/job.py", "from chinatrade import io\n")
    modules = codedeps.package_modules(script, root=synthetic_package)
    stamp = codedeps.code_stamp(tmp_path / ".stamps" / "job.txt", modules, tmp_path)
    lines = stamp.read_text().splitlines()
    assert [line.split("  ")[1] for line in lines] == [
        "chinatrade/__init__.py",
        "chinatrade/errors.py",
        "chinatrade/io.py",
    ]
    assert (
        lines[2].split("  ")[0]
        == hashlib.sha256((synthetic_package / "io.py").read_bytes()).hexdigest()
    )


def test_a_new_stamp_takes_the_date_of_its_newest_module(synthetic_package, tmp_path):
    """A stamp written anew (a new clone, .snakemake removed) must not make every job look
    newer than its outputs: it takes the date its modules would have given the job."""
    modules = sorted(synthetic_package.rglob("*.py"))
    for age, module in enumerate(modules):
        os.utime(module, ns=(1_000_000_000 * (age + 1),) * 2)
    stamp = codedeps.code_stamp(tmp_path / "stamp.txt", modules, tmp_path)
    assert stamp.stat().st_mtime_ns == 1_000_000_000 * len(modules)


def test_the_stamp_is_rewritten_only_when_a_module_changes(synthetic_package, tmp_path):
    modules = sorted(synthetic_package.rglob("*.py"))
    stamp = codedeps.code_stamp(tmp_path / "stamp.txt", modules, tmp_path)
    first_text = stamp.read_text()
    os.utime(stamp, ns=(5, 5))

    # a module touched, its bytes the same: the stamp is left as it was, date included
    os.utime(synthetic_package / "io.py")
    codedeps.code_stamp(stamp, modules, tmp_path)
    assert stamp.stat().st_mtime_ns == 5 and stamp.read_text() == first_text

    # a module edited: new text, dated now, so the jobs that list it re-run
    (synthetic_package / "io.py").write_text("from chinatrade.errors import Bad  # edited\n")
    codedeps.code_stamp(stamp, modules, tmp_path)
    assert stamp.read_text() != first_text
    assert stamp.stat().st_mtime_ns > 5

    # a module leaves the list: new text too
    codedeps.code_stamp(stamp, modules[:-1], tmp_path)
    assert len(stamp.read_text().splitlines()) == len(modules) - 1


# --- the real rules ------------------------------------------------------------------------


def rule_blocks(project: Path) -> dict[str, str]:
    blocks = {}
    for smk in sorted((project / "workflow/rules").glob("*.smk")):
        for block in re.split(r"(?m)^(?=\s*rule[ :])", smk.read_text()):
            name = re.match(r"\s*rule (\w+):", block)
            name = name.group(1) if name else f"{smk.name}:dynamic {len(blocks)}"
            blocks[name] = block
    return blocks


def test_every_script_rule_lists_the_code_of_its_own_script(project):
    """The script named in `code=package_code_of(...)` is the one in `script:`, so the code
    inputs cannot describe another script than the one the rule runs."""
    checked = 0
    for name, block in rule_blocks(project).items():
        script = re.search(r'script:\s*"\.\./scripts/([\w.]+)"', block)
        if not script:
            continue
        code = re.search(r"code=package_code_of\(\s*\"workflow/scripts/([\w.]+)\"", block)
        assert code, f"rule {name}: no code=package_code_of(...) input"
        assert code.group(1) == script.group(1), f"rule {name}"
        checked += 1
    assert checked >= 20


def test_no_rule_lists_package_modules_by_hand(project):
    for name, block in rule_blocks(project).items():
        assert "workflow/scripts/chinatrade/" not in block, f"rule {name}"


def test_the_real_exhibit_runner_reaches_the_exhibit_modules_helpers(project):
    """F1's job runs balances.py through the exhibit module (a hand list once left it out)."""
    root = project / "workflow/scripts/chinatrade"
    found = codedeps.package_modules(
        project / "workflow/scripts/exhibit.py", modules=["exhibits.f1"], root=root
    )
    assert {root / "balances.py", root / "exhibits/run.py", root / "figures.py"} <= set(found)


def _new_start(cache_file: Path) -> None:
    """What a new Snakemake start does: an empty in-process memo, the cache file read."""
    codedeps._direct_dependencies.cache_clear()
    codedeps.use_cache(cache_file)


def test_the_cache_is_used_while_a_file_is_unchanged_and_read_again_when_edited(
    synthetic_package, tmp_path
):
    script = write(tmp_path, "scripts/job.py", "from chinatrade.ingest import later\n")
    cache_file = tmp_path / ".snakemake" / "chinatrade" / "codedeps.json"
    try:
        _new_start(cache_file)
        first = relative(
            codedeps.package_modules(script, root=synthetic_package), synthetic_package
        )
        assert first == ["__init__.py", "ingest/__init__.py", "ingest/later.py"]
        codedeps.save_cache()
        cached = json.loads(cache_file.read_text())
        assert str(synthetic_package / "ingest" / "later.py") in cached

        # an unchanged file is not parsed again: a planted entry with its stamp is believed
        later = synthetic_package / "ingest" / "later.py"
        cached[str(later)][1] = ["chinatrade.errors"]
        cache_file.write_text(json.dumps(cached))
        _new_start(cache_file)
        planted = relative(
            codedeps.package_modules(script, root=synthetic_package), synthetic_package
        )
        assert "errors.py" in planted

        # an edited file (new size and time) is parsed again, whatever the cache says
        later.write_text("import json\nfrom chinatrade import io\n")
        _new_start(cache_file)
        edited = relative(
            codedeps.package_modules(script, root=synthetic_package), synthetic_package
        )
        assert edited == [
            "__init__.py",
            "errors.py",
            "ingest/__init__.py",
            "ingest/later.py",
            "io.py",
        ]
        codedeps.save_cache()
        assert json.loads(cache_file.read_text())[str(later)][1] == [
            "chinatrade",
            "chinatrade.io",
            "json",
        ]
    finally:
        codedeps._cache = None  # the other tests read without a cache
        codedeps._direct_dependencies.cache_clear()
