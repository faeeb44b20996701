# Stage 4: the report a person reads, a notebook executed on this run's outputs.


rule report:
    input:
        notebook="workflow/notebooks/report.ipynb",
        exhibits=[
            path
            for exhibit in report_exhibits(with_provenance=False)
            for path in [exhibit["figure"], *exhibit["tables"].values()]
            if path
        ],
        replication=paths.REPLICATION_TABLE,
        # the plausibility checks: a failed check stops the run before the report
        plausibility=paths.PLAUSIBILITY_TABLE,
        regressions=REGRESSION_OUTPUTS,
        fdi_descriptive=paths.report_table("fdi_asymmetry_descriptive"),
        mapping_coverage=paths.report_table("china_us_wiod_mapping_coverage"),
        manifest=config["raw_data"]["manifest"],
        study_claims=config["study_claims"],
        code=package_code_of(
            "workflow/scripts/render_report.py", "workflow/notebooks/report.ipynb"
        ),
        translations=translation_catalogues(),
        texts=report_text_files(),
        # only when a new vintage replaced an older one: what it changed
        revisions=revisions_report_inputs(),
    output:
        html=paths.REPORT_HTML,
        notebook=paths.REPORT_NOTEBOOK,
        parameters=paths.REPORT_PARAMETERS,
    log:
        "logs/report/report.log",
    conda:
        "../../envs/analysis.yaml"
    resources:
        mem_mb=1500,
        runtime=15,
    params:
        raw_ids=REPORT_RAW_IDS,
        # every exhibit with its paths, settings (English texts: the notebook shows the
        # report language's texts, read from the text files by id) and provenance
        exhibits=lambda wildcards: report_exhibits(),
        regressions=report_regressions(),
        language=config["report"]["language"],
        partners_exhibit=config["report"]["partners_exhibit"],
        mechanisms=config["report"].get("mechanisms", {}),
        executive_summary=config["report"].get("executive_summary"),
        beyond=config["report"].get("beyond_exhibit"),
        beyond_sections=config["report"].get("beyond_sections"),
        revisions=revisions_report(),
    script:
        "../scripts/render_report.py"


# Not part of `all`: `snakemake --cores 1 reports/report.pdf` prints the HTML report with
# headless Chromium (a system program: apt-get install chromium), which lays out the embedded
# figures and Chinese text as a browser shows them.
rule report_pdf:
    input:
        html=paths.REPORT_HTML,
        code=package_code_of(modules=["report"]),
    output:
        paths.REPORT_PDF,
    log:
        "logs/report/report_pdf.log",
    resources:
        mem_mb=1500,
        runtime=10,
    params:
        chromium=config["report"].get("chromium", "chromium"),
    run:
        from chinatrade.report import print_pdf

        print_pdf(input.html, output[0], params.chromium, log=log[0])
