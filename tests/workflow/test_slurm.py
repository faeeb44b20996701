"""The SLURM profile (workflow/profiles/slurm) and the resources the rules declare for it.

The first two tests always run (a few seconds, no SLURM needed). The last one submits a small
DAG to a real SLURM cluster and is opt-in: ``CHINATRADE_SLURM_TESTS=1 pytest -m slurm`` on a
machine where ``sbatch`` works (``workflow/cluster/slurm_single_node.sh`` sets up one).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from chinatrade import customs_synthetic
from workflow_copy import SNAKEMAKE, copy_project, snakemake

PROFILE = Path("workflow/profiles/slurm")
# rules that only gather inputs (Snakefile): nothing to run, nothing submitted
TARGET_RULES = {"all", "canonical_tables"}
CUSTOMS_YEARS = (2017, 2018, 2019)


def _run(workdir: Path, *arguments: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [SNAKEMAKE, *arguments], cwd=workdir, capture_output=True, text=True, env=env
    )


def _with_customs_years(workdir: Path, records: Path, rows: int) -> None:
    """Point the copy's config at synthetic customs records (or empty stand-ins, rows=0)."""
    records.mkdir()
    for year in CUSTOMS_YEARS:
        path = records / f"synthetic_{year}.parquet"
        if rows:
            customs_synthetic.generate(path, year, n_rows=rows, seed=year, beta=0.8)
        else:
            path.touch()  # a dry run only needs the file to exist
    config_path = workdir / "config/config.yaml"
    config = yaml.safe_load(config_path.read_text())
    config["customs"]["files"] = {
        year: [str(records / f"synthetic_{year}.parquet")] for year in CUSTOMS_YEARS
    }
    config_path.write_text(yaml.safe_dump(config, sort_keys=False))


def test_profile_submits_to_slurm_with_squeue_and_without_account(project):
    profile = yaml.safe_load((project / PROFILE / "config.yaml").read_text())
    assert profile["executor"] == "slurm"
    assert profile["slurm-status-command"] == "squeue"  # no accounting database needed
    assert profile["slurm-no-account"] is True
    assert {"mem_mb", "runtime"} <= set(profile["default-resources"])
    # every key is an option of the installed Snakemake and executor plugin
    options = _run(project, "--help").stdout
    unknown = [key for key in profile if not re.search(rf"--{re.escape(key)}\b", options)]
    assert not unknown, unknown


