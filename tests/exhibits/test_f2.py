"""F2/T1: the largest trading provinces (NBS) and the study's Table 1 with an optional user file."""

from __future__ import annotations

import copy
import math
import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import i18n_check
import row_lineage
from chinatrade import captions, i18n, lineage, texts
from chinatrade.errors import InputDataError
from chinatrade.exhibits import f2
from chinatrade.exhibits.f2 import caption as f2_caption
from chinatrade.replication import CLAIM_COLUMNS
from i18n_check import CJK, assert_chinese, with_texts

SPEC = with_texts(
    {
        "module": "f2",
        "province_table": "province_trade_nbs",
        "definition": "location_of_trading_unit",
        "ranking_year": 2018,
        "top_n": 9,
        "panel_first_year": 2016,
        "panel_last_year": 2024,
        "share_reference_pct": 80,
        "share_claim": "C10",
        "study_table_exhibit": "T1",
        "study_label": "as reported by the study (Table 1); not recomputed",
        "table1_partner_groups": {
            "world": {"label": "all partners", "claim_wording": None},
            "eu_us": {"label": "EU + US", "claim_wording": "EU+US"},
            "asia": {"label": "Asia", "claim_wording": "Asia"},
            "japan_korea": {"label": "Japan + Korea", "claim_wording": "Japan+Korea"},
        },
        "total_partner_group": "world",
        "study_text_values": {"C11": 2014.97},
        "study_checks": [
            {"name": "text vs table", "claim": "C11", "text_value_of": "C11"},
            {"name": "EU+US share", "claim": "C20", "share_of": "C11"},
            {"name": "EU+US share, text", "claim": "C20", "share_of": "text:C11"},
            {"name": "EU+US minus total", "claim": "C21", "minus": "C12"},
        ],
        "user_files": {"user_province_partner_trade": None},
        "extra_tables": f2.EXTRA_TABLES,
        "source_note": "Source: NBS, China-reported (own), USD 100 million.",
    }
)


# --------------------------------------------------------------------------------------
# synthetic inputs
# --------------------------------------------------------------------------------------


# the raw files of the synthetic NBS rows: one per definition, and a revision of
# Xinjiang's 2019 row (location of trading unit) in a file of its own
NBS_IDS = {
    "location_of_trading_unit": "synthetic_nbs_location",
    "domestic_destination_source": "synthetic_nbs_destination",
}
NBS_REVISION = "synthetic_nbs_revision"
CLAIMS_ID = "study:claims.csv"


def synthetic_nbs() -> pd.DataFrame:
    """Four provinces, two years, two definitions; values in USD thousands."""
    values = {  # (code, name): {year: USD 100 million}
        ("440000", "Guangdong"): {2018: 50.0, 2019: 40.0},
        ("320000", "Jiangsu"): {2018: 30.0, 2019: 20.0},
        ("310000", "Shanghai"): {2018: 15.0, 2019: 35.0},
        ("650000", "Xinjiang"): {2018: 5.0, 2019: 5.0},
    }
    rows = []
    for (code, name), by_year in values.items():
        for year, value in by_year.items():
            for definition, factor in (
                ("location_of_trading_unit", 1.0),
                ("domestic_destination_source", 1.1 if name == "Xinjiang" else 1.0),
            ):
                rows.append(
                    {
                        "province_code": code,
                        "province_name_zh": name,
                        "province_name_en": name,
                        "year": year,
                        "definition": definition,
                        "flow": "total",
                        "value_usd_thousands": value * factor * 100_000,
                        "source": "NBS synthetic",
                        lineage.COLUMN: NBS_REVISION
                        if (name, year, definition)
                        == ("Xinjiang", 2019, "location_of_trading_unit")
                        else NBS_IDS[definition],
                    }
                )
    return pd.DataFrame(rows)


