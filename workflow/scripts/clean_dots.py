"""Rule clean_dots: IMF names -> codes; years from config; units and reporter stated."""

import pandas as pd

from chinatrade import dots, io, partners, runlog

log = runlog.to_file(snakemake.log[0])
long = pd.read_parquet(snakemake.input.long)
names = partners.read_name_table(snakemake.input.names)
bilateral = dots.clean(long, names, snakemake.params.source_file)
years = snakemake.params.years
in_range = bilateral["year"].between(years["first"], years["last"])
log.info(
    "keeping years %d-%d (config 'years'): %d of %d rows",
    years["first"],
    years["last"],
    in_range.sum(),
    len(bilateral),
)
io.write_parquet(bilateral[in_range], snakemake.output[0])
