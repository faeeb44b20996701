# Stage 4: the report a person reads, a notebook executed on this run's outputs.


rule report:
    input:
        notebook="workflow/notebooks/report.ipynb",
        f1_table="reports/tables/F1.csv",
        f1_growth="reports/tables/F1_growth.csv",
        f1_figure="reports/figures/F1.png",
        manifest=config["raw_data"]["manifest"],
        claims=config["study_claims"],
        code=package_code("report", "summary", "io", "runlog"),
    output:
        html="reports/report.html",
        notebook="data/interim/report/report.executed.ipynb",
    log:
        "logs/report/report.log",
    conda:
        "../../envs/analysis.yaml"
    params:
        raw_ids=REPORT_RAW_IDS,
        f1=F1,
        partner_groups=config["partner_groups"],
        language=config["report"]["language"],
    script:
        "../scripts/render_report.py"
