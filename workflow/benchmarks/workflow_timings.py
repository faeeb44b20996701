"""Benchmark: the waits a user feels, measured side by side in one run.

Measures, each in a fresh copy of a checkout (its sources only) with the raw-data mirror of
the project's config:

1. a one-rule Snakemake workflow's no-op (``snakemake --cores 4`` with nothing to do), the
   floor that no workflow goes below on this machine and Python environment;
2. the cold run (``snakemake --cores 4`` from the raw snapshot to the report): wall time, CPU
   seconds of Snakemake and every job (user + system, of all child processes) and the job
   count;
3. the no-op rerun of the same copy;
4. a changed setting back in the report: F3's ``headline_definition`` (an exhibit setting),
   then one regression spec (``sector_between_balance``'s standard errors), each edited in the
   copy's config and rerun, then put back;

for this checkout and, with ``--baseline <commit>``, for that commit of the repository too
(checked out with ``git worktree``), so that ratios hold on a noisy machine, and with
``--cold-jobs`` for this checkout once more with every job in a new interpreter
(``CHINATRADE_WARM_START=0``; chinatrade/warm_start.py). The no-op
figures are the median of ``--repeat`` runs. The customs aggregation has its own benchmark
(``customs_aggregation.py`` beside this file).

Usage (from the repository root, in the workflow's environment):
    python workflow/benchmarks/workflow_timings.py --baseline 6dc847c --cold-jobs \
        --workdir /tmp/timings

Prints a Markdown table and writes it as CSV to ``--out``. Nothing here runs in the tests:
speed is measured, not asserted.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
# the copy of a checkout's sources that the end-to-end tests make (mirror and study claims
# as absolute paths)
sys.path.insert(0, str(ROOT / "tests" / "support"))
from workflow_copy import copy_project  # noqa: E402

SNAKEMAKE = str(Path(sys.executable).parent / "snakemake")
ONE_RULE = 'rule one:\n    output:\n        "one.txt"\n    shell:\n        "echo one > {output}"\n'


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(arguments: list[str], cwd: Path, environment: dict | None = None) -> dict:
    """Run a command; its wall seconds, the CPU seconds of it and its children, and stderr."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | (environment or {})
    cpu_before, start = _children_cpu(), time.perf_counter()
    result = subprocess.run(arguments, cwd=cwd, capture_output=True, text=True, env=env)
    wall, cpu = time.perf_counter() - start, _children_cpu() - cpu_before
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(arguments)} failed in {cwd}:\n{result.stderr[-3000:]}")
    return {"wall_s": wall, "cpu_s": cpu, "stderr": result.stderr}


def set_setting(config: Path, keys: tuple[str, ...], value) -> str:
    """Set one config value (a path of keys) in the copy's config; return the original text.
    A checkout whose config lacks the path raises KeyError."""
    original = config.read_text()
    settings = yaml.safe_load(original)
    entry = settings
    for key in keys[:-1]:
        entry = entry[key]
    if keys[-1] not in entry:
        raise KeyError(".".join(keys))
    entry[keys[-1]] = value
    config.write_text(yaml.safe_dump(settings, sort_keys=False))
    return original


def noop(workdir: Path, repeat: int, environment: dict | None = None) -> float:
    return statistics.median(
        timed([SNAKEMAKE, "--cores", "4", "-q"], workdir, environment)["wall_s"]
        for _ in range(repeat)
    )


def measure_checkout(
    name: str,
    checkout: Path,
    workdir: Path,
    mirror: Path,
    repeat: int,
    environment: dict | None = None,
):
    project = copy_project(checkout, workdir / re.sub(r"\W+", "_", name), mirror)
    cold = timed([SNAKEMAKE, "--cores", "4"], project, environment)
    jobs = [line for line in cold["stderr"].splitlines() if line.startswith("total ")]
    row = {
        "checkout": name,
        "jobs": jobs[-1].split()[-1] if jobs else "",
        "cold_wall_s": cold["wall_s"],
        "cold_cpu_s": cold["cpu_s"],
        "noop_s": noop(project, repeat, environment),
    }
    config = project / "config" / "config.yaml"
    for label, keys, value in (
        ("setting_F3_s", ("exhibits", "F3", "headline_definition"), "customs"),
        (
            "setting_regression_s",
            ("regressions", "sector_between_balance", "se", "type"),
            "nonrobust",
        ),
    ):
        try:
            original = set_setting(config, keys, value)
        except KeyError as missing:  # an older checkout without the setting
            print(f"{name}: no config key {missing}", file=sys.stderr)
            row[label] = float("nan")
            continue
        row[label] = timed([SNAKEMAKE, "--cores", "4", "-q"], project, environment)["wall_s"]
        config.write_text(original)
        timed([SNAKEMAKE, "--cores", "4", "-q"], project, environment)  # back to the defaults
    return row


def one_rule_noop(workdir: Path, repeat: int) -> float:
    folder = workdir / "one_rule"
    folder.mkdir(parents=True)
    (folder / "Snakefile").write_text(ONE_RULE)
    timed([SNAKEMAKE, "--cores", "4", "-q"], folder)
    return noop(folder, repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", help="a commit to measure beside this checkout")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/workflow_timings"))
    parser.add_argument("--mirror", type=Path, default=(ROOT / "../shared/data").resolve())
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--cold-jobs",
        action="store_true",
        help="measure this checkout once more with every job in a new interpreter "
        "(CHINATRADE_WARM_START=0): what the run's warm interpreter saves",
    )
    parser.add_argument("--out", type=Path, default=Path("workflow_timings.csv"))
    args = parser.parse_args()
    if args.workdir.exists():
        shutil.rmtree(args.workdir)
    args.workdir.mkdir(parents=True)
    # the baseline's worktree sits in the workdir: its config finds ../shared there too
    (args.workdir / "shared").symlink_to(args.mirror.parent)

    floor = one_rule_noop(args.workdir, args.repeat)
    rows = [measure_checkout("this checkout", ROOT, args.workdir, args.mirror, args.repeat)]
    if args.cold_jobs:
        rows.append(
            measure_checkout(
                "this checkout, cold jobs",
                ROOT,
                args.workdir,
                args.mirror,
                args.repeat,
                {"CHINATRADE_WARM_START": "0"},
            )
        )
    if args.baseline:
        baseline = args.workdir / "baseline_checkout"
        subprocess.run(
            ["git", "worktree", "add", "--detach", "-f", str(baseline), args.baseline],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        try:
            rows.append(
                measure_checkout(
                    f"baseline {args.baseline}", baseline, args.workdir, args.mirror, args.repeat
                )
            )
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(baseline)], cwd=ROOT, check=False
            )
    for row in rows:
        row["one_rule_noop_s"] = floor
        row["noop_ratio"] = row["noop_s"] / floor
    columns = list(rows[0])
    with open(args.out, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        cells = [f"{v:.1f}" if isinstance(v, float) else str(v) for v in row.values()]
        print("| " + " | ".join(cells) + " |")
    if args.baseline:
        this, base = rows[0], rows[-1]
        print(
            f"\ncold CPU: {this['cold_cpu_s'] / base['cold_cpu_s']:.2f} of the baseline's; "
            f"cold wall: {this['cold_wall_s'] / base['cold_wall_s']:.2f}; "
            f"no-op: {this['noop_ratio']:.1f}x the one-rule workflow's"
        )


if __name__ == "__main__":
    main()
