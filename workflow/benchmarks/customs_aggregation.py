"""Benchmark: aggregating China Customs records (SYNTHETIC) by year, out of core.

For each size (rows in one year), the script generates synthetic records with the schema of
`chinatrade.customs` (`chinatrade.customs_synthetic`, realistic skew), then measures, each in
its own process so that peak memory (max RSS) is that step's alone:

1. `customs.aggregate_year`: the workflow's job (all schema checks + the aggregate);
2. a bare DuckDB query computing the same aggregate without the checks (the practical limit);
3. pandas: `read_parquet` + `groupby` (the usual approach), on the whole file or, above
   `--pandas-max-rows`, on a sample of row groups, scaled up linearly (marked as such).

Usage (from the repository root):
    python workflow/benchmarks/customs_aggregation.py --rows 10000000 100000000 \\
        --workdir /tmp/customs_bench --memory-limit 1GB --threads 2

Times are the operation's own (after the interpreter started and the libraries were imported;
`process_s` includes both). Prints a Markdown table (wall time, rows per second, peak RSS)
and writes it as CSV to `--out`.

With `--years 1 2 4` it shows instead how the cost grows with the number of years: it copies
the workflow's code to `--workdir`, generates `--rows-per-year` synthetic records for each of
the largest number of years, and for each count of years runs the workflow's own jobs
(`snakemake --cores 2`, one `customs_aggregate_year` job per year, from a clean state),
reporting wall time, seconds per year and the peak RSS of any job:

    python workflow/benchmarks/customs_aggregation.py --years 1 2 4 --rows-per-year 10000000

Nothing here runs in the tests: speed and memory are measured, not asserted.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "workflow" / "scripts"))

YEAR = 2018
FIRST_YEAR = 2015  # years of the scaling runs: 2015, 2016, ...


def _measure(imports: str, operation: str) -> dict:
    """Run ``imports`` then ``operation`` in a fresh Python process.

    Returns the operation's own wall seconds (``wall_s``: after the interpreter has started
    and the libraries are imported, so that every method is timed on its work alone), the
    whole process's seconds (``process_s``) and the process's peak RSS (MB).
    """
    code = (
        f"{imports}\n"
        "import json as _json, resource as _resource, time as _time\n"
        "_start = _time.perf_counter()\n"
        f"{operation}\n"
        "print(_json.dumps({'seconds': _time.perf_counter() - _start, 'peak_rss_mb': "
        "_resource.getrusage(_resource.RUSAGE_SELF).ru_maxrss / 1024}))"
    )
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "workflow" / "scripts")},
    )
    process = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    own = json.loads(result.stdout.strip().splitlines()[-1])
    return {"wall_s": own["seconds"], "process_s": process, "peak_rss_mb": own["peak_rss_mb"]}


def _generate(path: Path, year: int, n_rows: int) -> None:
    """Synthetic records of one year, in their own process (seeded by the year)."""
    if path.exists():
        return
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from chinatrade import customs_synthetic as s; "
            f"s.generate({str(path)!r}, {year}, {n_rows}, seed={year})",
        ],
        check=True,
        env={"PYTHONPATH": str(ROOT / "workflow" / "scripts")},
    )
    print(f"generated {n_rows:,} rows for {year} in {time.perf_counter() - start:.0f} s")


def years_scaling(args: argparse.Namespace) -> list[dict]:
    """Wall time of the workflow's per-year jobs for each count of years in ``args.years``."""
    import yaml

    project = args.workdir / "project"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    shutil.copy(ROOT / "Snakefile", project)
    for folder in ("workflow", "config", "envs"):
        shutil.copytree(
            ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    config = yaml.safe_load((ROOT / "config" / "config.yaml").read_text())
    years = [FIRST_YEAR + i for i in range(max(args.years))]
    files = {}
    for year in years:
        path = args.workdir / f"synthetic_{args.rows_per_year}_{year}.parquet"
        _generate(path, year, args.rows_per_year)
        files[year] = [str(path)]
    rows_out = []
    for count in sorted(args.years):
        chosen = years[:count]
        override = {
            # absolute paths: the copy does not sit beside ../shared
            "raw_data": {**config["raw_data"], "mirror": str(Path(config["raw_data"]["mirror"]))},
            "study_claims": str((ROOT / config["study_claims"]).resolve()),
            "customs": {
                **config["customs"],
                "files": {year: files[year] for year in chosen},
                "memory_limit": args.memory_limit,
            },
        }
        override["raw_data"]["mirror"] = str((ROOT / config["raw_data"]["mirror"]).resolve())
        (project / "benchmark_config.yaml").write_text(yaml.safe_dump(override))
        shutil.rmtree(project / "data" / "interim" / "customs", ignore_errors=True)
        targets = [f"data/interim/customs/aggregate_{year}.parquet" for year in chosen]
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "snakemake",
                *targets,
                "--cores",
                str(args.threads),
                "--configfile",  # takes several files: after the targets
                "benchmark_config.yaml",
            ],
            cwd=project,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - start
        if result.returncode != 0:
            raise RuntimeError(result.stderr[-3000:])
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        rows_out.append(
            {
                "years": count,
                "rows": count * args.rows_per_year,
                "wall_s": round(wall, 1),
                "s_per_year": round(wall / count, 1),
                "rows_per_s": round(count * args.rows_per_year / wall),
                # maximum over every process so far (runs go from few to many years)
                "peak_rss_mb": round(max(peak, before) / 1024),
            }
        )
        print(rows_out[-1], flush=True)
    return rows_out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000_000])
    parser.add_argument("--years", type=int, nargs="+", help="counts of years (scaling run)")
    parser.add_argument("--rows-per-year", type=int, default=10_000_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/customs_bench"))
    parser.add_argument("--memory-limit", default="1GB")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--pandas-max-rows", type=int, default=20_000_000)
    parser.add_argument("--out", type=Path, default=Path("customs_benchmark.csv"))
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)

    if args.years:
        import pandas as pd

        table = pd.DataFrame(years_scaling(args))
        table.to_csv(args.out, index=False)
        print(table.to_markdown(index=False))
        if len(table) > 1:
            # wall = start-up (Snakemake parses the whole workflow once) + cost per year
            import numpy as np

            per_year, start_up = np.polyfit(table["years"], table["wall_s"], 1)
            fitted = start_up + per_year * table["years"]
            worst = float((table["wall_s"] - fitted).abs().max())
            print(
                f"linear fit: wall = {start_up:.1f} s + {per_year:.1f} s x years "
                f"(largest deviation {worst:.1f} s)"
            )
        return

    rows_out = []
    for n_rows in sorted(args.rows):
        records = args.workdir / f"synthetic_{n_rows}.parquet"
        if not records.exists():
            start = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-c",
                    "from chinatrade import customs_synthetic as s; "
                    f"s.generate({str(records)!r}, {YEAR}, {n_rows}, seed=1)",
                ],
                check=True,
                env={"PYTHONPATH": str(ROOT / "workflow" / "scripts")},
            )
            print(f"generated {n_rows:,} rows in {time.perf_counter() - start:.0f} s")
        out = args.workdir / f"aggregate_{n_rows}.parquet"
        workflow = _measure(
            "from chinatrade import customs",
            f"customs.aggregate_year([{str(records)!r}], {YEAR}, {str(out)!r}, hs_level=2, "
            f"memory_limit={args.memory_limit!r}, threads={args.threads})",
        )
        bare = _measure(
            "import duckdb",
            "con = duckdb.connect(); "
            f"con.execute(\"SET memory_limit='{args.memory_limit}'; SET threads={args.threads};"
            f" SET temp_directory='{args.workdir}/duckdb_tmp'\"); "
            'con.execute("COPY (SELECT substr(hs_code, 1, 2) AS hs2, customs_regime, partner, '
            "province, flow, sum(value_usd) AS value_usd, count(*) AS n FROM "
            f"read_parquet('{records}') GROUP BY ALL) TO '{args.workdir}/bare_{n_rows}.parquet'"
            ' (FORMAT parquet)")',
        )
        sample = min(n_rows, args.pandas_max_rows)
        pandas = _measure(
            "import pyarrow.parquet as pq, pandas as pd",
            f"f = pq.ParquetFile({str(records)!r}); groups = []; n = 0\n"
            "for i in range(f.num_row_groups):\n"
            f"    if n >= {sample}: break\n"
            "    groups.append(i); n += f.metadata.row_group(i).num_rows\n"
            "frame = f.read_row_groups(groups).to_pandas(); "
            "frame['hs2'] = frame['hs_code'].str[:2]; "
            "frame.groupby(['hs2', 'customs_regime', 'partner', 'province', 'flow'])"
            "['value_usd'].agg(['sum', 'count'])",
        )
        scale = n_rows / sample
        for method, measured, note in (
            ("workflow (aggregate_year, all checks)", workflow, ""),
            ("bare DuckDB query (no checks)", bare, ""),
            (
                "pandas read_parquet + groupby",
                {
                    "wall_s": pandas["wall_s"] * scale,
                    "process_s": pandas["process_s"] * scale,
                    "peak_rss_mb": pandas["peak_rss_mb"],
                },
                "" if scale == 1 else f"measured on {sample:,} rows, time scaled x{scale:g}",
            ),
        ):
            rows_out.append(
                {
                    "rows": n_rows,
                    "method": method,
                    "wall_s": round(measured["wall_s"], 2),
                    "process_s": round(measured["process_s"], 2),
                    "rows_per_s": round(n_rows / measured["wall_s"]),
                    "peak_rss_mb": round(measured["peak_rss_mb"]),
                    "note": note,
                }
            )
            print(rows_out[-1], flush=True)

    import pandas as pd

    table = pd.DataFrame(rows_out)
    table.to_csv(args.out, index=False)
    print(table.to_markdown(index=False))


if __name__ == "__main__":
    main()
