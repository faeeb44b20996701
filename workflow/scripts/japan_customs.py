"""Rule japan_customs: Japan's trade by area and principal commodity (Japan's customs)."""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

from chinatrade import io, runlog
from chinatrade.ingest import japan_customs

log = runlog.to_file(snakemake.log[0])
areas = japan_customs.read_area_table(snakemake.input.areas)
table = japan_customs.read_japan_customs(
    snakemake.input.rda, areas, source_file=snakemake.input.rda
)
io.write_parquet(table, snakemake.output[0])
partial = sorted(int(y) for y in table.loc[table["is_partial_year"], "year"].unique())
log.info("Japan's customs: %d rows; partial year(s): %s", len(table), partial or "none")