def synthetic_claims() -> pd.DataFrame:
    """A claims file in the study's format: the share claim and four Table 1 cells."""
    rows = [
        ("C10", "T1", "share of national trade of the two largest", "80", "percent"),
        ("C11", "T1", "Guangdong net exports", "20.5", "100 million USD"),
        ("C12", "T1", "Jiangsu net exports", "-3", "100 million USD"),
        ("C20", "T1", "Guangdong net exports with EU+US", "16", "100 million USD"),
        ("C21", "T1", "Jiangsu net exports with EU+US", "1", "100 million USD"),
        ("C99", "F9", "something else", "1", "percent"),
    ]
    frame = pd.DataFrame(rows, columns=["id", "exhibit", "claim", "paper_value", "unit"])
    frame["year"] = "2018"
    frame["data_needed"] = ""
    frame[lineage.COLUMN] = CLAIMS_ID  # as the exhibit job loads the study's claims table
    return frame


def synthetic_spec(**changes) -> dict:
    spec = copy.deepcopy(SPEC)
    spec.update(
        ranking_year=2018,
        top_n=2,
        panel_first_year=2018,
        panel_last_year=2019,
        study_text_values={"C11": 20.0},
    )
    spec.update(changes)
    return spec


def synthetic_tables(**extra) -> dict[str, pd.DataFrame]:
    return row_lineage.synthetic(
        {"province_trade_nbs": synthetic_nbs(), "study_claims": synthetic_claims(), **extra}
    )


def write_user_file(tmp_path, text: str):
    path = tmp_path / "province_partner.csv"
    path.write_text(text, encoding="utf-8")
    return path


USER_FILE = """province,year,partner_group,exports_usd_100m,imports_usd_100m
Guangdong,2018,world,35,15
guangdong,2018,eu_us,18.5,2
Jiangsu,2018,world,12,18
Shanghai,2018,asia,1,4
"""


# --------------------------------------------------------------------------------------
# computations on synthetic inputs
# --------------------------------------------------------------------------------------


def test_ranking_shares_by_hand():
    totals = f2.province_totals(synthetic_nbs())
    ranked = f2.rank_provinces(totals, "location_of_trading_unit", 2018, 2)
    assert list(ranked["province_name_en"]) == ["Guangdong", "Jiangsu"]
    assert list(ranked["rank"]) == [1, 2]
    # national = 50 + 30 + 15 + 5 = 100
    assert ranked["national_total_usd_100m"].iloc[0] == pytest.approx(100.0)
    assert list(ranked["share_of_national_pct"]) == pytest.approx([50.0, 30.0])
    assert list(ranked["cumulative_share_pct"]) == pytest.approx([50.0, 80.0])
    assert set(ranked["reporter_side"]) == {"own"}
    # the definition's file only: no row of the other definition's is summed
    assert set(ranked[lineage.COLUMN]) == {"synthetic_nbs_location"}


def test_panel_follows_the_ranking_years_set_and_ranks_each_year():
    totals = f2.province_totals(synthetic_nbs())
    panel = f2.province_panel(totals, "location_of_trading_unit", ["440000", "320000"], 2018, 2019)
    in_2019 = panel[panel["year"] == 2019].set_index("province_name_en")
    # 2019: Guangdong 40, Shanghai 35, Jiangsu 20, Xinjiang 5 (national 100)
    assert in_2019.loc["Jiangsu", "rank_in_year"] == 3
    assert in_2019.loc["Jiangsu", "share_of_national_pct"] == pytest.approx(20.0)
    assert "Shanghai" not in in_2019.index
    # Jiangsu's share and rank in 2019 count Xinjiang's revised row: its file is named too
    assert (
        in_2019.loc["Jiangsu", lineage.COLUMN] == "synthetic_nbs_location; synthetic_nbs_revision"
    )
    assert set(panel.loc[panel["year"] == 2018, lineage.COLUMN]) == {"synthetic_nbs_location"}


