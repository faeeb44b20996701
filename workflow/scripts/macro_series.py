"""Rule macro_series: GDP (World Bank WDI; IMF WEO Oct 2025) and Fed H.10 exchange rates."""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

from chinatrade import io, runlog
from chinatrade.ingest import macro

log = runlog.to_file(snakemake.log[0])
areas = macro.read_area_codes(snakemake.input.areas)
gdp = macro.read_wdi_gdp(snakemake.input.wdi, areas)
weo = macro.read_weo(snakemake.input.weo, areas)
fx = macro.read_fed_h10_annual(snakemake.input.fx)
io.write_parquet(gdp, snakemake.output.gdp)
io.write_parquet(weo, snakemake.output.weo)
io.write_parquet(fx, snakemake.output.fx)
log.info("WDI GDP %d rows, WEO %d rows, H.10 %d rows", len(gdp), len(weo), len(fx))
