"""Rule report: execute the report notebook on this run's outputs -> HTML."""

import json
import os

from chinatrade import i18n, io, runlog
from chinatrade.report import render

log = runlog.to_file(snakemake.log[0])
exhibits = dict(snakemake.params.exhibits)
parameters = {
    "exhibits": [
        {
            "id": exhibit,
            "title": spec["title"],
            "caption": spec["caption"],
            "figure": f"reports/figures/{exhibit}.png" if spec.get("figure", True) else None,
            "table": f"reports/tables/{exhibit}.csv",
        }
        for exhibit, spec in exhibits.items()
    ],
    "regressions": [
        {
            "id": spec_id,
            "title": spec["title"],
            "note": spec.get("note", ""),
            "table": f"reports/tables/regressions/{spec_id}.html",
            "coefficients": f"reports/tables/regressions/{spec_id}_coefficients.csv",
            "figure": f"reports/figures/regressions/{spec_id}.png",
            "dataset": spec["dataset"],
            "labels": dict(spec.get("labels") or {}),
        }
        for spec_id, spec in dict(snakemake.params.regressions).items()
    ],
    "fdi_descriptive": snakemake.input.fdi_descriptive,
    "mapping_coverage": snakemake.input.mapping_coverage,
    "beyond": snakemake.params.beyond,
    "beyond_spec": dict(snakemake.params.beyond_spec),
    "f1": dict(exhibits["F1"]),
    "f1_growth": snakemake.input.f1_growth,
    "replication": snakemake.input.replication,
    "manifest": snakemake.input.manifest,
    "study_claims": snakemake.input.study_claims,
    "raw_ids": list(snakemake.params.raw_ids),
    "language": snakemake.params.language,
    "beyond_sections": dict(snakemake.params.beyond_sections or {}),
}
# kept beside the executed notebook, so that the notebook can be re-run by hand
with io.atomic_path(snakemake.output.parameters) as tmp:
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
