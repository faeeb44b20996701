# What a new vintage of a raw file changed (README: "Adding a newer vintage"). In the DAG only
# when a raw file's current vintage replaced another (config/raw_data_history.csv): the
# default run, on the pinned snapshot, has none and writes nothing here.
rule revisions:
    input:
        history=HISTORY,
        raw=revision_inputs(),
        code=package_code_of("workflow/scripts/revisions.py"),
    output:
        paths.REVISIONS_TABLE,
    log:
        "logs/report/revisions.log",
    conda:
        "../../envs/analysis.yaml"
    resources:
        mem_mb=2000,
        runtime=15,
    params:
        replaced=REPLACED_VINTAGES,
        tolerance_pct=config["revisions"]["relative_pct"],
    script:
        "../scripts/revisions.py"
