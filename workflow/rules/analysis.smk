# Stage 3b: the analyses: regression datasets, and one regression per spec in
# config['regressions'].


rule wiod_industry_year:
    input:
        niot="data/processed/wiod_niot_chn.parquet",
        labels="data/processed/wiod_niot_labels.parquet",
        code=package_code("analysis/gvc", "ingest/wiod", "errors", "io", "runlog"),
    output:
        "data/processed/analysis/wiod_industry_year.parquet",
    log:
        "logs/analysis/wiod_industry_year.log",
    conda:
        "../../envs/analysis.yaml"
    script:
        "../scripts/wiod_industry_year.py"


rule china_us_wiod_industry:
    input:
        sector_trade="data/processed/sector_trade_us_china_comtrade.parquet",
        hs6_to_wiod="data/processed/hs6_to_wiod.parquet",
        wiod="data/processed/analysis/wiod_industry_year.parquet",
        code=package_code("analysis/gvc", "errors", "io", "runlog"),
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
    params:
        spec=config["analysis"]["china_us_wiod"],
    script:
        "../scripts/china_us_wiod_industry.py"
