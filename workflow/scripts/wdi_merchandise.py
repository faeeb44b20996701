"""Rule wdi_merchandise: merchandise exports, imports and balance by economy (World Bank WDI)."""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

from chinatrade import io, runlog
from chinatrade.ingest import macro, wdi_trade

log = runlog.to_file(snakemake.log[0])
areas = macro.read_area_codes(snakemake.input.areas)
table = wdi_trade.read_wdi_merchandise(snakemake.input.exports, snakemake.input.imports, areas)
io.write_parquet(table, snakemake.output[0])
log.info(
    "WDI merchandise trade: %d rows, %d areas, %d-%d",
    len(table),
    table["wdi_code"].nunique(),
    table["year"].min(),
    table["year"].max(),
)
