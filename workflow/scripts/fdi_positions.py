"""Rule fdi_positions: BEA and EWN direct-investment positions in one checked table.

The transcribed check values are kept apart, as checks, never as data.
"""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

import pandas as pd

from chinatrade import io, runlog
from chinatrade.ingest import fdi

log = runlog.to_file(snakemake.log[0])
names = fdi.read_name_table(snakemake.input.names)
positions = fdi.combine_positions(
    fdi.read_bea_usdia(snakemake.input.usdia, names),
    fdi.read_bea_fdius(snakemake.input.fdius, names),
    fdi.read_ewn_fdi(snakemake.input.ewn, names),
)
io.write_parquet(positions, snakemake.output.positions)
checks = pd.concat(
    [fdi.read_fdi_check_values(path, names) for path in snakemake.input.checks],
    ignore_index=True,
)
io.write_parquet(checks, snakemake.output.checks)
log.info(
    "%d positions (%s); %d check values",
    len(positions),
    positions.groupby("measure").size().to_dict(),
    len(checks),
)
