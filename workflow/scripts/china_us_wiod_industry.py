"""Rule china_us_wiod_industry: US-reported China-US trade (HS6) mapped to WIOD industries."""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

import pandas as pd

from chinatrade import io, runlog
from chinatrade.analysis import gvc

log = runlog.to_file(snakemake.log[0])
spec = snakemake.params.spec
dataset, coverage = gvc.china_us_wiod_industry(
    pd.read_parquet(snakemake.input.sector_trade),
    pd.read_parquet(snakemake.input.hs6_to_wiod),
    pd.read_parquet(snakemake.input.wiod),
    years=range(spec["years"][0], spec["years"][1] + 1),
    intensity_years=range(spec["intensity_years"][0], spec["intensity_years"][1] + 1),
    import_flow=spec["import_flow"],
    hs4_fallback=spec["hs4_fallback"],
)
io.write_parquet(dataset, snakemake.output.dataset)
io.write_csv(coverage, snakemake.output.coverage)
total = coverage[coverage["china_flow"] == "total_trade"].set_index("year")["mapped_share"]
log.info("share of China-US trade mapped to a WIOD industry: %s", total.round(3).to_dict())
