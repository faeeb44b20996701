# Stage 4: the report a person reads, a notebook executed on this run's outputs.


rule report:
    input:
        notebook="workflow/notebooks/report.ipynb",
        figures=[
            f"reports/figures/{exhibit}.png"
            for exhibit, spec in config["exhibits"].items()
            if spec.get("figure", True)
        ],
        tables=[f"reports/tables/{exhibit}.csv" for exhibit in config["exhibits"]],
        f1_growth="reports/tables/F1_growth.csv",
        replication="reports/tables/replication.csv",
        regressions=REGRESSION_OUTPUTS,
        fdi_descriptive="reports/tables/fdi_asymmetry_descriptive.csv",
        mapping_coverage="reports/tables/china_us_wiod_mapping_coverage.csv",
        manifest=config["raw_data"]["manifest"],
        study_claims=config["study_claims"],
        code=package_code_of(
            "workflow/scripts/render_report.py", "workflow/notebooks/report.ipynb"
        ),
        translations=translation_catalogues(),
        texts=report_text_files(),
    output:
        html="reports/report.html",
        notebook="data/interim/report/report.executed.ipynb",
        parameters="data/interim/report/parameters.json",
    log:
        "logs/report/report.log",
    conda:
        "../../envs/analysis.yaml"
    resources:
        mem_mb=1500,
        runtime=15,
    params:
        raw_ids=REPORT_RAW_IDS,
        # settings with the English texts: the notebook shows the report language's texts,
        # read from the text files by id (chinatrade/texts.py)
        exhibits={
            exhibit: texts.exhibit_spec(spec, exhibit)
            for exhibit, spec in config["exhibits"].items()
        },
        regressions={
            spec_id: texts.regression_spec(config["regressions"][spec_id], spec_id)
            for spec_id in ACTIVE_REGRESSIONS
        },
        language=config["report"]["language"],
        beyond=config["report"].get("beyond_exhibit"),
        beyond_sections=config["report"].get("beyond_sections"),
        beyond_spec=(
            exhibit_params(config["report"]["beyond_exhibit"], text=False)
            if config["report"].get("beyond_exhibit")
            else {}
        ),
    script:
        "../scripts/render_report.py"


# Not part of `all`: `snakemake --cores 1 reports/report.pdf` prints the HTML report with
# headless Chromium (a system program: apt-get install chromium), which lays out the embedded
# figures and Chinese text as a browser shows them.
rule report_pdf:
    input:
        html="reports/report.html",
        code=package_code_of(modules=["report"]),
    output:
        "reports/report.pdf",
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
