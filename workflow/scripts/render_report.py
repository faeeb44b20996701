"""Rule report: execute the report notebook on this run's outputs -> HTML.

Every path and setting the notebook reads comes from the rule (workflow/rules/report.smk, paths
from chinatrade/paths.py); this script only gathers them into the notebook's parameters.
"""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

import json
import os

from chinatrade import atomic, i18n, runlog, texts
from chinatrade.report import render

log = runlog.to_file(snakemake.log[0])
# the study's claims in the report's language: every id of the claims file has its summary
# there and no other id (else stop, naming the file and the id); English: the file's own
texts.check_claim_summaries(snakemake.input.study_claims, snakemake.params.language)
# the raw files' descriptions in the report's language: every file the data appendix lists has
# them, and each translates the manifest's current English (its fingerprint; else stop, naming
# the file, the manifest id and what changed); English: the manifest's own
texts.check_raw_file_texts(
    snakemake.input.manifest, snakemake.params.raw_ids, snakemake.params.language
)
parameters = {
    "exhibits": list(snakemake.params.exhibits),
    "regressions": list(snakemake.params.regressions),
    "fdi_descriptive": snakemake.input.fdi_descriptive,
    "mapping_coverage": snakemake.input.mapping_coverage,
    "partners_exhibit": snakemake.params.partners_exhibit,
    # a list, so that the mechanisms keep the config's order
    "mechanisms": [
        {"id": name, "models": list(entry["models"]), "evidence": entry.get("evidence")}
        for name, entry in snakemake.params.mechanisms.items()
    ],
    "executive_summary": dict(snakemake.params.executive_summary or {}),
    "beyond": snakemake.params.beyond,
    "beyond_sections": dict(snakemake.params.beyond_sections or {}),
    "replication": snakemake.input.replication,
    "plausibility": snakemake.input.plausibility,
    "manifest": snakemake.input.manifest,
    "study_claims": snakemake.input.study_claims,
    "raw_ids": list(snakemake.params.raw_ids),
    "language": snakemake.params.language,
}
# what a new vintage changed: only when one replaced an older one (the notebook's section, and
# the cell that shows it, are left out otherwise)
if snakemake.params.revisions:
    parameters["revisions"] = dict(snakemake.params.revisions)
# kept beside the executed notebook, so that the notebook can be re-run by hand
with atomic.atomic_path(snakemake.output.parameters) as tmp:
    tmp.write_text(json.dumps(parameters, indent=1, sort_keys=True, ensure_ascii=False))
language = snakemake.params.language
with i18n.language(language):
    # the English page keeps nbconvert's default title
    title = None if language == "en" else i18n.tr("China's goods-trade imbalance: a reproduction")
render(
    snakemake.input.notebook,
    parameters,
    executed_path=snakemake.output.notebook,
    html_path=snakemake.output.html,
    working_dir=os.getcwd(),
    language=language,
    title=title,
)
log.info("report written to %s", snakemake.output.html)
