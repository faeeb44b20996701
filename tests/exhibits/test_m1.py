"""M1: what multinationals sell, on synthetic tables with answers known by hand, with its
spec and texts from config/config.yaml and the text files, in English and in Chinese."""

from __future__ import annotations

import copy
import math

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import row_lineage
from chinatrade import captions, figures, i18n, lineage, multinationals, replication, texts
from chinatrade.exhibits import m1
from chinatrade.exhibits.m1 import caption
from chinatrade.replication import CLAIM_COLUMNS
from i18n_check import CJK, assert_chinese, config_spec, figure_texts, texts_outside

BEA_YEARS = range(2016, 2020)
OECD_YEARS = range(2005, 2017)


def synthetic_bea() -> pd.DataFrame:
    """China: local 300,000, to the US 40,000, to others 60,000 + 10,000 per year after 2016;
    local goods 200,000; 2019 goods to the US suppressed. One region line, to be ignored."""
    rows = []
    for year in BEA_YEARS:
        other = 60_000.0 + 10_000 * (year - 2016)
        values = {"local": 300_000.0, "united_states": 40_000.0, "other_countries": other}
        values["total"] = sum(values.values())
        goods = {"local": 200_000.0, "united_states": 30_000.0, "other_countries": 50_000.0}
        goods["total"] = 280_000.0
        for supply, table in (("total", values), ("goods", goods)):
            for destination, value in table.items():
                symbol = (
                    "(D)" if (year, supply, destination) == (2019, "goods", "united_states") else ""
                )
                rows.append(
                    (
                        "China",
                        "CHN",
                        "economy",
                        year,
                        destination,
                        supply,
                        math.nan if symbol else value,
                        symbol,
                    )
                )
        rows.append(("Asia and Pacific", "", "region", year, "local", "total", 9e6, ""))
    frame = pd.DataFrame(
        rows,
        columns=[
            "host_name",
            "iso3",
            "area_kind",
            "year",
            "destination",
            "supply",
            "value_usd_millions",
            "suppression",
        ],
    )
    return frame.assign(
        parent_name="Asia and Pacific",
        release=frame["year"].map(lambda y: "revised" if y < 2018 else "preliminary"),
        reported_by="BEA (US outward survey)",
        source="synthetic BEA",
        source_file="synthetic.xls",
        source_sheet="Table II.E 2",
        raw_file_ids=frame["year"].map(lambda y: f"bea_{y}"),  # a workbook per year
    )


def synthetic_census() -> pd.DataFrame:
    """US exports to China 100,000 and imports from China 450,000 every year."""
    return pd.DataFrame(
        {
            "year": list(BEA_YEARS),
            "partner_iso3": "CHN",
            "exports_fas_usd_millions": 100_000.0,
            "imports_general_customs_usd_millions": 450_000.0,
            "source": "synthetic Census",
        }
    )


def synthetic_output() -> pd.DataFrame:
    """Hosts CHN and USA, parents CHN, USA, ROW; industries C26 and O (O foreign-blank).
    US-owned C26 output in China 10,000 + 1,000 per year after 2005; China-owned in the US
    1,000."""
    rows = []
    for year in OECD_YEARS:
        for host in ("CHN", "USA"):
            for parent in ("CHN", "USA", "ROW"):
                foreign = {
                    ("CHN", "USA"): 10_000.0 + 1_000 * (year - 2005),
                    ("USA", "CHN"): 1_000.0,
                }
                c26 = 50_000.0 if parent == host else foreign.get((host, parent), 5.0)
                o = 70_000.0 if parent == host else math.nan
                rows += [(host, "C26", parent, year, c26), (host, "O", parent, year, o)]
    frame = pd.DataFrame(
        rows, columns=["host_code", "industry_code", "parent_code", "year", "output_usd_millions"]
    )
    return frame.assign(
        domestically_owned=frame["host_code"] == frame["parent_code"], source="synthetic OECD"
    )


