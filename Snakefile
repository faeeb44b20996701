# China's goods-trade imbalance: from the raw-data snapshot to the report.
# Run `snakemake --cores 4`; see README.md. Rules live in workflow/rules/ by stage.
from snakemake.utils import min_version

min_version("9.0")


configfile: "config/config.yaml"


include: "workflow/rules/common.smk"
include: "workflow/rules/raw.smk"
include: "workflow/rules/clean.smk"
include: "workflow/rules/checks.smk"
include: "workflow/rules/exhibits.smk"
include: "workflow/rules/analysis.smk"
include: "workflow/rules/vintages.smk"
include: "workflow/rules/report.smk"


# every rule is defined: keep what codedeps read of the package for the next start
codedeps.save_cache()


# the run's warm interpreter (started in common.smk) stops with the run; a cluster's jobs
# run on other machines, which cannot reach it, so there it stops before the first job
onstart:
    if not workflow.local_exec:
        warm_start.stop()


onsuccess:
    warm_start.stop()


onerror:
    warm_start.stop()


wildcard_constraints:
    raw_file=RAW_FILE_PATTERN,
    reporter=REPORTER_PATTERN,
    spec="|".join(config["regressions"]),
    year=r"\d{4}",


rule all:
    input:
        "reports/report.html",
        canonical_tables(),
        REGRESSION_OUTPUTS,


rule canonical_tables:
    input:
        canonical_tables(),
