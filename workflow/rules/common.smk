# Shared set-up: config validation, the raw-data manifest, path helpers.
import os
import re
import sys
from pathlib import Path

# The analysis package, workflow/scripts/chinatrade, sits beside the scripts of the rules;
# Snakemake puts a script's folder on its import path, and this line does the same
# for the Snakefile itself (config checks, manifest).
sys.path.insert(0, str(Path(workflow.basedir) / "workflow" / "scripts"))

from chinatrade import codedeps, schema, texts  # noqa: E402
from chinatrade.config import check_config  # noqa: E402
from chinatrade.rawdata import read_manifest  # noqa: E402

# the config, then each exhibit's settings against the closed schema of its module: an
# unknown key stops the run here, naming the key and the nearest valid one
schema.validate_config(
    config, Path(workflow.basedir) / "workflow" / "schemas" / "config.schema.yaml"
)
MANIFEST = read_manifest(config["raw_data"]["manifest"])
PARTNER_GROUPS = check_config(config, MANIFEST)


# the values each wildcard may take (see wildcard_constraints in the Snakefile)
RAW_FILE_PATTERN = "|".join(re.escape(f) for f in MANIFEST["file"])
REPORTER_PATTERN = "|".join(config["dots_workbooks"])


def package_code_of(*sources, modules=()):
    """Source files of the analysis package that a job runs: every module that the rule's
    script (or notebook) imports, directly or through other modules, found by reading the
    imports (chinatrade/codedeps.py). Listed as inputs, they re-run that job, and only it and
    its dependants, when the code changes. ``modules``: modules the code loads by a computed
    name (dotted, below chinatrade), which no import statement shows."""
    project = Path(workflow.basedir)
    found = codedeps.package_modules(
        *(project / source for source in sources), modules=modules
    )
    return [os.path.relpath(path, project) for path in found]


def translation_catalogues():
    """The catalogue files of the report's language (none for English, the language of
    the code): a changed translation re-runs the figures and the report."""
    language = config["report"]["language"]
    if language == "en":
        return []
    return sorted(
        str(p) for p in Path(f"workflow/resources/i18n/{language}").glob("*.yaml")
    )


def exhibit_text_files(exhibit_id):
    """The text files of an exhibit (English and the report's language): an edited caption
    re-runs that exhibit and the report only."""
    return texts.text_files(f"exhibits/{exhibit_id}", config["report"]["language"])


def regression_text_files():
    """The text files of the regressions (English and the report's language)."""
    return texts.text_files("regressions", config["report"]["language"])


def report_text_files():
    """The text files the report shows: every exhibit's and the regressions'."""
    files = [f for exhibit in config["exhibits"] for f in exhibit_text_files(exhibit)]
    return files + regression_text_files()


def raw_path(file_id):
    """Where the verified copy of a manifest entry lives."""
    return f"data/raw/{MANIFEST.at[file_id, 'file']}"


def mirror_copy(wildcards):
    """The mirror's copy of a raw file, when there is one: its timestamp then
    triggers a refresh of data/raw/ when the mirror gets a newer file."""
    candidate = Path(config["raw_data"]["mirror"]) / wildcards.raw_file
    return [str(candidate)] if candidate.is_file() else []


def manifest_row(wildcards):
    """The manifest entry of a raw file; a changed checksum re-runs the fetch."""
    row = MANIFEST[MANIFEST["file"] == wildcards.raw_file].iloc[0]
    return row.to_dict()


def dots_workbook(wildcards):
    return raw_path(config["dots_workbooks"][wildcards.reporter])


def exhibit_outputs(exhibit_id):
    """Figure (PNG, SVG), tables and claim values of one exhibit, by name."""
    spec = config["exhibits"][exhibit_id]
    outputs = {}
    if spec.get("figure", True):
        outputs["figure_png"] = report(
            f"reports/figures/{exhibit_id}.png",
            caption="../report/exhibit.rst",
            category="Exhibits",
            subcategory=exhibit_id,
        )
        outputs["figure_svg"] = f"reports/figures/{exhibit_id}.svg"
    outputs["table"] = report(
        f"reports/tables/{exhibit_id}.csv",
        caption="../report/exhibit_table.rst",
        category="Exhibits",
        subcategory=exhibit_id,
    )
    for name in spec.get("extra_tables", []):
        outputs[f"table_{name}"] = f"reports/tables/{exhibit_id}_{name}.csv"
    outputs["claims"] = f"data/interim/claims/{exhibit_id}.csv"
    return outputs


