"""Rule wiod_value_added: WIOD 2013 world tables (cells, output) and WIOD 2016 bilateral DVA."""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

from chinatrade import io, runlog
from chinatrade.ingest import valueadded

log = runlog.to_file(snakemake.log[0])
cells, output = valueadded.read_wiots(snakemake.input.wiot)
io.write_parquet(cells, snakemake.output.wiot)
io.write_parquet(output, snakemake.output.output)
dva = valueadded.read_bilateral_dva(snakemake.input.dva)
io.write_parquet(dva, snakemake.output.dva)
log.info(
    "WIOD 2013 world tables %s: %d non-zero cells; WIOD 2016 bilateral DVA: %d rows",
    sorted(output.year.unique().tolist()),
    len(cells),
    len(dva),
)