def synthetic_ownership() -> pd.DataFrame:
    """China, 34 industries: foreign 1 / domestic 3 exports, C26 60/40 in 2005 and 80/20 in
    2016, C13T15 10/90; F (construction) exports nothing."""
    rows = []
    for year in OECD_YEARS:
        for code in multinationals.INDUSTRY_CODES:
            foreign, domestic = 1.0, 3.0
            if code == "C26":
                foreign, domestic = (80.0, 20.0) if year == 2016 else (60.0, 40.0)
            elif code == "C13T15":
                foreign, domestic = 10.0, 90.0
            elif code == "F":
                foreign, domestic = 0.0, 0.0
            rows += [
                ("CHN", "foreign", code, year, foreign),
                ("CHN", "domestic", code, year, domestic),
            ]
    frame = pd.DataFrame(
        rows,
        columns=["host_code", "ownership", "industry_code", "year", "gross_exports_usd_millions"],
    )
    # each owner's rows from a file of its own: a share joins both
    return frame.assign(source="synthetic OECD", raw_file_ids="tab2_" + frame["ownership"])


CENSUS_ID = "synthetic_census_us_trade_partners_annual"
OUTPUT_ID = "synthetic_oecd_amne_output_by_parent"


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    """The canonical tables as the exhibit job loads them, each row naming its raw files."""
    return row_lineage.synthetic(
        {
            "bea_affiliate_sales": synthetic_bea(),
            "census_us_trade_partners_annual": synthetic_census(),
            "oecd_amne_output_by_parent": synthetic_output(),
            "oecd_amne_by_ownership": synthetic_ownership(),
        }
    )


@pytest.fixture(scope="module")
def specs(project) -> dict[str, dict]:
    """M1's spec from config/config.yaml and its text files, in English and in Chinese."""
    return {language: config_spec(project, "M1", language) for language in ("en", "zh")}


@pytest.fixture(scope="module")
def results(tables, specs) -> dict[str, pd.DataFrame]:
    return m1.compute(tables, specs["en"])


def test_compute_returns_the_declared_tables(results, specs):
    assert set(results) == {"main", *specs["en"]["extra_tables"]}
    assert sorted(specs["en"]["tables"]) == sorted(m1.TABLES)


def test_sales_beside_exports_by_hand(results):
    main = results["main"].set_index("year")
    assert main.loc[2016, "affiliate_sales_local_usd_billions"] == 300.0
    assert main.loc[2016, "affiliate_sales_total_usd_billions"] == 400.0
    assert main.loc[2019, "affiliate_sales_to_other_countries_usd_billions"] == 90.0
    assert main.loc[2016, "us_goods_exports_usd_billions"] == 100.0
    assert main.loc[2016, "local_sales_to_us_exports_times"] == pytest.approx(3.0)
    assert main.loc[2017, "local_goods_sales_to_us_exports_times"] == pytest.approx(2.0)
    assert main.loc[2019, "suppressed_cells"] == "goods united_states (D)"
    assert main.loc[2016, "suppressed_cells"] == ""
    assert main.loc[2018, "bea_release"] == "preliminary"
    assert set(main["sales_reported_by"]) == {"BEA (US outward survey)"}


def test_output_by_owner_by_hand(results):
    output = results["output_by_owner"].set_index("year")
    assert list(output.index) == list(OECD_YEARS)
    assert output.loc[2016, "us_owned_output_in_china_usd_billions"] == pytest.approx(21.0)
    assert output.loc[2016, "china_owned_output_in_us_usd_billions"] == pytest.approx(1.0)
    assert output.loc[2005, "us_to_china_owned_output_times"] == pytest.approx(10.0)
    # the blank O cells are not counted as zero but numbered
    assert (output["blank_cells_us_owned"] == 1).all() and (output["industries_summed"] == 2).all()