def test_top_share_fixed_set_and_each_years_own_top():
    totals = f2.province_totals(synthetic_nbs())
    share = f2.top_share_by_year(totals, 2, ["440000", "320000"], 2018, 2019)
    own = share[share["definition"] == "location_of_trading_unit"].set_index(
        ["year", "province_set"]
    )
    assert own.loc[(2019, "fixed_set"), "share_of_national_pct"] == pytest.approx(60.0)
    assert own.loc[(2019, "top_n_of_year"), "share_of_national_pct"] == pytest.approx(75.0)
    assert own.loc[(2019, "top_n_of_year"), "provinces"] == "Guangdong; Shanghai"
    # the other definition: Xinjiang 5.5 -> national 100.5
    other = share[(share["definition"] == "domestic_destination_source") & (share["year"] == 2018)]
    assert other["share_of_national_pct"].iloc[0] == pytest.approx(100 * 80 / 100.5)
    assert own.loc[(2019, "fixed_set"), lineage.COLUMN] == (
        "synthetic_nbs_location; synthetic_nbs_revision"
    )
    assert set(other[lineage.COLUMN]) == {"synthetic_nbs_destination"}


def test_study_cells_are_read_from_the_claims_file_not_typed():
    cells = f2.study_table1_cells(synthetic_claims(), "T1", ["C10"], SPEC["table1_partner_groups"])
    by_id = cells.set_index("claim_id")
    assert list(by_id.index) == ["C11", "C12", "C20", "C21"]
    assert by_id.loc["C20", "province_name_en"] == "Guangdong"
    assert by_id.loc["C20", "partner_group"] == "eu_us"
    assert by_id.loc["C12", "partner_group"] == "world"
    assert by_id.loc["C12", "study_net_exports_usd_100m"] == -3.0


def test_study_cell_with_unknown_wording_is_refused():
    claims = synthetic_claims()
    claims.loc[claims["id"] == "C20", "claim"] = "Guangdong net exports with Mars"
    with pytest.raises(ValueError, match="table1_partner_groups"):
        f2.study_table1_cells(claims, "T1", ["C10"], SPEC["table1_partner_groups"])


def test_compute_without_user_file_gives_the_study_values_and_nan_claims():
    spec = synthetic_spec()
    results = f2.compute(synthetic_tables(), spec)
    assert set(results) == {"main", *f2.EXTRA_TABLES}
    table1 = results["table1"].set_index("claim_id")
    assert table1.loc["C11", "study_net_exports_usd_100m"] == 20.5
    assert table1["user_net_exports_usd_100m"].isna().all()
    assert table1.loc["C11", "nbs_total_trade_usd_100m"] == pytest.approx(50.0)
    assert math.isnan(table1.loc["C20", "nbs_total_trade_usd_100m"])  # only for the total
    claims = f2.claims(results, spec).set_index("claim_id")
    assert claims.loc["C10", "our_value"] == pytest.approx(80.0)
    assert claims.loc[["C11", "C12", "C20", "C21"], "our_value"].isna().all()
    assert "province" in claims.loc["C11", "explanation"]
    assert "20.00" in claims.loc["C11", "explanation"]  # the text's own figure for the cell


def test_study_checks_are_arithmetic_on_the_studys_numbers():
    checks = f2.compute(synthetic_tables(), synthetic_spec())["study_checks"].set_index("check")
    assert checks.loc["text vs table", "result"] == pytest.approx(0.5)  # 20.5 - 20
    assert checks.loc["EU+US share", "result"] == pytest.approx(100 * 16 / 20.5)
    assert checks.loc["EU+US share, text", "result"] == pytest.approx(80.0)
    assert checks.loc["EU+US minus total", "result"] == pytest.approx(4.0)
    total = checks.filter(like="sum of the provinces", axis=0)["result"].iloc[0]
    assert total == pytest.approx(17.5)
    assert set(checks[lineage.COLUMN]) == {CLAIMS_ID}  # the study's numbers only


def test_study_claims_from_the_spec_path_are_named_by_file(tmp_path):
    path = tmp_path / "claims_of_the_study.csv"
    synthetic_claims().drop(columns=lineage.COLUMN).to_csv(path, index=False)
    tables = synthetic_tables()
    del tables["study_claims"]
    results = f2.compute(tables, synthetic_spec(study_claims=str(path)))
    assert set(results["study_checks"][lineage.COLUMN]) == {"study:claims_of_the_study.csv"}


def test_every_table_names_each_rows_raw_files(tmp_path):
    user = f2.read_user_province_partner_trade(write_user_file(tmp_path, USER_FILE))
    results = f2.compute(synthetic_tables(user_province_partner_trade=user), synthetic_spec())
    raw_ids = [*NBS_IDS.values(), NBS_REVISION]
    for name, table in results.items():
        lineage.check("F2", name, table, raw_ids)


