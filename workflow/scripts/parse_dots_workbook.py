"""Rule parse_dots_workbook: IMF DOTS workbook -> long table with IMF names."""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

from chinatrade import dots, io, runlog

log = runlog.to_file(snakemake.log[0])
long = dots.read_workbook(snakemake.input.workbook)
io.write_parquet(long, snakemake.output[0])
log.info("%s: %d partner-year-flow cells", snakemake.input.workbook, len(long))
