"""Rule bilateral_dots: every DOTS source in one checked table, and China's trade both ways."""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

import pandas as pd

from chinatrade import dots, io, partners, runlog

log = runlog.to_file(snakemake.log[0])
names = partners.read_name_table(snakemake.input.names)
tables = [pd.read_parquet(path) for path in snakemake.input.workbooks]
tables.append(dots.read_extract(snakemake.input.extract, names, snakemake.params.extract_reporters))
tables.append(dots.read_mirror(snakemake.input.mirror, names))
bilateral = dots.combine(tables)
dots.check_identities(bilateral, snakemake.params.eu27)
years = snakemake.params.years
in_range = bilateral["year"].between(years["first"], years["last"])
log.info(
    "%d rows from %d reporters; keeping years %d-%d (config 'years'): %d rows",
    len(bilateral),
    bilateral["reporter_iso3"].nunique(),
    years["first"],
    years["last"],
    in_range.sum(),
)
bilateral = bilateral[in_range].reset_index(drop=True)
io.write_parquet(bilateral, snakemake.output.bilateral)
io.write_parquet(dots.china_both_sides(bilateral), snakemake.output.china_both_sides)
