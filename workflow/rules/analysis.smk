# Stage 3b: the analyses: regression datasets, and one regression per spec in
# config['regressions'].
#
# Resources (used by cluster executors, see README "Running on a cluster"): mem_mb is the
# whole job's memory in MB, runtime its wall-time limit in minutes. Measured through SLURM, a
# job holds ~0.5 GB before its script does anything (Snakemake runs twice in a job: the batch
# step and the srun step); the peaks of these rules were 0.5-0.8 GB in 10-35 s.
import math

# A customs aggregation job: DuckDB's memory limit (it spills beyond it; '512MB', '1GB',
# '1.5GB' in decimal units, as DuckDB reads them) plus 1 GB for the rest: Snakemake in the
# job (~0.4 GB), the Python of the script and what DuckDB allocates outside its limit
# (0.14 GB at 100 M rows, README).
_number, _unit = re.fullmatch(
    r"([0-9.]+)(KB|MB|GB)", config["customs"]["memory_limit"]
).groups()
CUSTOMS_JOB_MEM_MB = (
    math.ceil(float(_number) * {"KB": 1e-3, "MB": 1, "GB": 1e3}[_unit]) + 1024
)


rule wiod_industry_year:
    input:
        niot="data/processed/wiod_niot_chn.parquet",
        labels="data/processed/wiod_niot_labels.parquet",
        code=package_code_of("workflow/scripts/wiod_industry_year.py"),
    output:
        "data/processed/analysis/wiod_industry_year.parquet",
    log:
        "logs/analysis/wiod_industry_year.log",
    conda:
        "../../envs/analysis.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/wiod_industry_year.py"


rule china_us_wiod_industry:
    input:
        sector_trade="data/processed/sector_trade_us_china_comtrade.parquet",
        hs6_to_wiod="data/processed/hs6_to_wiod.parquet",
        wiod="data/processed/analysis/wiod_industry_year.parquet",
        code=package_code_of("workflow/scripts/china_us_wiod_industry.py"),
    output:
        dataset="data/processed/analysis/china_us_wiod_industry.parquet",
        coverage=report(
            "reports/tables/china_us_wiod_mapping_coverage.csv",
            caption="../report/mapping_coverage.rst",
            category="Regressions",
        ),
    log:
        "logs/analysis/china_us_wiod_industry.log",
    conda:
        "../../envs/analysis.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        spec=config["analysis"]["china_us_wiod"],
    script:
        "../scripts/china_us_wiod_industry.py"


rule fdi_asymmetry_panel:
    input:
        positions="data/processed/fdi_positions.parquet",
        census="data/processed/census_us_trade_partners_annual.parquet",
        gdp="data/processed/gdp_wdi.parquet",
        code=package_code_of("workflow/scripts/fdi_asymmetry_panel.py"),
    output:
        panel="data/processed/analysis/fdi_asymmetry_panel.parquet",
        single_direction="data/processed/analysis/fdi_single_direction_panel.parquet",
        descriptive=report(
            "reports/tables/fdi_asymmetry_descriptive.csv",
            caption="../report/fdi_descriptive.rst",
            category="Regressions",
        ),
    log:
        "logs/analysis/fdi_asymmetry_panel.log",
    conda:
        "../../envs/analysis.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/fdi_asymmetry_panel.py"


rule customs_aggregate_year:
    input:
        records=customs_files,
        provinces="workflow/resources/nbs_provinces.csv",
        code=package_code_of("workflow/scripts/customs_aggregate_year.py"),
    output:
        "data/interim/customs/aggregate_{year}.parquet",
    log:
        "logs/analysis/customs_aggregate_{year}.log",
    conda:
        "../../envs/analysis.yaml"
    threads: 2
    resources:
        mem_mb=CUSTOMS_JOB_MEM_MB,
        # 100 M rows (1.3 GB of Parquet) take 47 s: a minute per 100 MB of records is ample
        runtime=lambda wildcards, input: 10 + math.ceil(input.size_mb / 100),
    params:
        settings=config["customs"],
    script:
        "../scripts/customs_aggregate_year.py"


rule customs_sector_year:
    input:
        years=expand(
            "data/interim/customs/aggregate_{year}.parquet",
            year=config["customs"]["files"],
        ),
        chapters="data/processed/hs_chapter_sections.parquet",
        code=package_code_of("workflow/scripts/customs_sector_year.py"),
    output:
        "data/processed/analysis/customs_sector_year.parquet",
    log:
        "logs/analysis/customs_sector_year.log",
    conda:
        "../../envs/analysis.yaml"
    resources:
        mem_mb=1500,
        runtime=10,
    script:
        "../scripts/customs_sector_year.py"


rule regression:
    input:
        data=regression_dataset,
        code=package_code_of("workflow/scripts/regression.py"),
        translations=translation_catalogues(),
        texts=regression_text_files(),
    output:
        coefficients=paths.regression_output("{spec}", "coefficients"),
        fit_stats=paths.regression_output("{spec}", "fit_stats"),
        hypothesis=paths.regression_output("{spec}", "hypothesis"),
        html=paths.regression_output("{spec}", "html"),
        latex=paths.regression_output("{spec}", "latex"),
        figure_png=report(
            paths.regression_output("{spec}", "figure_png"),
            caption="../report/regression.rst",
            category="Regressions",
            subcategory="{spec}",
        ),
        figure_svg=paths.regression_output("{spec}", "figure_svg"),
    log:
        "logs/analysis/regression_{spec}.log",
    conda:
        "../../envs/analysis.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        # the settings with the texts (title, note, labels) in the report's language
        spec=lambda wildcards: texts.regression_spec(
            config["regressions"][wildcards.spec],
            wildcards.spec,
            config["report"]["language"],
        ),
        language=config["report"]["language"],
    script:
        "../scripts/regression.py"


rule amne_industry_year:
    input:
        wiod="data/processed/analysis/wiod_industry_year.parquet",
        by_ownership=paths.canonical_table("oecd_amne_by_ownership"),
        concordance="workflow/resources/wiod56_to_oecd_amne_industry.csv",
        code=package_code_of("workflow/scripts/amne_industry_year.py"),
    output:
        paths.analysis_dataset("amne_industry_year"),
    log:
        "logs/analysis/amne_industry_year.log",
    conda:
        "../../envs/analysis.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/amne_industry_year.py"


rule affiliate_activity_panel:
    input:
        affiliate_sales=paths.canonical_table("bea_affiliate_sales"),
        census="data/processed/census_us_trade_partners_annual.parquet",
        gdp="data/processed/gdp_wdi.parquet",
        code=package_code_of("workflow/scripts/affiliate_activity_panel.py"),
    output:
        paths.analysis_dataset("affiliate_activity_panel"),
    log:
        "logs/analysis/affiliate_activity_panel.log",
    conda:
        "../../envs/analysis.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        pass_through_hubs=config["analysis"]["pass_through_hubs"],
    script:
        "../scripts/affiliate_activity_panel.py"
