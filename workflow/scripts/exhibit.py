"""Rule exhibit_<ID>: one exhibit's tables and figure, in the report's language, from the
tables its claims job computed."""

from chinatrade import runlog
from chinatrade.exhibits import run

log = runlog.to_file(snakemake.log[0])
written = run.run(
    snakemake.params.exhibit,
    dict(snakemake.params.spec),
    snakemake.input.results,
    snakemake.output,
)
log.info("exhibit %s: tables %s", snakemake.params.exhibit, ", ".join(written))
