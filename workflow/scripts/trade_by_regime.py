"""Rule trade_by_regime: China Customs trade by customs regime, and the transcribed series.

The bulletin tables (full and partial years, marked) and the annual summary rebuilt from
them; the 2019 commodity table; press figures kept as checks; China-reported totals,
trade-mode points and partner trade transcribed from press pages that quote China Customs.
"""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

from chinatrade import io, runlog
from chinatrade.ingest import regime

log = runlog.to_file(snakemake.log[0])
bulletins = regime.read_regime_bulletins(list(snakemake.input.bulletins))
io.write_parquet(bulletins, snakemake.output.bulletins)
annual = regime.regime_annual_summary(bulletins)
io.write_parquet(annual, snakemake.output.annual)
io.write_parquet(
    regime.read_commodity_regime_table(snakemake.input.commodities), snakemake.output.commodities
)
io.write_parquet(regime.read_press_release_checks(snakemake.input.press), snakemake.output.press)
totals = regime.read_china_trade_totals_transcribed(snakemake.input.totals)
bilateral = regime.read_china_bilateral_transcribed(snakemake.input.bilateral)
io.write_parquet(totals, snakemake.output.totals)
io.write_parquet(bilateral, snakemake.output.bilateral)
transcription_log = regime.read_transcription_log(snakemake.input.transcription_log)
for name, table in (("totals", totals), ("partner trade", bilateral)):
    missing = regime.unlogged_pages(table, transcription_log)
    if missing:
        log.warning("transcribed %s: pages not in the transcription log: %s", name, missing)
log.info(
    "%d bulletin cells (%d in partial years); annual summary years %s",
    len(bulletins),
    int(bulletins["is_partial_year"].sum()),
    sorted(int(year) for year in annual["year"].unique()),
)
