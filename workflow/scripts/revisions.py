"""Rule revisions: what each replaced vintage of a raw file changed, table by table."""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

import tempfile
from pathlib import Path

from chinatrade import io, runlog
from chinatrade.vintage import check, revisions

log = runlog.to_file(snakemake.log[0])
project = check.Project(".", config=snakemake.config)
with tempfile.TemporaryDirectory(prefix="revisions-") as scratch:
    table = revisions.revisions_table(
        project, list(snakemake.params.replaced), snakemake.params.tolerance_pct, Path(scratch)
    )
io.write_csv(table, snakemake.output[0])
log.info("%d changes: %s", len(table), table.groupby("change").size().to_dict())