def test_export_share_earliest_latest_and_totals(results):
    shares = results["export_share"].set_index(["industry_code", "year"])
    assert shares.loc[("C26", 2005), "foreign_owned_export_share_pct"] == pytest.approx(60.0)
    assert shares.loc[("C26", 2016), "foreign_owned_export_share_pct"] == pytest.approx(80.0)
    assert shares.loc[("C26", 2016), "year_role"] == "latest"
    assert shares.loc[("C26", 2016), "industry_name"] == "Computers, electronics, optical"
    # manufacturing: 14 industries at 1/3, C26 80/20 and C13T15 10/90 in 2016
    assert shares.loc[("MANUFACTURING", 2016), "foreign_owned_export_share"] == pytest.approx(
        (14 + 80 + 10) / (14 * 4 + 100 + 100)
    )
    assert ("TOTAL", 2016) in shares.index and ("F", 2016) not in shares.index
    assert set(results["export_share"]["year"]) == {2005, 2016}


def test_ownership_view_by_hand(results):
    view = results["ownership_view"].set_index("component")
    assert set(view["year"]) == {2016}  # latest year of BEA, OECD and Census together
    assert view.loc["local_sales_of_us_affiliates", "value_usd_billions"] == 300.0
    assert view.loc["output_of_chinese_owned_firms_in_us", "value_usd_billions"] == 1.0
    assert view.loc["trade_balance", "value_usd_billions"] == pytest.approx(100 - 450)
    assert view.loc["ownership_based_balance", "value_usd_billions"] == pytest.approx(
        (100 + 300) - (450 + 1)
    )
    assert view.loc["us_owned_output_in_china", "side"] == "memo"


def test_definitions_come_from_the_text_file(results):
    definitions = results["definitions"].set_index("series")["definition"]
    assert "BEA table II.E 2" in definitions["affiliate_sales_total"]
    assert "proxy" in definitions["china_owned_output_in_us"]


def test_every_row_names_its_raw_files(results):
    bea = [f"bea_{year}" for year in BEA_YEARS]
    known = [*bea, CENSUS_ID, OUTPUT_ID, "tab2_domestic", "tab2_foreign"]
    for name, table in results.items():
        lineage.check("M1", name, table, known)
    assert results["main"].set_index("year").at[2017, lineage.COLUMN] == f"bea_2017; {CENSUS_ID}"
    assert set(results["output_by_owner"][lineage.COLUMN]) == {OUTPUT_ID}
    assert set(results["export_share"][lineage.COLUMN]) == {"tab2_domestic; tab2_foreign"}
    view = results["ownership_view"].set_index("component")[lineage.COLUMN]
    assert view["local_sales_of_us_affiliates"] == "bea_2016"
    assert view["trade_balance"] == CENSUS_ID
    assert view["ownership_based_balance"] == f"bea_2016; {CENSUS_ID}; {OUTPUT_ID}"
    # a definition: the files of its series' rows that the exhibit's tables name
    definitions = results["definitions"].set_index("series")[lineage.COLUMN]
    assert definitions["affiliate_sales_total"] == "; ".join(bea)
    assert definitions["us_goods_exports"] == CENSUS_ID
    assert definitions["foreign_owned_export_share"] == "tab2_domestic; tab2_foreign"


def test_share_functions_keep_the_columns_of_inputs_without_raw_files():
    plain = synthetic_ownership().drop(columns=lineage.COLUMN)
    assert list(multinationals.foreign_owned_export_share(plain)) == multinationals.SHARE_COLUMNS
    assert list(multinationals.total_over_industries(plain)) == multinationals.SHARE_COLUMNS


def test_claims_is_empty_and_accepted(results, specs):
    made = m1.claims(results, specs["en"])
    assert list(made.columns) == CLAIM_COLUMNS and made.empty
    checked = replication.check_claims(made, "M1")
    assert checked.empty and "computed_in" in checked.columns


def _change(spec: dict, key: str, value) -> dict:
    changed = copy.deepcopy(spec)
    *parents, last = key.split(".")
    target = changed
    for parent in parents:
        target = target[parent]
    target[last] = value
    return changed


