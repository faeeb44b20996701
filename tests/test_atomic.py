"""Outputs written whole or not at all (chinatrade/atomic.py), and what a killed job left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from chinatrade import atomic

SCRIPTS = Path(__file__).resolve().parents[1] / "workflow" / "scripts"


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(tmp_path):
    target = tmp_path / "F1.csv"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), atomic.atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("the job failed while writing")
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["F1.csv"]


def test_a_killed_writer_leaves_a_partial_file_that_the_next_run_removes(tmp_path):
    """SIGKILL while writing: no exit handler runs, the temporary file stays; it is named so
    that remove_partial_files finds it, and only it (the output and other hidden files stay)."""
    outputs = tmp_path / "reports" / "tables"
    outputs.mkdir(parents=True)
    (outputs / "F1.csv").write_text("complete\n")
    (tmp_path / "reports" / ".gitkeep").write_text("")
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from chinatrade import atomic\n"
            f"with atomic.atomic_path({str(outputs / 'F1.csv')!r}) as tmp:\n"
            "    tmp.write_text('half'); print(tmp, flush=True); time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ | {"PYTHONPATH": str(SCRIPTS)},
    )
    partial = Path(writer.stdout.readline().strip())
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    writer.stdout.close()
    assert partial.exists() and partial.name.startswith(".F1.csv.")
    scratch = atomic.temporary_folder(tmp_path / "data" / "interim" / "customs" / "2015.parquet")
    (scratch / "spill.tmp").write_text("duckdb")

    removed = atomic.remove_partial_files([tmp_path / "data", tmp_path / "reports"])

    assert sorted(removed) == sorted([partial, scratch])
    assert not partial.exists() and not scratch.exists()
    assert (outputs / "F1.csv").read_text() == "complete\n"
    assert (tmp_path / "reports" / ".gitkeep").exists()
    assert atomic.remove_partial_files([tmp_path / "data", tmp_path / "missing"]) == []