def exhibit_params(exhibit_id, text=True):
    """The exhibit's spec: its settings with its English texts merged in (the labels its
    tables record), the partner groups resolved and labelled, and under ``text`` (unless
    ``text=False``) its texts in the report's language (chinatrade/texts.py)."""
    from chinatrade.partners import group_label

    language = config["report"]["language"] if text else None
    spec = texts.exhibit_spec(config["exhibits"][exhibit_id], exhibit_id, language)
    spec["partner_groups"] = PARTNER_GROUPS
    # figure labels follow the report's language (a change re-runs the exhibits)
    spec["language"] = config["report"]["language"]
    if spec.get("mark_policy_events"):
        spec["policy_events"] = config.get("policy_events", [])
    partners = spec.get("partners", [])
    spec["partner_labels"] = {
        p: group_label(p, config["partner_groups"]) for p in partners
    }
    return spec


# raw files behind the report, for its data appendix: every file of the manifest that a
# rule reads
REPORT_RAW_IDS = [
    *config["dots_workbooks"].values(),
    config["dots_extract"]["file"],
    config["dots_mirror"],
    *(
        file_id
        for ids in config["sources"].values()
        for file_id in (ids if isinstance(ids, list) else [ids])
    ),
]

# The canonical tables of the cleaning stage: all are built (and so validated) on every
# run, whether or not an exhibit reads them yet. `snakemake canonical_tables` builds only these.
CANONICAL_TABLES = [
    f"data/processed/{table}.parquet"
    for table in [
        "bilateral_dots",
        "china_trade_both_sides_dots",
        "census_us_trade_partners_annual",
        "census_us_trade_partners_monthly",
        "census_us_trade_aggregates_annual",
        "census_us_trade_aggregates_monthly",
        "census_partner_sum_vs_world",
        "fdi_positions",
        "fdi_check_values",
        "sector_trade_us_china_comtrade",
        "sector_hierarchy_gaps",
        "china_us_totals_comtrade_chn_reported",
        "hs_sections",
        "hs_chapter_sections",
        "hs6_isic_key_oecd",
        "wiod_isic_concordance",
        "hs6_to_wiod",
        "trade_by_regime_gacc",
        "trade_by_regime_annual",
        "imports_by_commodity_and_regime_gacc_2019",
        "gacc_press_check_values",
        "china_trade_totals_transcribed",
        "china_bilateral_transcribed",
        "gdp_wdi",
        "weo_oct2025",
        "fx_fed_h10",
        "wiod_niot_chn",
        "wiod_niot_labels",
        "province_trade_nbs",
    ]
]


# --- analyses -----------------------------------------------------------------------------

ANALYSIS_DATASETS = {
    "wiod_industry_year",
    "china_us_wiod_industry",
    "fdi_asymmetry_panel",
    "fdi_single_direction_panel",
    "customs_sector_year",
}


def customs_files(wildcards):
    """The user's customs files of one year (config customs.files: year -> paths or globs)."""
    import glob

    patterns = config["customs"]["files"][int(wildcards.year)]
    files = sorted({f for pattern in patterns for f in glob.glob(pattern)})
    if not files:
        raise ValueError(
            f"config key 'customs.files.{wildcards.year}': no file matches {patterns}"
        )
    return files


def regression_dataset(wildcards):
    dataset = config["regressions"][wildcards.spec]["dataset"]
    return f"data/processed/analysis/{dataset}.parquet"


# Regressions on the user's customs data run only when customs files are configured.
ACTIVE_REGRESSIONS = [
    spec_id
    for spec_id, spec in config["regressions"].items()
    if spec["dataset"] != "customs_sector_year" or config["customs"]["files"]
]
REGRESSION_OUTPUTS = [
    f"reports/{kind}/regressions/{spec_id}{suffix}"
    for spec_id in ACTIVE_REGRESSIONS
    for kind, suffix in (
        ("tables", "_coefficients.csv"),
        ("tables", "_fit.csv"),
        ("tables", ".html"),
        ("tables", ".tex"),
        ("figures", ".png"),
    )
]
