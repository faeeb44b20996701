"""Rule replication_table: every claim of the study with our value and a verdict."""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

import pandas as pd

from chinatrade import io, replication, runlog

log = runlog.to_file(snakemake.log[0])
study = pd.read_csv(snakemake.input.study_claims, dtype=str, keep_default_na=False)
kinds = replication.read_kinds(snakemake.input.claim_kinds, study)
ours = pd.concat([pd.read_csv(path) for path in snakemake.input.claims], ignore_index=True)
table = replication.build(study, ours, dict(snakemake.params.tolerance), kinds)
io.write_csv(table, snakemake.output[0])
log.info("verdicts (study, news):\n%s", replication.verdict_counts(table).to_string())
