"""Rule claims_<ID>: compute one exhibit's tables (kept for its figure job) and our values
for the study's claims, language-free."""

from chinatrade import runlog
from chinatrade.exhibits import run

log = runlog.to_file(snakemake.log[0])
tables = run.load_tables(list(snakemake.input.tables), snakemake.input.study_claims)
claims = run.claims(
    snakemake.params.exhibit,
    dict(snakemake.params.spec),
    tables,
    snakemake.output.claims,
    results_path=snakemake.output.results,
)
log.info("exhibit %s: claims %s", snakemake.params.exhibit, ", ".join(claims["claim_id"]) or "none")
