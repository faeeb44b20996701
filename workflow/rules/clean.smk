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


rule clean_dots_workbook:
    input:
        long="data/interim/bilateral/dots_{reporter}_long.parquet",
        names="workflow/resources/imf_dots_partner_names.csv",
        code=package_code("dots", "partners", "errors", "io", "runlog"),
    output:
        "data/interim/bilateral/dots_{reporter}_clean.parquet",
    log:
        "logs/clean/clean_dots_workbook_{reporter}.log",
    conda:
        "../../envs/analysis.yaml"
    params:
        source_file=lambda wildcards: dots_workbook(wildcards),
    script:
        "../scripts/clean_dots_workbook.py"


rule bilateral_dots:
    input:
        workbooks=expand(
            "data/interim/bilateral/dots_{reporter}_clean.parquet",
            reporter=config["dots_workbooks"],
        ),
        extract=raw_path(config["dots_extract"]["file"]),
        mirror=raw_path(config["dots_mirror"]),
        names="workflow/resources/imf_dots_partner_names.csv",
        code=package_code("dots", "partners", "validate", "errors", "io", "runlog"),
    output:
        bilateral="data/processed/bilateral_dots.parquet",
        china_both_sides="data/processed/china_trade_both_sides_dots.parquet",
    log:
        "logs/clean/bilateral_dots.log",
    conda:
        "../../envs/analysis.yaml"
    params:
        extract_reporters=config["dots_extract"]["reporters"],
        eu27=PARTNER_GROUPS["EU27"],
        years=config["years"],
    script:
        "../scripts/bilateral_dots.py"
