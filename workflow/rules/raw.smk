# Stage 1: obtain the raw files listed in the manifest, verified by SHA-256.


rule fetch_raw_file:
    input:
        mirror=mirror_copy,
        code=package_code_of("workflow/scripts/fetch_raw_file.py"),
    output:
        "data/raw/{raw_file}",
    log:
        "logs/raw/{raw_file}.log",
    conda:
        "../../envs/analysis.yaml"
    resources:
        mem_mb=1000,
        runtime=20,
    params:
        entry=manifest_row,
        mirror=config["raw_data"]["mirror"],
        vintages=VINTAGES,
    script:
        "../scripts/fetch_raw_file.py"
