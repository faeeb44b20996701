# Stage 2b: plausibility checks where the data allow a second opinion (another source of the
# same flow, the year before, the raw file's release, the other definition's table). A failed
# check stops the run before the report; warnings go to the log and the report's appendix.
from chinatrade.plausibility import tables_read as plausibility_tables

# config role -> manifest id(s) of every raw file a canonical table can come from
PLAUSIBILITY_ROLES = {
    **config["sources"],
    "dots_extract": config["dots_extract"]["file"],
    "dots_mirror": config["dots_mirror"],
    **{f"dots_workbook_{r}": i for r, i in config["dots_workbooks"].items()},
}


rule plausibility_checks:
    input:
        **{t: paths.canonical_table(t) for t in plausibility_tables()},
        manifest=config["raw_data"]["manifest"],
        release_dates=config["plausibility"]["release_dates"],
        # the day a newer vintage was taken in counts as its release (absent by default)
        history=[HISTORY] if Path(HISTORY).is_file() else [],
        code=package_code_of("workflow/scripts/plausibility_checks.py"),
    output:
        paths.PLAUSIBILITY_TABLE,
    log:
        "logs/checks/plausibility_checks.log",
    conda:
        "../../envs/analysis.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        settings={
            k: v for k, v in config["plausibility"].items() if k != "release_dates"
        },
        roles=PLAUSIBILITY_ROLES,
        tables=plausibility_tables(),
    script:
        "../scripts/plausibility_checks.py"