def test_table1_rows_name_the_study_the_user_file_and_nbs(tmp_path):
    """A study cell names the claims table, the total's row the NBS province-year too, and,
    with a user file, every row the file (its values were looked for there)."""
    without = f2.compute(synthetic_tables(), synthetic_spec())["table1"].set_index("claim_id")
    assert without.loc["C11", lineage.COLUMN] == f"{CLAIMS_ID}; synthetic_nbs_location"
    assert without.loc["C20", lineage.COLUMN] == CLAIMS_ID  # no NBS value beside a partner cell
    user = f2.read_user_province_partner_trade(write_user_file(tmp_path, USER_FILE))
    assert set(user[lineage.COLUMN]) == {"user:province_partner.csv"}
    table1 = f2.compute(synthetic_tables(user_province_partner_trade=user), synthetic_spec())[
        "table1"
    ].set_index(["province_name_en", "partner_group"])
    assert table1.loc[("Guangdong", "world"), lineage.COLUMN] == (
        f"{CLAIMS_ID}; synthetic_nbs_location; user:province_partner.csv"
    )
    assert table1.loc[("Jiangsu", "eu_us"), lineage.COLUMN] == (
        f"{CLAIMS_ID}; user:province_partner.csv"
    )
    # a cell only the user file has
    assert table1.loc[("Shanghai", "asia"), lineage.COLUMN] == "user:province_partner.csv"


def test_user_file_replaces_the_study_values(tmp_path):
    user = f2.read_user_province_partner_trade(write_user_file(tmp_path, USER_FILE))
    spec = synthetic_spec()
    results = f2.compute(synthetic_tables(user_province_partner_trade=user), spec)
    table1 = results["table1"].set_index(["province_name_en", "partner_group"])
    assert table1.loc[("Guangdong", "world"), "user_net_exports_usd_100m"] == 20.0
    assert table1.loc[("Guangdong", "world"), "user_minus_study_usd_100m"] == pytest.approx(-0.5)
    assert table1.loc[("Guangdong", "world"), "user_exports_plus_imports_usd_100m"] == 50.0
    # province names are matched case-insensitively onto the NBS spelling
    assert table1.loc[("Guangdong", "eu_us"), "user_net_exports_usd_100m"] == 16.5
    # a cell only the user file has is kept, without a study value
    assert math.isnan(table1.loc[("Shanghai", "asia"), "study_net_exports_usd_100m"])
    claims = f2.claims(results, spec).set_index("claim_id")
    assert claims.loc["C11", "our_value"] == 20.0
    assert claims.loc["C12", "our_value"] == -6.0
    assert math.isnan(claims.loc["C21", "our_value"])
    assert "user file" in claims.loc["C11", "source"]


def test_user_file_path_in_the_spec_is_read(tmp_path):
    path = write_user_file(tmp_path, USER_FILE)
    spec = synthetic_spec(user_files={"user_province_partner_trade": str(path)})
    results = f2.compute(synthetic_tables(), spec)
    assert results["table1"]["user_net_exports_usd_100m"].notna().sum() == 4


def test_user_file_with_unknown_province_names_file_column_row(tmp_path):
    path = write_user_file(tmp_path, USER_FILE.replace("Jiangsu", "Atlantis"))
    user = f2.read_user_province_partner_trade(path)
    with pytest.raises(InputDataError) as error:
        f2.compute(synthetic_tables(user_province_partner_trade=user), synthetic_spec())
    message = str(error.value)
    assert str(path) in message and "column 'province'" in message and "row 4" in message