def test_every_job_declares_its_memory_and_runtime(tmp_path, project, shared_data):
    """A dry run of the whole DAG, customs years included, through the profile, with the
    default resources set to 1: a job showing mem_mb=1 or runtime=1 comes from a rule that
    declares no resources of its own."""
    workdir = copy_project(project, tmp_path / "project", shared_data)
    _with_customs_years(workdir, tmp_path / "records", rows=0)
    result = _run(
        workdir,
        *("--profile", str(workdir / PROFILE), "--dry-run", "--forceall"),
        *("--default-resources", "mem_mb=1", "runtime=1"),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    jobs = re.findall(r"^rule (\w+):\n(.*?)(?=^\S|\Z)", result.stdout, re.MULTILINE | re.DOTALL)
    assert jobs, result.stdout[-3000:]
    resources, undeclared = {}, set()
    for rule, block in jobs:
        line = re.search(r"^\s+resources: (.*)$", block, re.MULTILINE)
        assert line, (rule, block)
        values = dict(item.split("=", 1) for item in line.group(1).split(", "))
        resources.setdefault(rule, []).append(values)
        if rule in TARGET_RULES:
            continue
        if values.get("mem_mb", "1") == "1" or values.get("runtime", "1") == "1":
            undeclared.add(rule)
    assert not undeclared, sorted(undeclared)
    assert {"fetch_raw_file", "report", "regression", "exhibit_F1"} <= set(resources)
    # the DuckDB job asks for its memory_limit (1GB = 1000 MB) plus 1 GB
    customs = resources["customs_aggregate_year"]
    assert len(customs) == len(CUSTOMS_YEARS)
    assert {v["mem_mb"] for v in customs} == {"2024"}


def _outputs(workdir: Path) -> dict[str, str]:
    return {
        str(path.relative_to(workdir)): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in ("data", "reports")
        for path in sorted((workdir / folder).rglob("*"))
        if path.is_file()
    }


def _job_count(result: subprocess.CompletedProcess) -> int:
    """The number of jobs of the run, from Snakemake's job-stats table."""
    return int(re.search(r"^total\s+(\d+)$", result.stderr, re.MULTILINE).group(1))


SLURM_OPT_IN = os.environ.get("CHINATRADE_SLURM_TESTS") == "1" and shutil.which("sbatch")


@pytest.mark.slurm
@pytest.mark.skipif(
    not SLURM_OPT_IN,
    reason="opt-in: CHINATRADE_SLURM_TESTS=1 and a working sbatch "
    "(workflow/cluster/slurm_single_node.sh)",
)
def test_workflow_through_slurm_writes_the_local_outputs(tmp_path, project, shared_data):
    """The customs path (raw files, concordances, one DuckDB job per year, the sector panel,
    the regression) run locally, then again from scratch through the SLURM profile: the same
    bytes, and every job went through sbatch."""
    workdir = copy_project(project, tmp_path / "project", shared_data)
    _with_customs_years(workdir, tmp_path / "records", rows=60_000)
    targets = [
        f"reports/{kind}/regressions/customs_processing_share{suffix}"
        for kind, suffix in (
            ("tables", "_coefficients.csv"),
            ("tables", "_fit.csv"),
            ("tables", ".html"),
            ("tables", ".tex"),
            ("figures", ".png"),
            ("figures", ".svg"),
        )
    ]

    start = time.monotonic()
    local = snakemake(workdir, *targets)
    local_seconds = time.monotonic() - start
    assert local.returncode == 0, local.stderr[-5000:]
    local_outputs = _outputs(workdir)
    jobs = _job_count(local)
    assert set(targets) <= set(local_outputs)

    for produced in ("data", "reports", "logs", ".snakemake"):
        shutil.rmtree(workdir / produced)
    start = time.monotonic()
    cluster = _run(
        workdir, "--profile", str(workdir / PROFILE), "--slurm-keep-successful-logs", *targets
    )
    slurm_seconds = time.monotonic() - start
    assert cluster.returncode == 0, cluster.stderr[-5000:]
    print(f"{jobs} jobs: local {local_seconds:.0f} s, through SLURM {slurm_seconds:.0f} s")

    # identical outputs: every table (Parquet, CSV, HTML, LaTeX) and figure (PNG, SVG)
    assert _outputs(workdir) == local_outputs

    # every job was submitted with sbatch, once, and SLURM ran it
    assert _job_count(cluster) == jobs
    assert len(re.findall(r"^rule \w+:$", cluster.stderr, re.MULTILINE)) == jobs
    assert "localrule" not in cluster.stderr
    submission = r"Job \d+ has been submitted with SLURM jobid (\d+) \(log: (.+?)\)\.$"
    submitted = dict(re.findall(submission, cluster.stderr, re.MULTILINE))
    assert len(submitted) == jobs, cluster.stderr[-5000:]
    # the per-job logs SLURM wrote (sbatch --output), kept by --slurm-keep-successful-logs
    assert all(Path(log).is_file() for log in submitted.values())
    slurm_logs = list((workdir / ".snakemake/slurm_logs").rglob("*.log"))
    assert sorted(p.stem for p in slurm_logs) == sorted(submitted)
    # squeue (MinJobAge keeps finished jobs listed) knows them under the run's job name
    run_id = re.search(r"SLURM run ID: (\S+)", cluster.stderr).group(1)
    listed = subprocess.run(
        ["squeue", "--noheader", "--states=all", "--name", run_id, "--format=%i|%T"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    states = dict(line.split("|") for line in listed)
    assert set(states) <= set(submitted) and set(states.values()) <= {"COMPLETED"}, states
