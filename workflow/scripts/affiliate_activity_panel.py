"""Rule affiliate_activity_panel: the US goods balance with each host economy beside US
affiliates' local sales there (BEA), with GDP and pass-through hubs flagged."""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

import pandas as pd

from chinatrade import io, runlog
from chinatrade.analysis import ownership_datasets

log = runlog.to_file(snakemake.log[0])
panel = ownership_datasets.affiliate_activity_panel(
    pd.read_parquet(snakemake.input.affiliate_sales),
    pd.read_parquet(snakemake.input.census),
    pd.read_parquet(snakemake.input.gdp),
    snakemake.params.pass_through_hubs,
)
io.write_parquet(panel, snakemake.output[0])
usable = panel["log_local_sales_to_us_exports"].notna()
log.info("%d host-years, %d with a usable local-sales ratio", len(panel), int(usable.sum()))
