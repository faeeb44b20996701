"""Rule exhibit_<ID>: one exhibit's tables and our values for the study's claims, the same
in every language, from its spec in config."""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

from chinatrade import runlog
from chinatrade.exhibits import run

log = runlog.to_file(snakemake.log[0])
raw_ids = dict(snakemake.params.raw_files)  # raw file name -> manifest id
tables = run.load_tables(list(snakemake.input.tables), snakemake.input.study_claims, raw_ids)
claims = run.compute_exhibit(
    snakemake.params.exhibit, dict(snakemake.params.spec), tables, snakemake.output, raw_ids
)
log.info("exhibit %s: claims %s", snakemake.params.exhibit, ", ".join(claims["claim_id"]) or "none")