@pytest.mark.parametrize(
    ("old", "new", "column", "row"),
    [
        ("partner_group", "partner", "partner_group", 1),
        ("2018,world,35", "2018,mars,35", "partner_group", 2),
        ("Jiangsu,2018", "Jiangsu,20x8", "year", 4),
        (",12,18", ",12,-18", "imports_usd_100m", 4),
        (",35,15", ",abc,15", "exports_usd_100m", 2),
        ("Shanghai,2018,asia", "Guangdong,2018,world", "partner_group", 5),
        ("Jiangsu,", ",", "province", 4),
    ],
)
def test_user_file_reader_names_file_column_and_row(tmp_path, old, new, column, row):
    path = write_user_file(tmp_path, USER_FILE.replace(old, new, 1))
    with pytest.raises(InputDataError) as error:
        f2.read_user_province_partner_trade(path)
    message = str(error.value)
    assert str(path) in message
    assert f"column '{column}'" in message
    assert f"row {row}" in message


def test_share_panel_runs_from_0_to_100_with_its_first_and_last_values_printed():
    """Synthetic: the two largest fall from 80% to 60%; an axis cut at the data's range
    would make any decline look steep."""
    spec = synthetic_spec()
    fig = f2.plot(f2.compute(synthetic_tables(), spec), spec)
    share = fig.axes[2]
    assert share.get_ylim() == (0.0, 100.0)
    texts = [t.get_text() for t in share.texts]
    assert "80.0%" in texts and "60.0%" in texts
    plt.close(fig)


def test_claims_have_every_id_and_the_agreed_columns():
    spec = synthetic_spec()
    claims = f2.claims(f2.compute(synthetic_tables(), spec), spec)
    assert list(claims.columns) == CLAIM_COLUMNS
    assert list(claims["claim_id"]) == ["C10", "C11", "C12", "C20", "C21"]
    assert set(claims["unit"]) == {"percent", "100 million USD"}
    assert claims["satisfied"].isna().all()


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"definition": "by_customs_house"}, "definition"),
        ({"ranking_year": 2010}, "ranking_year"),
        ({"panel_last_year": 2030}, "panel_last_year"),
        ({"top_n": 0}, "top_n"),
        ({"share_claim": "C404"}, "share_claim"),
        ({"total_partner_group": "galaxy"}, "total_partner_group"),
        ({"province_table": "no_such_table"}, "province_table"),
    ],
)
def test_bad_spec_names_the_key(changes, key):
    with pytest.raises(ValueError, match=f"spec key '{key}'"):
        f2.compute(synthetic_tables(), synthetic_spec(**changes))


# --------------------------------------------------------------------------------------
# the real canonical tables (values stated in gvc_province/SOURCES.md)
# --------------------------------------------------------------------------------------


def load_real_tables(project, processed) -> dict[str, pd.DataFrame]:
    """The NBS table and the study's claims as the exhibit job loads them (with raw file ids)."""
    path = project.parent / "shared" / "paper" / "claims.csv"
    claims = pd.read_csv(path, dtype=str, keep_default_na=False)
    return {
        **row_lineage.real(project, processed, ["province_trade_nbs"]),
        "study_claims": claims.assign(**{lineage.COLUMN: lineage.study_file(path)}),
    }


@pytest.fixture(scope="module")
def real_results(project, processed):
    return f2.compute(load_real_tables(project, processed), SPEC)


def test_real_2018_top_nine_as_in_sources(real_results):
    main = real_results["main"]
    assert list(main["province_name_en"]) == [
        "Guangdong",
        "Jiangsu",
        "Shanghai",
        "Zhejiang",
        "Beijing",
        "Shandong",
        "Fujian",
        "Tianjin",
        "Liaoning",
    ]
    stated = [10844.6, 6639.1, 5156.8, 4323.6, 4124.9, 2924.0, 1874.1, 1225.6, 1146.0]
    assert list(main["total_trade_usd_100m"]) == pytest.approx(stated, abs=0.06)
    assert main["national_total_usd_100m"].iloc[0] == pytest.approx(46224.2, abs=0.06)
    assert main["cumulative_share_pct"].iloc[-1] == pytest.approx(
        100 * sum(stated) / 46224.2, abs=0.01
    )


def test_real_national_totals_as_in_sources(real_results):
    share = real_results["top_share"]
    own = share[
        (share["definition"] == "location_of_trading_unit") & (share["province_set"] == "fixed_set")
    ].set_index("year")["national_total_usd_100m"]
    assert own[2016] == pytest.approx(36855.6, abs=0.06)
    assert own[2019] == pytest.approx(45778.9, abs=0.06)
    assert own[2024] == pytest.approx(61590.1, abs=0.06)


