"""The eight inputs that issue 14 found silently accepted, each refused or warned about by name
with the default config.

Cases 1-5 are values that parse and are wrong: each perturbs the real canonical tables (of the
session's cleaning run, fixture ``processed``) or a copy of the raw file, which is then read by
the workflow's own parser, and runs every plausibility check with the default tolerances, as
rule ``plausibility_checks`` does. Cases 6-8 are refused before any check runs (number parsing,
re-verified raw copies, closed config schemas); they are asserted here again, beside the
dedicated tests named in each.
"""

from __future__ import annotations

import copy
import hashlib
import re
import shutil

import pandas as pd
import pytest
import yaml

from chinatrade import i18n, plausibility
from chinatrade.errors import InputDataError
from chinatrade.ingest import macro, nbs
from chinatrade.ingest.regime import series as transcribed
from chinatrade.plausibility import release
from chinatrade.rawdata import read_manifest, remove_changed_copies
from chinatrade.schema import ConfigSchemaError, validate_config
from chinatrade.validate import non_negative_cell

CENSUS = "census_us_trade_partners_annual"


@pytest.fixture(scope="module")
def config(project) -> dict:
    return yaml.safe_load((project / "config/config.yaml").read_text())


@pytest.fixture(scope="module")
def checking(project, config, processed):
    """(tables, run): the canonical tables the checks read, and a function that runs every
    check with the default config on tables (the real ones with some replaced)."""
    manifest = read_manifest(project / config["raw_data"]["manifest"])
    settings = dict(config["plausibility"])
    settings["release_table"] = release.release_table(
        release.read_release_dates(project / settings.pop("release_dates"), manifest), manifest
    )
    roles = {
        **config["sources"],
        "dots_extract": config["dots_extract"]["file"],
        "dots_mirror": config["dots_mirror"],
        **{f"dots_workbook_{r}": i for r, i in config["dots_workbooks"].items()},
    }
    files = plausibility.RawFiles(manifest, roles)
    tables = {t: pd.read_parquet(processed / f"{t}.parquet") for t in plausibility.tables_read()}

    def run(**replaced: pd.DataFrame) -> pd.DataFrame:
        with i18n.capture():
            return plausibility.run_checks({**tables, **replaced}, settings, files)

    return tables, run


@pytest.fixture(scope="module")
def default_run(checking) -> pd.DataFrame:
    return checking[1]()


def refusal(results: pd.DataFrame) -> str:
    with pytest.raises(InputDataError) as error:
        plausibility.raise_on_failure(results)
    return str(error.value)


def test_the_default_run_passes_and_says_why_it_warns(default_run):
    """The real data pass every check; the one warning says which source is out of line."""
    assert set(default_run["status"]) <= {"pass", "warn"}
    plausibility.raise_on_failure(default_run)
    assert default_run["check_id"].nunique() == len(plausibility.CHECKS)
    assert len(default_run) > 2000
    warnings = default_run[default_run["status"] == "warn"]
    assert list(warnings["key"]) == ["CHN-USA china_imports 2013"]
    # SOURCES.md: China's 2013 imports from the US in DOTS lie below China Customs' and Comtrade's
    assert "the second source is the one out of line" in warnings["note"].iloc[0]
    # every text of the table shows in Chinese
    # (table names and file paths are codes, and a release's basis is data of the resource, as
    # the manifest's descriptions in the appendix: left out)
    for column in ("source_a", "source_b", "tolerance", "note"):
        rows = default_run
        if column == "source_b":
            rows = rows[rows["check_id"] != "release_dates"]
        for message in rows[f"{column}_message"].drop_duplicates():
            chinese = re.sub(r"[\w.\-]*[_/][\w./\-]*", " ", i18n.render(message, "zh"))
            assert not i18n.untranslated_words(chinese), (message, chinese)


# --- 1-5: values that parse and are wrong -----------------------------------------------------