@pytest.mark.parametrize(
    "key, value, fragment",
    [
        ("host", "JPN", "spec key 'host'"),
        ("first_year", 2012, "spec keys 'first_year'/'last_year'"),
        ("output.last_year", 2020, "spec keys 'output.first_year'/'output.last_year'"),
        ("export_share.industries", "services", "spec key 'export_share.industries'"),
        ("home", "JPN", "spec key 'home'"),
    ],
)
def test_bad_spec_names_the_key(tables, specs, key, value, fragment):
    with pytest.raises(ValueError, match=fragment.replace(".", r"\.").replace("(", r"\(")):
        m1.compute(tables, _change(specs["en"], key, value))


def test_a_missing_table_is_named(tables, specs):
    lacking = {k: v for k, v in tables.items() if k != "oecd_amne_by_ownership"}
    with pytest.raises(KeyError, match="oecd_amne_by_ownership"):
        m1.compute(lacking, specs["en"])


def test_figure_in_english(results, specs, tmp_path):
    fig = m1.plot(results, specs["en"])
    assert len(fig.axes) == 4
    assert fig._suptitle.get_text().endswith("2005-2019")
    assert texts_outside(fig) == []
    texts = figure_texts(fig)
    assert any("3.0× exports" in text for text in texts)  # local sales / exports, 2016
    figures.save(fig, tmp_path / "m1.png", tmp_path / "m1.svg")
    assert (tmp_path / "m1.png").stat().st_size > 10_000


def test_figure_in_chinese_shows_no_english(results, specs):
    with i18n.language("zh"):
        fig = m1.plot(results, specs["zh"])
        assert_chinese(fig)
        assert texts_outside(fig) == []
        title = fig._suptitle.get_text()
        assert CJK.search(title) and "2005-2019" in title
        assert "计算机、电子和光学产品" in [t.get_text() for t in fig.axes[2].get_yticklabels()]
        plt.close(fig)


def test_tables_are_the_same_in_both_languages(tables, specs, results):
    with i18n.language("zh"):
        chinese = m1.compute(tables, specs["zh"])
    for name, table in results.items():
        pd.testing.assert_frame_equal(chinese[name], table)


def test_report_tables_from_the_csv_files_in_both_languages(results, specs, tmp_path):
    """The report reads the exhibit's tables back from CSV and shows two tables under M1."""
    from chinatrade import summary

    read_back = {}
    for name, table in results.items():
        table.to_csv(tmp_path / f"{name}.csv", index=False)
        read_back[name] = pd.read_csv(tmp_path / f"{name}.csv")
    shown = summary.exhibit_report_tables("m1", read_back, pd.DataFrame(), specs["en"])
    (caption_a, sales), (caption_b, view) = shown
    assert "2016-2019" in caption_a and "2016" in caption_b
    assert sales.set_index("Year").at[2016, "local sales / US exports"] == 3.0
    assert view.set_index("Component").at["Ownership-based balance", "USD billion"] == -51.0
    with i18n.language("zh"):
        (caption_a, sales), (caption_b, view) = summary.exhibit_report_tables(
            "m1", read_back, pd.DataFrame(), specs["zh"]
        )
    # headers stay English here: summary.show puts them in the reader's language
    with i18n.language("zh"):
        headers = [i18n.tr(column) for column in [*sales.columns, *view.columns]]
    for text in [caption_a, caption_b, *headers, *view.iloc[:, 0]]:
        assert CJK.search(text) and not i18n.untranslated_words(text), text


# --- canonical tables ------------------------------------------------------------------------


def test_real_rows_name_the_bea_workbook_of_their_year_and_census(project, processed, specs):
    results = m1.compute(row_lineage.real(project, processed, m1.TABLES), specs["en"])
    main = results["main"].set_index("year")[lineage.COLUMN]
    assert main[2017] == "bea_usdia_amne_2017_part_ii_e; census_country"
    view = results["ownership_view"].set_index("component")[lineage.COLUMN]
    assert view["output_of_chinese_owned_firms_in_us"] == (
        "oecd_analytical_amne_tab1_output_by_host_industry_parent"
    )


# --- the years the texts name (caption, source note, figure title) -------------------------

