# Stage 2: parse raw files and clean them into canonical tables.


rule parse_dots_workbook:
    input:
        workbook=dots_workbook,
        code=package_code("dots", "errors", "io", "runlog"),
    output:
        "data/interim/bilateral/dots_{reporter}_long.parquet",
    log:
        "logs/clean/parse_dots_workbook_{reporter}.log",
    conda:
        "../../envs/analysis.yaml"
    script:
        "../scripts/parse_dots_workbook.py"


rule clean_dots:
    input:
        long="data/interim/bilateral/dots_{reporter}_long.parquet",
        names="workflow/resources/imf_dots_partner_names.csv",
        code=package_code("dots", "partners", "errors", "io", "runlog"),
    output:
        "data/processed/bilateral_dots_{reporter}.parquet",
    log:
        "logs/clean/clean_dots_{reporter}.log",
    conda:
        "../../envs/analysis.yaml"
    params:
        source_file=lambda wildcards: dots_workbook(wildcards),
        years=config["years"],
    script:
        "../scripts/clean_dots.py"
