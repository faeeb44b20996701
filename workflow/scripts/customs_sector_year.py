"""Rule customs_sector_year: processing share and balance by sector and year (customs data)."""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

import pandas as pd

from chinatrade import customs, io, runlog

log = runlog.to_file(snakemake.log[0])
aggregated = pd.concat([pd.read_parquet(path) for path in snakemake.input.years])
table = customs.processing_share(
    aggregated, chapter_sections=pd.read_parquet(snakemake.input.chapters)
)
io.write_parquet(table, snakemake.output[0])
log.info("%d sector-year rows", len(table))
