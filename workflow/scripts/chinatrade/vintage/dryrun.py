"""The jobs that a run would execute now, from Snakemake's own dry run."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path


class DryRunFailed(RuntimeError):
    """Snakemake could not plan the run (its message is kept)."""


def snakemake_command() -> list[str]:
    """The Snakemake of this Python environment."""
    beside = Path(sys.executable).parent / "snakemake"
    return [str(beside)] if beside.is_file() else [sys.executable, "-m", "snakemake"]


def planned_jobs(project: str | Path, *targets: str) -> dict[str, int]:
    """Job counts by rule of ``snakemake --dry-run`` in ``project`` (empty: nothing to do)."""
    # the rules find the package themselves; an inherited PYTHONPATH is not the workflow's
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [*snakemake_command(), "--dry-run", "--quiet", "rules", *targets],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
    )
    if result.returncode != 0:
        raise DryRunFailed((result.stderr or result.stdout).strip()[-3000:])
    return parse_job_stats(result.stdout)


def parse_job_stats(output: str) -> dict[str, int]:
    """The first "Job stats" table of Snakemake's output, without its total."""
    if "Job stats:" not in output:
        return {}
    table = output.split("Job stats:", 1)[1]
    jobs = {}
    for line in table.splitlines()[3:]:
        match = re.fullmatch(r"(\w+)\s+(\d+)", line.strip())
        if not match or match.group(1) == "total":
            break
        jobs[match.group(1)] = int(match.group(2))
    return jobs


def summary(jobs: dict[str, int]) -> str:
    if not jobs:
        return "nothing to re-run"
    lines = [f"  {rule:<28} {count:>4}" for rule, count in jobs.items()]
    return "\n".join([*lines, f"  {'total':<28} {sum(jobs.values()):>4}"])
