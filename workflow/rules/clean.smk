# Stage 2: parse raw files and clean them into canonical tables.


rule parse_dots_workbook:
    input:
        workbook=dots_workbook,
        code=package_code_of("workflow/scripts/parse_dots_workbook.py"),
    output:
        "data/interim/bilateral/dots_{reporter}_long.parquet",
    log:
        "logs/clean/parse_dots_workbook_{reporter}.log",
    conda:
        "../../envs/analysis.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/parse_dots_workbook.py"


rule clean_dots_workbook:
    input:
        long="data/interim/bilateral/dots_{reporter}_long.parquet",
        names="workflow/resources/imf_dots_partner_names.csv",
        code=package_code_of("workflow/scripts/clean_dots_workbook.py"),
    output:
        "data/interim/bilateral/dots_{reporter}_clean.parquet",
    log:
        "logs/clean/clean_dots_workbook_{reporter}.log",
    conda:
        "../../envs/analysis.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
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
        code=package_code_of("workflow/scripts/bilateral_dots.py"),
    output:
        bilateral="data/processed/bilateral_dots.parquet",
        china_both_sides="data/processed/china_trade_both_sides_dots.parquet",
    log:
        "logs/clean/bilateral_dots.log",
    conda:
        "../../envs/analysis.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        extract_reporters=config["dots_extract"]["reporters"],
        eu27=PARTNER_GROUPS["EU27"],
        years=config["years"],
    script:
        "../scripts/bilateral_dots.py"


rule wiod_niot:
    input:
        niot=raw_path(config["sources"]["wiod_niot"]),
        code=package_code_of("workflow/scripts/wiod_niot.py"),
    output:
        table="data/processed/wiod_niot_chn.parquet",
        labels="data/processed/wiod_niot_labels.parquet",
    log:
        "logs/clean/wiod_niot.log",
    conda:
        "../../envs/analysis.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/wiod_niot.py"


rule wiod_value_added:
    input:
        wiot=[raw_path(file_id) for file_id in config["sources"]["wiod_world_tables"]],
        dva=raw_path(config["sources"]["wiod_bilateral_dva"]),
        code=package_code_of("workflow/scripts/wiod_value_added.py"),
    output:
        wiot="data/processed/wiod2013_wiot.parquet",
        output="data/processed/wiod2013_wiot_output.parquet",
        dva="data/processed/wiod2016_bilateral_dva.parquet",
    log:
        "logs/clean/wiod_value_added.log",
    conda:
        "../../envs/analysis.yaml"
    resources:
        mem_mb=1500,
        runtime=10,
    script:
        "../scripts/wiod_value_added.py"


rule province_trade_nbs:
    input:
        location=raw_path(config["sources"]["nbs_location_of_trading_unit"]),
        destination=raw_path(config["sources"]["nbs_domestic_destination_source"]),
        provinces="workflow/resources/nbs_provinces.csv",
        code=package_code_of("workflow/scripts/province_trade_nbs.py"),
    output:
        "data/processed/province_trade_nbs.parquet",
    log:
        "logs/clean/province_trade_nbs.log",
    conda:
        "../../envs/analysis.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/province_trade_nbs.py"


rule census_trade:
    input:
        workbook=raw_path(config["sources"]["census_country"]),
        selected=raw_path(config["sources"]["census_selected_partners_2023_2024"]),
        codes="workflow/resources/census_country_codes.csv",
        code=package_code_of("workflow/scripts/census_trade.py"),
    output:
        partners_annual="data/processed/census_us_trade_partners_annual.parquet",
        partners_monthly="data/processed/census_us_trade_partners_monthly.parquet",
        aggregates_annual="data/processed/census_us_trade_aggregates_annual.parquet",
        aggregates_monthly="data/processed/census_us_trade_aggregates_monthly.parquet",
        world_gap="data/processed/census_partner_sum_vs_world.parquet",
    log:
        "logs/clean/census_trade.log",
    conda:
        "../../envs/analysis.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/census_trade.py"


rule fdi_positions:
    input:
        usdia=raw_path(config["sources"]["bea_us_direct_investment_abroad"]),
        fdius=raw_path(config["sources"]["bea_fdi_in_us"]),
        ewn=raw_path(config["sources"]["ewn_external_wealth"]),
        checks=[
            raw_path(config["sources"]["fdi_check_values"]),
            raw_path(config["sources"]["fdi_check_values_series"]),
        ],
        names="workflow/resources/fdi_country_names.csv",
        code=package_code_of("workflow/scripts/fdi_positions.py"),
    output:
        positions="data/processed/fdi_positions.parquet",
        checks="data/processed/fdi_check_values.parquet",
    log:
        "logs/clean/fdi_positions.log",
    conda:
        "../../envs/analysis.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/fdi_positions.py"


