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


# Before the first job, with the folder locked: clear what jobs killed while writing left
# (chinatrade/atomic.py), and start the run's warm interpreter if enough jobs are to run
# (README "Timings"; chinatrade/warm_start.py), not on a cluster, whose jobs run on other
# machines. CHINATRADE_WARM_START=0 runs every job in its own new interpreter.
onstart:
    for leftover in atomic.remove_partial_files(["data", "reports"]):
        print(
            f"removed {leftover}: left half-written by a killed job",
            file=sys.stderr,
        )
    if workflow.local_exec:
        warm_start.start_for(
            [job.rule.script for job in workflow.dag.needrun_jobs()],
            Path(".snakemake") / "chinatrade" / "warm_start.log",
        )


# the warm interpreter stops with the run
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
