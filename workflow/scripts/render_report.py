"""Rule report: execute the report notebook on this run's outputs -> HTML."""

import os

from chinatrade import report, runlog

log = runlog.to_file(snakemake.log[0])
parameters = {
    "inputs": {name: str(path) for name, path in snakemake.input.items() if name != "code"},
    "raw_ids": list(snakemake.params.raw_ids),
    "f1": dict(snakemake.params.f1),
    "partner_groups": dict(snakemake.params.partner_groups),
    "language": snakemake.params.language,
}
report.render(
    snakemake.input.notebook,
    parameters,
    executed_path=snakemake.output.notebook,
    html_path=snakemake.output.html,
    working_dir=os.getcwd(),
)
log.info("report written to %s", snakemake.output.html)
