"""Rule clean_dots_workbook: IMF names -> codes; units and reporter side stated."""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

import pandas as pd

from chinatrade import dots, io, partners, runlog

log = runlog.to_file(snakemake.log[0])
long = pd.read_parquet(snakemake.input.long)
names = partners.read_name_table(snakemake.input.names)
bilateral = dots.clean(long, names, snakemake.params.source_file)
io.write_parquet(bilateral, snakemake.output[0])
log.info("%s: %d rows", snakemake.params.source_file, len(bilateral))
