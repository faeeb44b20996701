"""Rule amne_industry_year: China's goods industries at the OECD AMNE grouping, WIOD balance
and import content beside the foreign-owned share of exports."""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

import pandas as pd

from chinatrade import io, runlog
from chinatrade.analysis import ownership_datasets
from chinatrade.multinationals import foreign_owned_export_share

log = runlog.to_file(snakemake.log[0])
foreign_share = foreign_owned_export_share(
    pd.read_parquet(snakemake.input.by_ownership), host="CHN"
)
table = ownership_datasets.amne_industry_year(
    pd.read_parquet(snakemake.input.wiod),
    foreign_share,
    ownership_datasets.read_concordance(snakemake.input.concordance),
)
io.write_parquet(table, snakemake.output[0])
log.info("%d industry groups x %d years", table["industry"].nunique(), table["year"].nunique())