def test_real_claims_cover_c10_to_c25(real_results):
    claims = f2.claims(real_results, SPEC)
    assert list(claims["claim_id"]) == [f"C{i}" for i in range(10, 26)]
    assert claims.set_index("claim_id").loc["C11":"C25", "our_value"].isna().all()
    c11 = claims.set_index("claim_id").loc["C11", "explanation"]
    assert "2,014.97" in c11 and "2,041.97" in c11
    table1 = real_results["table1"]
    assert len(table1) == 15 and table1["study_source"].str.contains("as reported").all()


def test_real_rows_name_the_nbs_file_of_their_definition(real_results):
    location = "nbs_fsnd_a060101_trade_by_location_of_trading_unit"
    assert set(real_results["main"][lineage.COLUMN]) == {location}
    share = real_results["top_share"]
    destination = share[share["definition"] == "domestic_destination_source"]
    assert set(destination[lineage.COLUMN]) == {
        "nbs_fsnd_a060201_trade_by_domestic_destination_source"
    }
    table1 = real_results["table1"].set_index("claim_id")
    assert table1.loc["C11", lineage.COLUMN] == f"{location}; study:claims.csv"  # Guangdong
    assert set(real_results["study_checks"][lineage.COLUMN]) == {"study:claims.csv"}


def test_real_figure_draws(real_results, tmp_path):
    fig = f2.plot(real_results, SPEC)
    assert len(fig.axes) == 3
    assert "82.8%" in fig._suptitle.get_text()
    plt.close(fig)


# --------------------------------------------------------------------------------------
# Chinese (report.language: zh), with the spec of config/config.yaml
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def config_spec(project) -> dict:
    return i18n_check.config_spec(project, "F2")


@pytest.fixture(scope="module")
def config_spec_zh(project) -> dict:
    return i18n_check.config_spec(project, "F2", "zh")


@pytest.fixture(scope="module")
def real_tables(project, processed) -> dict[str, pd.DataFrame]:
    return load_real_tables(project, processed)


def real_results_in(language: str, tables: dict, spec: dict, user_file=None) -> dict:
    if user_file is not None:
        tables = {**tables, f2.USER_TABLE: f2.read_user_province_partner_trade(user_file)}
    with i18n.language(language):
        return f2.compute(tables, spec)


@pytest.mark.parametrize("with_user_file", [False, True])
def test_real_figure_in_chinese(real_tables, config_spec, config_spec_zh, tmp_path, with_user_file):
    user_file = write_user_file(tmp_path, USER_FILE) if with_user_file else None
    english = f2.plot(real_results_in("en", real_tables, config_spec, user_file), config_spec)
    with i18n.language("zh"):
        results = real_results_in("zh", real_tables, config_spec_zh, user_file)
        chinese = f2.plot(results, config_spec_zh)
        assert_chinese(chinese)
    title_en, title_zh = english._suptitle.get_text(), chinese._suptitle.get_text()
    assert title_zh != title_en and CJK.search(title_zh)
    assert "82.8%" in title_zh  # the same number in both languages
    # provinces by their NBS Chinese names, in the ranking's order
    ticks = [t.get_text() for t in chinese.axes[0].get_yticklabels()]
    assert ticks[:3] == ["广东省", "江苏省", "上海市"]
    assert [t.get_text() for t in chinese.axes[1].get_yticklabels()] == ticks
    # the user's bars appear beside the study's in both languages alike
    assert len(chinese.axes[1].patches) == len(english.axes[1].patches)
    plt.close(english)
    plt.close(chinese)


