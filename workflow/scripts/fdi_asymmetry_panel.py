"""Rule fdi_asymmetry_panel: positions both ways, the US balance and GDP by partner and year."""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

import pandas as pd

from chinatrade import io, runlog
from chinatrade.analysis import fdi_panel

log = runlog.to_file(snakemake.log[0])
positions = pd.read_parquet(snakemake.input.positions)
census = pd.read_parquet(snakemake.input.census)
gdp = pd.read_parquet(snakemake.input.gdp)
panel = fdi_panel.fdi_asymmetry_panel(positions, census, gdp)
io.write_parquet(panel, snakemake.output.panel)
io.write_parquet(
    fdi_panel.single_direction_panel(positions, census, gdp), snakemake.output.single_direction
)
io.write_csv(fdi_panel.describe_asymmetry(panel), snakemake.output.descriptive)
usable = panel["log_ratio_flag"] == "ok"
log.info(
    "panel: %d partner-years, %d with a log position ratio (%d partners)",
    len(panel),
    int(usable.sum()),
    panel.loc[usable, "partner_iso3"].nunique(),
)