def test_1_census_china_2024_in_thousands_is_refused(checking):
    tables, run = checking
    census = tables[CENSUS].copy()
    row = (census["partner_iso3"] == "CHN") & (census["year"] == 2024)
    columns = ["exports_fas_usd_millions", "imports_general_customs_usd_millions"]
    census.loc[row, [*columns, "balance_usd_millions"]] *= 1000
    message = refusal(run(**{CENSUS: census}))
    assert message.startswith(
        "file 'data/raw/bilateral/census_us_goods_trade_selected_partners_2023_2024.csv', "
        "column 'imports_usd_millions', row year 2024, census_cty_code 5700 (China): "
        "plausibility check 'trade_year_on_year' failed"
    )
    # both values: the slip and the year before
    assert "440,319,400.0 USD million (US Census (US-reported)) against 427,234.3" in message
    assert "A change by a factor of 1,031." in message
    # against UN Comtrade (US reporter) the same row fails too
    results = run(**{CENSUS: census})
    comtrade = results[
        (results["check_id"] == "us_china_us_reported")
        & (results["key"] == "USA-CHN us_imports 2024")
    ]
    assert list(comtrade["status"]) == ["fail"]


def test_2_china_2018_gdp_a_million_times_is_refused(checking, shared_data, project, tmp_path):
    tables, run = checking
    raw = tmp_path / "wdi_gdp.csv"
    text = (shared_data / "bilateral/original/wdi_gdp_current_usd_datasets-gdp.csv").read_text()
    line = next(line for line in text.splitlines() if line.startswith("China,CHN,2018,"))
    value = float(line.rsplit(",", 1)[1])
    raw.write_text(text.replace(line, f"China,CHN,2018,{value * 1e6!r}"))
    areas = macro.read_area_codes(project / "workflow/resources/macro_area_codes.csv")
    gdp = macro.read_wdi_gdp(raw, areas)  # the parser accepts it
    message = refusal(run(gdp_wdi=gdp))
    assert message.startswith(
        "file 'data/raw/bilateral/original/wdi_gdp_current_usd_datasets-gdp.csv', column "
        "'Value', row Country Code CHN, Year 2018: plausibility check 'gdp_year_on_year' failed"
    )
    assert "13,894,907,857.9 USD billion (World Bank WDI GDP) against 12,310.5" in message
    results = run(gdp_wdi=gdp)
    against_weo = results[
        (results["check_id"] == "gdp_wdi_weo") & (results["key"] == "CHN gdp 2018")
    ]
    assert list(against_weo["status"]) == ["fail"]


def test_3_cny_2019_mistyped_is_refused(checking, shared_data, tmp_path):
    tables, run = checking
    raw = tmp_path / "h10.csv"
    text = (
        shared_data / "series/original/fed_h10_exchange_rates_annual_datasets-exchange-rates.csv"
    ).read_text()
    assert "2019-01-01,China,6.9081" in text
    raw.write_text(text.replace("2019-01-01,China,6.9081", "2019-01-01,China,9.6081"))
    fx = macro.read_fed_h10_annual(raw)  # the parser's anchor (2018) does not see it
    results = run(fx_fed_h10=fx)
    message = refusal(results)
    assert message.startswith(
        "file 'data/raw/series/original/fed_h10_exchange_rates_annual_datasets-exchange-rates.csv'"
        ", column 'Exchange rate', row Date 2019-01-01, Country China: plausibility check "
        "'fx_year_on_year' failed"
    )
    assert "9.6081 CNY per USD (Fed H.10 annual average) against 6.6090" in message
    # China Customs' own CNY and USD totals of 2019 imply 6.89: that check fails too
    implied = results[(results["check_id"] == "fx_customs_implied") & (results["year"] == 2019)]
    assert set(implied["status"]) == {"fail"} and len(implied) == 2


def test_4_a_future_year_in_the_transcribed_totals_is_refused(checking, shared_data, tmp_path):
    tables, run = checking
    raw = tmp_path / "totals.csv"
    text = (shared_data / "series/china_trade_totals_and_by_mode_transcribed.csv").read_text()
    line = next(line for line in text.splitlines() if ",2024,full year,export,all," in line)
    raw.write_text(text.rstrip("\n") + "\n" + line.replace(",2024,", ",2031,") + "\n")
    totals = transcribed.read_china_trade_totals_transcribed(raw)
    assert 2031 in set(totals["year"])  # the parser accepts it
    message = refusal(run(china_trade_totals_transcribed=totals))
    assert message.startswith(
        "file 'data/raw/series/china_trade_totals_and_by_mode_transcribed.csv', column 'year', "
        "row year 2031, period 1-12, flow exports, trade_mode all: plausibility check "
        "'release_dates' failed"
    )
    assert "2031 year" in message and "against 2024 (released 2025-01" in message
    assert "it cannot hold full year 2031" in message


