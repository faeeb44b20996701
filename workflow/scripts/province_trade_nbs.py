"""Rule province_trade_nbs: NBS provincial total trade, both definitions, checked."""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

from chinatrade import io, runlog
from chinatrade.ingest import nbs

log = runlog.to_file(snakemake.log[0])
provinces = nbs.read_province_table(snakemake.input.provinces)
trade = nbs.read_nbs_province_trade(
    snakemake.input.location, snakemake.input.destination, provinces
)
io.write_parquet(trade, snakemake.output[0])
log.info("NBS provincial trade: %d rows", len(trade))
