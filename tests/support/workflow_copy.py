"""Running the workflow in a temporary copy of the project, for the tests.

The copy gets its own config with the mirror and the study's claims as absolute paths, so
tests can run Snakemake there without touching the project's own data/ and reports/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

SNAKEMAKE = str(Path(sys.executable).parent / "snakemake")
PRODUCED = {".snakemake", "data", "reports", "logs", ".git", ".pytest_cache", ".ruff_cache"}


def copy_project(project: Path, destination: Path, mirror: Path) -> Path:
    """Copy the project's sources (not its outputs) and point the copy at ``mirror``."""
    shutil.copytree(
        project,
        destination,
        ignore=lambda folder, names: [
            n
            for n in names
            if (Path(folder) == project and n in PRODUCED)
            or n.startswith(".venv")
            or n == "__pycache__"
        ],
    )
    config_path = destination / "config/config.yaml"
    config = yaml.safe_load(config_path.read_text())
    config["raw_data"]["mirror"] = str(mirror)
    config["study_claims"] = str((project / config["study_claims"]).resolve())
    config_path.write_text(yaml.safe_dump(config, sort_keys=False))
    return destination


def snakemake(
    workdir: Path, *arguments: str, environment: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """``snakemake --cores 2 *arguments`` in ``workdir``; ``environment`` adds variables."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | (environment or {})
    return subprocess.run(
        [SNAKEMAKE, "--cores", "2", *arguments],
        cwd=workdir,
        capture_output=True,
        text=True,
        env=env,
    )


def executed_rules(result: subprocess.CompletedProcess) -> list[str]:
    return sorted(set(re.findall(r"^(?:local)?rule (\w+):", result.stderr, re.MULTILINE)))
