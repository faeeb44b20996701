"""Rule exhibit_<ID>: one exhibit of the study (tables, figure), from its spec in config."""

from chinatrade import runlog
from chinatrade.exhibits import run

log = runlog.to_file(snakemake.log[0])
tables = run.load_tables(list(snakemake.input.tables), snakemake.input.study_claims)
written = run.run(snakemake.params.exhibit, dict(snakemake.params.spec), tables, snakemake.output)
log.info("exhibit %s: tables %s", snakemake.params.exhibit, ", ".join(written))
