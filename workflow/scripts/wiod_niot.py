"""Rule wiod_niot: the WIOD 2016 China national IO table in long form, checked."""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

from chinatrade import io, runlog
from chinatrade.ingest import wiod

log = runlog.to_file(snakemake.log[0])
niot = wiod.read_niot(snakemake.input.niot)
io.write_parquet(niot, snakemake.output.table)
io.write_parquet(wiod.read_niot_labels(snakemake.input.niot), snakemake.output.labels)
log.info("WIOD NIOT: %d cells, years %d-%d", len(niot), niot.year.min(), niot.year.max())