TODAY = {
    "en": (
        "US-reported; 2016-2017 revised, 2018-2019 preliminary), beside",
        "US-reported), 2016-2019; the figure",
        "Chinese-owned firms, 2005-2016 (OECD",
        "US-reported; 2018-2019 preliminary); US Census",
        "OECD ICIO), 2005-2016. USD",
    ),
    "zh": (
        "美国报告；2016-2017年为修订数，2018-2019年为初步数）",
        "美国报告）对照，2016-2019年；",
        "中资企业在美国的产出，2005-2016年（OECD",
        "美国报告；2018-2019年为初步数）；",
        "模型估计值），2005-2016年。",
    ),
}


def shown(results: dict, spec: dict, language: str) -> tuple[str, str, str]:
    """M1's caption (as the report gives it), source note and figure title in ``language``."""
    with i18n.language(language):
        exhibit = {"id": "M1", "module": "m1", "spec": spec}
        values = caption.values(results, spec)
        return (
            captions.caption(exhibit, results, spec["text"]),
            texts.fill(spec["text"]["source_note"], values, "M1.source_note"),
            texts.fill(spec["text"]["figure_title"], values, "M1.figure_title"),
        )


def test_real_texts_name_the_years_and_bea_status(project, processed, specs):
    """On the canonical tables the texts read as they did when their years were literal."""
    results = m1.compute(row_lineage.real(project, processed, m1.TABLES), specs["en"])
    for language, spec in specs.items():
        text, note, title = shown(results, spec, language)
        caption_parts, note_parts = TODAY[language][:3], TODAY[language][3:]
        assert all(part in " ".join(text.split()) for part in caption_parts), text
        assert all(part in " ".join(note.split()) for part in note_parts), note
        assert title.endswith(("2005-2019", "2005-2019年"))


def test_texts_follow_the_years_and_bea_status(results, specs):
    """One year fewer of sales, one more of output, and 2018 revised: the texts follow."""
    changed = {name: table.copy() for name, table in results.items()}
    changed["main"] = changed["main"][changed["main"]["year"] > 2016].copy()
    changed["main"].loc[changed["main"]["year"] == 2018, "bea_release"] = "revised"
    output = changed["output_by_owner"]
    changed["output_by_owner"] = pd.concat([output, output.iloc[[-1]].assign(year=2017)])
    english, chinese = (shown(changed, specs[language], language) for language in ("en", "zh"))
    assert "US-reported; 2017-2018 revised, 2019 preliminary), beside" in english[0]
    assert "US-reported), 2017-2019; the figure" in english[0]
    assert "2005-2017 (OECD" in english[0] and "2005-2017. USD" in english[1]
    assert "US-reported; 2019 preliminary); US Census" in english[1]
    assert english[2].endswith("2005-2019")
    assert "美国报告；2017-2018年为修订数，2019年为初步数）" in chinese[0]
    assert "对照，2017-2019年；" in chinese[0] and "2005-2017年（OECD" in chinese[0]
    assert "美国报告；2019年为初步数）；" in chinese[1]


def test_without_preliminary_years_the_texts_say_none(results, specs):
    """All years revised: the caption says so and the source note names no preliminary year."""
    changed = dict(results, main=results["main"].assign(bea_release="revised"))
    english, chinese = (shown(changed, specs[language], language) for language in ("en", "zh"))
    assert "US-reported; 2016-2019 revised), beside" in english[0]
    assert "US-reported); US Census" in english[1] and "preliminary" not in english[1]
    assert "美国报告；2016-2019年为修订数）" in chinese[0]
    assert "美国报告）；" in chinese[1] and "初步数" not in chinese[1]


def test_a_bea_status_of_no_known_kind_is_named(results, specs):
    changed = dict(results, main=results["main"].assign(bea_release="advance"))
    with pytest.raises(ValueError, match="'advance'"):
        caption.values(changed, specs["en"])


def test_figure_fills_its_source_note(results, specs):
    fig = m1.plot(results, specs["en"])
    note = " ".join(" ".join(text.split()) for text in figure_texts(fig))
    assert "US-reported; 2018-2019 preliminary); US Census" in note
    assert "{" not in note
    plt.close(fig)
