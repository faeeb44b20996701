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

Prints a Markdown table (wall time, rows per second, peak RSS) and writes it as CSV to
`--out`. Nothing here runs in the tests: speed and memory are measured, not asserted.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "workflow" / "scripts"))

YEAR = 2018


def _measure(code: str) -> dict:
    """Run ``code`` in a fresh Python process; return wall seconds and its peak RSS (MB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "workflow" / "scripts")},
    )
    wall = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the maximum over all children so far: run the steps from the
    # smallest to the largest, and report a step's own figure from its output when it prints one
    own = json.loads(result.stdout.strip().splitlines()[-1]) if result.stdout.strip() else {}
    return {"wall_s": wall, "peak_rss_mb": own.get("peak_rss_mb", max(peak_kb, before) / 1024)}


def _self_rss() -> str:
    return (
        "import json, resource; "
        "print(json.dumps({'peak_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss"
        " / 1024}))"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000_000])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/customs_bench"))
    parser.add_argument("--memory-limit", default="1GB")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--pandas-max-rows", type=int, default=20_000_000)
    parser.add_argument("--out", type=Path, default=Path("customs_benchmark.csv"))
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)

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
            "from chinatrade import customs; "
            f"customs.aggregate_year([{str(records)!r}], {YEAR}, {str(out)!r}, hs_level=2, "
            f"memory_limit={args.memory_limit!r}, threads={args.threads}); " + _self_rss()
        )
        bare = _measure(
            "import duckdb; con = duckdb.connect(); "
            f"con.execute(\"SET memory_limit='{args.memory_limit}'; SET threads={args.threads};"
            f" SET temp_directory='{args.workdir}/duckdb_tmp'\"); "
            'con.execute("COPY (SELECT substr(hs_code, 1, 2) AS hs2, customs_regime, partner, '
            "province, flow, sum(value_usd) AS value_usd, count(*) AS n FROM "
            f"read_parquet('{records}') GROUP BY ALL) TO '{args.workdir}/bare_{n_rows}.parquet'"
            ' (FORMAT parquet)"); ' + _self_rss()
        )
        sample = min(n_rows, args.pandas_max_rows)
        pandas = _measure(
            "import pyarrow.parquet as pq, pandas as pd; "
            f"f = pq.ParquetFile({str(records)!r}); groups = []; n = 0\n"
            "for i in range(f.num_row_groups):\n"
            f"    if n >= {sample}: break\n"
            "    groups.append(i); n += f.metadata.row_group(i).num_rows\n"
            "frame = f.read_row_groups(groups).to_pandas(); "
            "frame['hs2'] = frame['hs_code'].str[:2]; "
            "frame.groupby(['hs2', 'customs_regime', 'partner', 'province', 'flow'])"
            "['value_usd'].agg(['sum', 'count']); " + _self_rss()
        )
        scale = n_rows / sample
        for method, measured, note in (
            ("workflow (aggregate_year, all checks)", workflow, ""),
            ("bare DuckDB query (no checks)", bare, ""),
            (
                "pandas read_parquet + groupby",
                {"wall_s": pandas["wall_s"] * scale, "peak_rss_mb": pandas["peak_rss_mb"]},
                "" if scale == 1 else f"measured on {sample:,} rows, time scaled x{scale:g}",
            ),
        ):
            rows_out.append(
                {
                    "rows": n_rows,
                    "method": method,
                    "wall_s": round(measured["wall_s"], 1),
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