@pytest.mark.parametrize("with_user_file", [False, True])
def test_real_claims_in_chinese_same_numbers(
    real_tables, config_spec, config_spec_zh, tmp_path, with_user_file
):
    user_file = write_user_file(tmp_path, USER_FILE) if with_user_file else None
    english = f2.claims(real_results_in("en", real_tables, config_spec, user_file), config_spec)
    with i18n.language("zh"):
        results = real_results_in("zh", real_tables, config_spec_zh, user_file)
        chinese = f2.claims(results, config_spec_zh)
    for column in ("our_text", "explanation"):
        for text in chinese[column]:
            if re.fullmatch(r"-?[\d.,]+", text):
                continue  # a number (the share, or a value from the user's file)
            assert CJK.search(text), text
            # the user file's name and its column names are shown as they are
            shown = text.replace(str(user_file), "")
            for name in f2.USER_COLUMNS:
                shown = shown.replace(name, "")
            assert not i18n.untranslated_words(shown), text
    same = ["claim_id", "our_value", "unit", "source", "reporter_side", "vintage", "definition"]
    pd.testing.assert_frame_equal(chinese[same], english[same])
    # the study's two figures for the Guangdong cell, formatted alike
    c11 = chinese.set_index("claim_id").loc["C11", "explanation"]
    assert "2,014.97" in c11 and "2,041.97" in c11


# --------------------------------------------------------------------------------------
# the caption's years, computed from the tables (chinatrade/captions.py)
# --------------------------------------------------------------------------------------


def caption_in(language: str, results: dict, spec: dict) -> str:
    """F2's caption as the report shows it in ``language``."""
    with i18n.language(language):
        text = texts.exhibit_text("F2", language)
        return captions.caption({"id": "F2", "module": "f2", "spec": spec}, results, text)


def test_real_caption_names_the_ranking_year_and_the_panels_years(real_tables, config_spec):
    results = real_results_in("en", real_tables, config_spec)
    assert f2_caption.values(results, config_spec) == {
        "provinces": "nine",
        "year": 2018,
        "share_first": 2016,
        "share_last": 2024,
    }
    english = " ".join(caption_in("en", results, config_spec).split())
    assert "nine largest trading provinces in 2018 (NBS" in english
    assert "(b) Their 2018 net exports" in english
    assert "in national trade, 2016-2024, percent" in english
    chinese = caption_in("zh", results, config_spec)
    assert chinese.startswith("（a）2018年中国九大贸易省份") and "这些省份2018年净出口" in chinese
    assert "占全国贸易的比重，2016-2024年" in chinese


def test_caption_follows_the_ranking_year_and_the_panels_years():
    spec = synthetic_spec()
    results = f2.compute(synthetic_tables(), spec)
    assert f2_caption.values(results, spec) == {
        "provinces": number_words(spec),
        "year": 2018,
        "share_first": 2018,
        "share_last": 2019,
    }
    later = synthetic_spec(ranking_year=2019)
    results = f2.compute(synthetic_tables(), later)
    assert f2_caption.values(results, later) == {
        "provinces": number_words(later),
        "year": 2019,
        "share_first": 2018,
        "share_last": 2019,
    }
    english = " ".join(caption_in("en", results, later).split())
    assert "provinces in 2019 (NBS" in english and "Their 2019 net exports" in english
    assert "in national trade, 2018-2019, percent" in english
    assert "这些省份2019年净出口" in caption_in("zh", results, later)
    # a panel one year shorter
    shorter = synthetic_spec(panel_last_year=2018)
    results = f2.compute(synthetic_tables(), shorter)
    assert f2_caption.values(results, shorter)["share_last"] == 2018


def number_words(spec: dict) -> str:
    return ["zero", "one", "two", "three", "four", "five"][spec["top_n"]]


def test_caption_names_how_many_provinces_the_ranking_holds(real_tables, config_spec):
    """'nine' is the spec's top_n, in words in the reader's language; a ranking of twelve
    is written in digits."""
    for top_n, english, chinese in ((9, "nine", "九"), (5, "five", "五"), (12, "12", "12")):
        spec = config_spec | {"top_n": top_n}
        results = real_results_in("en", real_tables, spec)
        shown = " ".join(caption_in("en", results, spec).split())
        assert f"China's {english} largest trading provinces in 2018" in shown
        assert f"these {english} (solid) and of each year's {english} largest" in shown
        shown = caption_in("zh", results, spec)
        assert f"2018年中国{chinese}大贸易省份" in shown and f"这{chinese}个省份" in shown
