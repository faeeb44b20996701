"""Rule figure_<ID>: one exhibit's figure, in the report's language, from its computed tables."""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

from chinatrade import runlog
from chinatrade.exhibits import run

log = runlog.to_file(snakemake.log[0])
run.draw(
    snakemake.params.exhibit, dict(snakemake.params.spec), snakemake.input.results, snakemake.output
)
log.info("exhibit %s: figure drawn", snakemake.params.exhibit)
