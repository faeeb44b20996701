"""Rule wiod_industry_year: trade balance and import content of exports by WIOD industry."""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

import pandas as pd

from chinatrade import io, runlog
from chinatrade.analysis import gvc

log = runlog.to_file(snakemake.log[0])
table = gvc.wiod_industry_year(
    pd.read_parquet(snakemake.input.niot), pd.read_parquet(snakemake.input.labels)
)
io.write_parquet(table, snakemake.output[0])
national = table.groupby("year")["national_import_content_of_exports_share"].first()
log.info("national import content of exports: %s", national.round(4).to_dict())