rule multinationals:
    input:
        bea=[raw_path(file_id) for file_id in config["sources"]["bea_affiliate_sales"]],
        output_by_parent=raw_path(config["sources"]["oecd_amne_output_by_parent"]),
        by_ownership=raw_path(config["sources"]["oecd_amne_by_ownership"]),
        names="workflow/resources/bea_amne_area_names.csv",
        code=package_code_of("workflow/scripts/multinationals.py"),
    output:
        bea_affiliate_sales="data/processed/bea_affiliate_sales.parquet",
        oecd_amne_output_by_parent="data/processed/oecd_amne_output_by_parent.parquet",
        oecd_amne_by_ownership="data/processed/oecd_amne_by_ownership.parquet",
    log:
        "logs/clean/multinationals.log",
    conda:
        "../../envs/analysis.yaml"
    resources:
        mem_mb=2000,
        runtime=10,
    script:
        "../scripts/multinationals.py"


rule product_concordances:
    input:
        sections=raw_path(config["sources"]["hs_sections"]),
        sections_wco=raw_path(config["sources"]["hs_sections_wco_original"]),
        chapters=raw_path(config["sources"]["hs_chapter_sections"]),
        oecd_key=raw_path(config["sources"]["oecd_hs_isic_key"]),
        wiod=raw_path(config["sources"]["wiod_isic_hs_concordance"]),
        code=package_code_of("workflow/scripts/product_concordances.py"),
    output:
        sections="data/processed/hs_sections.parquet",
        chapters="data/processed/hs_chapter_sections.parquet",
        oecd_key="data/processed/hs6_isic_key_oecd.parquet",
        wiod="data/processed/wiod_isic_concordance.parquet",
        hs6_to_wiod="data/processed/hs6_to_wiod.parquet",
    log:
        "logs/clean/product_concordances.log",
    conda:
        "../../envs/analysis.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/product_concordances.py"


rule sector_trade:
    input:
        rds=[
            raw_path(file_id) for file_id in config["sources"]["comtrade_us_china_rds"]
        ],
        china_totals=raw_path(config["sources"]["comtrade_china_reported_totals"]),
        chapters="data/processed/hs_chapter_sections.parquet",
        code=package_code_of("workflow/scripts/sector_trade.py"),
    output:
        trade="data/processed/sector_trade_us_china_comtrade.parquet",
        gaps="data/processed/sector_hierarchy_gaps.parquet",
        china_totals="data/processed/china_us_totals_comtrade_chn_reported.parquet",
    log:
        "logs/clean/sector_trade.log",
    conda:
        "../../envs/analysis.yaml"
    resources:
        mem_mb=1500,
        runtime=10,
    script:
        "../scripts/sector_trade.py"


rule trade_by_regime:
    input:
        bulletins=[
            raw_path(file_id) for file_id in config["sources"]["gacc_regime_bulletins"]
        ],
        commodities=raw_path(config["sources"]["gacc_commodities_by_regime"]),
        press=raw_path(config["sources"]["gacc_press_check_values"]),
        totals=raw_path(config["sources"]["china_trade_totals_transcribed"]),
        bilateral=raw_path(config["sources"]["china_bilateral_transcribed"]),
        transcription_log=raw_path(config["sources"]["transcription_log"]),
        code=package_code_of("workflow/scripts/trade_by_regime.py"),
    output:
        bulletins="data/processed/trade_by_regime_gacc.parquet",
        annual="data/processed/trade_by_regime_annual.parquet",
        commodities="data/processed/imports_by_commodity_and_regime_gacc_2019.parquet",
        press="data/processed/gacc_press_check_values.parquet",
        totals="data/processed/china_trade_totals_transcribed.parquet",
        bilateral="data/processed/china_bilateral_transcribed.parquet",
    log:
        "logs/clean/trade_by_regime.log",
    conda:
        "../../envs/analysis.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/trade_by_regime.py"


rule macro_series:
    input:
        wdi=raw_path(config["sources"]["wdi_gdp"]),
        weo=raw_path(config["sources"]["weo"]),
        fx=raw_path(config["sources"]["fed_h10_fx"]),
        areas="workflow/resources/macro_area_codes.csv",
        code=package_code_of("workflow/scripts/macro_series.py"),
    output:
        gdp="data/processed/gdp_wdi.parquet",
        weo="data/processed/weo_oct2025.parquet",
        fx="data/processed/fx_fed_h10.parquet",
    log:
        "logs/clean/macro_series.log",
    conda:
        "../../envs/analysis.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/macro_series.py"


rule wdi_merchandise:
    input:
        exports=raw_path(config["sources"]["wdi_merchandise_exports"]),
        imports=raw_path(config["sources"]["wdi_merchandise_imports"]),
        areas="workflow/resources/macro_area_codes.csv",
        code=package_code_of("workflow/scripts/wdi_merchandise.py"),
    output:
        "data/processed/merchandise_trade_wdi.parquet",
    log:
        "logs/clean/wdi_merchandise.log",
    conda:
        "../../envs/analysis.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/wdi_merchandise.py"


rule japan_customs:
    input:
        rda=raw_path(config["sources"]["japan_customs"]),
        areas="workflow/resources/japan_customs_areas.csv",
        code=package_code_of("workflow/scripts/japan_customs.py"),
    output:
        "data/processed/japan_customs_trade.parquet",
    log:
        "logs/clean/japan_customs.log",
    conda:
        "../../envs/analysis.yaml"
    resources:
        mem_mb=1500,
        runtime=10,
    script:
        "../scripts/japan_customs.py"