def test_5_two_provinces_swapped_in_the_nbs_file_are_refused(
    checking, shared_data, project, tmp_path
):
    tables, run = checking
    folder = shared_data / "gvc_province/original"
    location = tmp_path / "location.csv"
    destination = tmp_path / "destination.csv"
    shutil.copy(folder / "nbs_fsnd_A060201_trade_by_domestic_destination_source.csv", destination)
    text = (folder / "nbs_fsnd_A060101_trade_by_location_of_trading_unit.csv").read_text(
        encoding="utf-8-sig"
    )
    guangdong = ",440000,广东省,2018,1084464573.0,1084464573,"
    jiangsu = ",320000,江苏省,2018,663913736.0,663913736,"
    assert guangdong in text and jiangsu in text
    swapped = (
        text.replace(guangdong, "@GD@")
        .replace(jiangsu, jiangsu.replace("663913736.0,663913736", "1084464573.0,1084464573"))
        .replace("@GD@", guangdong.replace("1084464573.0,1084464573", "663913736.0,663913736"))
    )
    location.write_text(swapped, encoding="utf-8")
    provinces = nbs.read_province_table(project / "workflow/resources/nbs_provinces.csv")
    trade = nbs.read_nbs_province_trade(location, destination, provinces)  # accepted
    results = run(province_trade_nbs=trade)
    message = refusal(results)
    assert message.startswith(
        "file 'data/raw/gvc_province/original/nbs_fsnd_A060101_trade_by_location_of_trading_unit"
        ".csv', column 'value', row region_code 320000 (Jiangsu), year 2018: plausibility check "
        "'nbs_province_definitions' failed"
    )
    assert "10,844.6 USD 100 million" in message and "a value in the wrong province" in message
    failed = results[results["status"] == "fail"]
    assert {"440000 Guangdong", "320000 Jiangsu"} <= set(failed["subject"])
    # the national sum is unchanged by a swap: only the other definition's table sees it
    assert "nbs_national_total" not in set(failed["check_id"])


# --- 6-8: refused before any check runs -----------------------------------------------------


@pytest.mark.parametrize("text", ["3,5", "6,000,0"])
def test_6_a_decimal_comma_in_a_user_file_is_refused(text):
    """tests/test_validate_numbers.py: a comma that is no thousands separator."""
    with pytest.raises(InputDataError, match=f"'{text}' has a comma that is not a thousands"):
        non_negative_cell(text, "user.csv", "exports_usd_100m", 4, "USD 100 million")


def test_7_an_edited_verified_copy_is_removed_and_fetched_again(tmp_path):
    """tests/test_rawdata_reverify.py: common.smk removes a changed copy at start."""
    raw = tmp_path / "data/raw"
    (raw / "series").mkdir(parents=True)
    copy_ = raw / "series/totals.csv"
    original = b"year,value\n2018,3517.6\n"
    copy_.write_bytes(b"year,value\n2018,35176\n")  # edited after the fetch
    manifest = pd.DataFrame(
        {
            "id": ["totals"],
            "file": ["series/totals.csv"],
            "sha256": [hashlib.sha256(original).hexdigest()],
        }
    )
    (message,) = remove_changed_copies(manifest.to_dict("records"), raw)
    assert not copy_.exists() and "series/totals.csv" in message


@pytest.mark.parametrize(
    ("exhibit", "key", "typo"),
    [("F2", "ranking_year", "rankng_year"), ("B1", "mark_policy_events", "mark_policy_event")],
)
def test_8_a_misspelled_exhibit_key_is_refused_naming_the_nearest(
    config, project, exhibit, key, typo
):
    """tests/workflow/test_config.py: every exhibit's schema is closed."""
    broken = copy.deepcopy(config)
    broken["exhibits"][exhibit][typo] = broken["exhibits"][exhibit].pop(key)
    with pytest.raises(ConfigSchemaError) as error:
        validate_config(broken, project / "workflow/schemas/config.schema.yaml")
    assert (
        f"config key 'exhibits.{exhibit}.{typo}' is not a known setting; did you mean '{key}'?"
        in str(error.value)
    )
