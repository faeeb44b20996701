"""Rule plausibility_checks: every plausibility check over the canonical tables -> one table.

Each comparison is a row with both values, their sources, the tolerance (config
``plausibility``) and its status (chinatrade/plausibility/). Warnings are logged and kept for
the report's data appendix; a failed check stops the job naming the raw file, the column, the
row and both values, so the table is not written and the report is not made.
"""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

from pathlib import Path

import pandas as pd

from chinatrade import i18n, io, plausibility, runlog
from chinatrade.plausibility import release
from chinatrade.rawdata import read_manifest

log = runlog.to_file(snakemake.log[0])
manifest = read_manifest(snakemake.input.manifest)
history = [
    row
    for path in snakemake.input.history
    if Path(path).is_file()
    for row in pd.read_csv(path, dtype=str, keep_default_na=False).to_dict("records")
]
settings = dict(snakemake.params.settings)
settings["release_table"] = release.release_table(
    release.read_release_dates(snakemake.input.release_dates, manifest), manifest, history
)
tables = {name: pd.read_parquet(snakemake.input[name]) for name in snakemake.params.tables}
files = plausibility.RawFiles(manifest, dict(snakemake.params.roles))
# the texts (tolerances, notes, sources) are kept with their messages: the report shows them in
# its language, and the table is the same in every language
with i18n.capture():
    results = plausibility.run_checks(tables, settings, files, log=log)
counts = results["status"].value_counts()
log.info(
    "%d checks, %d comparisons: %d passed, %d warned, %d failed",
    results["check_id"].nunique(),
    len(results),
    counts.get("pass", 0),
    counts.get("warn", 0),
    counts.get("fail", 0),
)
plausibility.raise_on_failure(results)
io.write_csv(results, snakemake.output[0])
