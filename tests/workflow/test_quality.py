"""Code-quality gates (ruff, snakefmt, snakemake --lint) and the pinned environments."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

BIN = Path(sys.executable).parent


def run(project, *command):
    return subprocess.run(command, cwd=project, capture_output=True, text=True)


@pytest.mark.parametrize(
    "command",
    [
        ("ruff", "check", "."),
        ("ruff", "format", "--check", "."),
        ("snakefmt", "--check", "."),
    ],
    ids=" ".join,
)
def test_linters_are_clean(project, command):
    result = run(project, str(BIN / command[0]), *command[1:])
    assert result.returncode == 0, result.stdout + result.stderr


def test_snakemake_lint_is_clean(project):
    result = run(project, str(BIN / "snakemake"), "--lint")
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "Congratulations" in output, output


def _pins(lines, folder: Path | None = None):
    """Package -> pinned version; ``-r other.txt`` lines (relative to ``folder``) included."""
    pins = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-r "):
            included = folder / line.removeprefix("-r ").strip()
            pins.update(_pins(included.read_text().splitlines(), folder))
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.\-\[\]]+)==([^\s;]+)", line)
        assert match, f"not an exact pin: {line!r}"
        pins[match.group(1).lower().replace("_", "-")] = match.group(2)
    return pins


def test_conda_environment_pins_the_same_versions_as_requirements(project):
    requirements = _pins((project / "requirements.txt").read_text().splitlines())
    environment = yaml.safe_load((project / "envs/analysis.yaml").read_text())
    pip_section = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    conda_pins = _pins(pip_section)
    # the jobs' environment is the runtime one (requirements.txt): the SLURM plugin and the
    # development tools run in the environment that starts Snakemake, not in the jobs'
    assert set(conda_pins) == set(requirements)
    for package, version in conda_pins.items():
        assert requirements[package] == version, package
    python = next(d for d in environment["dependencies"] if str(d).startswith("python"))
    assert python == f"python={sys.version_info.major}.{sys.version_info.minor}"


def test_installed_versions_are_the_pinned_ones(project):
    """The environment the tests run in is the one requirements-dev.txt describes (the
    runtime pins, the SLURM plugin, the development tools)."""
    from importlib.metadata import version

    development = (project / "requirements-dev.txt").read_text().splitlines()
    for package, pinned in _pins(development, project).items():
        assert version(package) == pinned, package


def test_the_readmes_rule_graph_names_exactly_the_workflows_rules(project):
    """workflow/report/rulegraph.svg (drawn by workflow/tools/draw_rulegraph.py) is redrawn
    when a rule is added, renamed or removed."""
    sys.path.insert(0, str(project / "workflow/tools"))
    try:
        import draw_rulegraph
    finally:
        sys.path.pop(0)
    rules = draw_rulegraph.rule_names(draw_rulegraph.rulegraph_dot(project))
    picture = (project / "workflow/report/rulegraph.svg").read_text()
    drawn = set(re.findall(r">([a-zA-Z_0-9]+)</text>", picture))
    assert "report" in rules and "all" not in rules
    assert drawn == rules
