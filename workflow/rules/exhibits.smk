# Stage 3: the study's exhibits, each from its specification in config['exhibits'].


rule exhibit_F1:
    input:
        bilateral="data/processed/bilateral_dots.parquet",
        code=package_code(
            "exhibits/f1", "balances", "figures", "partners", "io", "runlog"
        ),
    output:
        figure_png=report(
            "reports/figures/F1.png",
            caption="../report/F1.rst",
            category="Exhibits",
        ),
        figure_svg="reports/figures/F1.svg",
        table=report(
            "reports/tables/F1.csv",
            caption="../report/F1_table.rst",
            category="Exhibits",
        ),
        growth=report(
            "reports/tables/F1_growth.csv",
            caption="../report/F1_growth.rst",
            category="Exhibits",
        ),
    log:
        "logs/exhibits/F1.log",
    conda:
        "../../envs/analysis.yaml"
    params:
        spec=F1,
        partner_groups=config["partner_groups"],
        resolved_groups=PARTNER_GROUPS,
    script:
        "../scripts/exhibit_F1.py"
