"""V1: balances in gross and value-added terms, on a synthetic world table solved by hand and on
the real WIOD files (parsed here from the raw snapshot), in English and in Chinese."""

from __future__ import annotations

import copy

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import row_lineage
from chinatrade import captions, i18n, lineage, replication, schema, summary, texts
from chinatrade.exhibits import v1
from chinatrade.exhibits.v1 import caption
from chinatrade.ingest import valueadded
from i18n_check import CJK, assert_chinese, config_spec, texts_outside, with_texts

SPEC = with_texts(
    {
        "reporter": "CHN",
        "partners": ["USA", "JPN", "KOR"],
        "wiot_years": [2011],
        "sources": {"importer": "USA", "top_n": 2},
        "dva_first_year": 2002,
        "dva_last_year": 2014,
        "country_names": {"USA": "United States", "JPN": "Japan", "KOR": "Korea"},
        "wiot_source_label": "WIOD 2013 (synthetic)",
        "dva_source_label": "WIOD 2016 (synthetic)",
        "source_note": "synthetic",
    }
)

# A synthetic world table on WIOD's codes, every cell zero but these (USD millions), with one
# industry (c1) in use: Japan sells 30,000 of parts to China; China sells 100,000 to US final
# demand and 50,000 to its own; Japan 70,000 to its own; the US 200,000 to its own and 20,000
# to China's final demand; Korea 10,000 to China's final demand. China's output 150,000, so
# A[JPN,CHN] = 0.2, v_CHN = 0.8, L[JPN,CHN] = 0.2 (A^2 = 0).
# US: gross 100 - 20 = 80 bn; value added VAX[CHN,USA] - VAX[USA,CHN] = 0.8 x 100 - 20 = 60 bn;
#     foreign value added in China's exports to the US: Japan's 0.2 x 100 = 20 bn, 20%.
# Japan: gross 0 - 30 = -30 bn; value added 0 - VAX[JPN,CHN] = -(0.2 x 50) = -10 bn.
# Korea: gross and value added -10 bn (no inputs, no third country).
SYNTHETIC_CELLS = [
    ("JPN", "CHN", "c1", 30_000),
    ("CHN", "USA", "CONS_h", 100_000),
    ("CHN", "CHN", "CONS_h", 50_000),
    ("JPN", "JPN", "CONS_h", 70_000),
    ("USA", "USA", "CONS_h", 200_000),
    ("USA", "CHN", "GFCF", 20_000),
    ("KOR", "CHN", "CONS_h", 10_000),
]


def synthetic_tables() -> dict[str, pd.DataFrame]:
    cells = pd.DataFrame(
        [
            (2011, s, "c1", u, use, float(v), "wiod2013_wiot_2011.RData")
            for s, u, use, v in SYNTHETIC_CELLS
        ],
        columns=valueadded.WIOT_COLUMNS,
    )
    # China's and each partner's exports to each other, gross and domestic value added
    flows = {"USA": (100, 80, 40, 36), "JPN": (50, 40, 60, 48), "KOR": (20, 15, 30, 20)}
    rows = []
    for year, scale in ((2002, 1), (2014, 2)):
        for partner, (exports, dva, imports, partner_dva) in flows.items():
            rows.append(("CHN", partner, year, scale * exports * 1000.0, scale * dva * 1000.0))
            rows.append((partner, "CHN", year, scale * imports * 1000.0, scale * partner_dva * 1e3))
        rows.append(("USA", "JPN", year, 1e6, 9e5))  # not China's: left out
    dva = pd.DataFrame(rows, columns=valueadded.DVA_COLUMNS[:-1]).assign(
        source_file="wiod2016_bilateral_gross_exports_and_dva_2002_2014.dta"
    )
    # a made-up raw file per row of the bilateral table
    dva[lineage.COLUMN] = [
        f"dva_{e}_{i}_{y}" for e, i, y in dva[["exporter", "importer", "year"]].values
    ]
    return row_lineage.synthetic({"wiod2013_wiot": cells, "wiod2016_bilateral_dva": dva})


def test_synthetic_balances_solved_by_hand():
    main = v1.compute(synthetic_tables(), SPEC)["main"].set_index("partner")
    assert list(main.index) == ["USA", "JPN", "KOR"]
    expected = {"USA": (80, 60, -20), "JPN": (-30, -10, 20), "KOR": (-10, -10, 0)}
    for partner, (gross, value_added, difference) in expected.items():
        row = main.loc[partner]
        assert row["gross_balance_usd_billions"] == pytest.approx(gross)
        assert row["va_balance_usd_billions"] == pytest.approx(value_added)
        assert row["va_minus_gross_balance_usd_billions"] == pytest.approx(difference)
    assert main.at["USA", "foreign_va_share_of_exports_pct"] == pytest.approx(20)
    assert np.isnan(main.at["JPN", "foreign_va_share_of_exports_pct"])  # no exports to Japan
    assert main.at["USA", "partner_label"] == "United States"


def test_synthetic_sources_rank_foreign_economies_only():
    sources = v1.compute(synthetic_tables(), SPEC)["sources"]
    assert len(sources) == 41
    china = sources[sources["is_exporter"]].iloc[0]
    assert (china["source_country"], china["value_added_usd_billions"]) == ("CHN", 80)
    first = sources[sources["foreign_rank"] == 1].iloc[0]
    assert (first["source_country"], first["share_of_exports_pct"]) == ("JPN", pytest.approx(20))
    assert pd.isna(sources.loc[sources["source_country"] == "ROW", "foreign_rank"]).all()
    assert sources["share_of_exports_pct"].sum() == pytest.approx(100)


def test_synthetic_domestic_value_added_in_exports():
    dva = v1.compute(synthetic_tables(), SPEC)["dva"]
    assert dva[["partner", "year"]].values.tolist() == [
        [p, y] for p in ("USA", "JPN", "KOR") for y in (2002, 2014)
    ]
    us_2014 = dva[(dva.partner == "USA") & (dva.year == 2014)].iloc[0]
    assert us_2014["gross_balance_usd_billions"] == pytest.approx(2 * (100 - 40))
    assert us_2014["dva_balance_usd_billions"] == pytest.approx(2 * (80 - 36))
    assert us_2014["dva_share_of_exports_pct"] == pytest.approx(80)
    assert us_2014["partner_dva_share_of_imports_pct"] == pytest.approx(90)
    assert "not value added absorbed in the importer" in us_2014["concept"]


def test_synthetic_rows_name_their_raw_files():
    tables = synthetic_tables()
    results = v1.compute(tables, SPEC)
    known = {
        i for t in tables.values() for v in t[lineage.COLUMN].unique() for i in lineage.split(v)
    }
    for name, table in results.items():
        lineage.check("V1", name, table, known)
    # the world-table rows use the whole year's table (the Leontief inverse)
    assert set(results["main"][lineage.COLUMN]) == {"synthetic_wiod2013_wiot"}
    assert set(results["sources"][lineage.COLUMN]) == {"synthetic_wiod2013_wiot"}
    dva = results["dva"].set_index(["partner", "year"])[lineage.COLUMN]
    assert dva[("USA", 2014)] == "dva_CHN_USA_2014; dva_USA_CHN_2014"


def test_synthetic_missing_direction_names_where_it_was_looked_for():
    tables = synthetic_tables()
    dva = tables["wiod2016_bilateral_dva"]
    without = dva[~((dva.exporter == "KOR") & (dva.year == 2002))]
    results = v1.compute({**tables, "wiod2016_bilateral_dva": without}, SPEC)
    korea = results["dva"].set_index(["partner", "year"]).loc[("KOR", 2002)]
    assert np.isnan(korea["gross_imports_usd_billions"])
    assert lineage.split(korea[lineage.COLUMN]) == sorted(without[lineage.COLUMN])


@pytest.mark.parametrize(
    "change, fragment",
    [
        ({"partners": ["USA", "VNM"]}, "V1 spec 'partners': 'VNM' is not an economy"),
        ({"partners": ["USA", "CHN"]}, "'partners': 'CHN'"),
        ({"sources": {"importer": "KOR", "top_n": 5}, "partners": ["USA"]}, "sources.importer"),
        ({"wiot_years": [2011, 2005]}, "V1 spec 'wiot_years[1]': 2005 is outside the data"),
        ({"dva_first_year": 2003}, "V1 spec 'dva_first_year': 2003 is outside the data"),
        ({"country_names": {"USA": "United States"}}, "'country_names': no name for 'JPN'"),
    ],
)
def test_spec_errors_name_the_key(change, fragment):
    spec = {**copy.deepcopy(SPEC), **change}
    with pytest.raises(ValueError, match=fragment.replace("(", r"\(").replace("[", r"\[")):
        v1.compute(synthetic_tables(), spec)


def test_claims_are_an_empty_table_the_replication_accepts():
    made = v1.claims(v1.compute(synthetic_tables(), SPEC), SPEC)
    assert made.empty and list(made.columns) == replication.CLAIM_COLUMNS
    checked = replication.check_claims(made, "V1")
    assert checked.empty
    assert {"computed_in", *replication.MESSAGE_COLUMNS.values()} <= set(checked.columns)


def test_synthetic_figure_fits_and_names_its_years():
    fig = v1.plot(v1.compute(synthetic_tables(), SPEC), SPEC)
    assert fig._suptitle.get_text().endswith(", 2002-2014")
    assert texts_outside(fig) == []
    assert all(len(ax.get_lines()) <= 6 for ax in fig.axes)
    plt.close(fig)


def v1_caption(tables: dict, language: str) -> str:
    """V1's caption in ``language`` as the report gives it (chinatrade.captions)."""
    text = texts.exhibit_text("V1", language)
    with i18n.language(language):
        return captions.caption({"id": "V1", "module": "v1", "spec": SPEC}, tables, text)


@pytest.mark.parametrize(
    ("years", "english", "chinese"),
    [
        ([2011], "2011", "2011"),
        ([2014, 2002, 2014], "2002 and 2014", "2002和2014"),
        ([2000, 2007, 2011], "2000, 2007 and 2011", "2000、2007和2011"),
    ],
)
def test_years_as_a_list_in_each_language(years, english, chinese):
    assert caption.years_list(years) == english
    with i18n.language("zh"):
        assert caption.years_list(years) == chinese


def test_synthetic_caption_names_the_years_of_its_tables():
    """One world table (2011) and two years of value added: the caption follows them."""
    results = v1.compute(synthetic_tables(), SPEC)
    assert caption.values(results, SPEC) == {"wiot_years": "2011", "dva_years": "2002 and 2014"}
    english = v1_caption(results, "en")
    assert "input-output tables (41 economies, 35 industries) of 2011. Bottom:" in english
    assert "(44 economies, 56 industries; 2002 and 2014), computed" in english
    chinese = v1_caption(results, "zh")
    assert "（41个经济体、35个行业）的2011年。" in chinese
    assert "（44个经济体、56个行业；2002和2014年）" in chinese


def test_config_settings_fit_the_closed_schema(project):
    import yaml

    config = yaml.safe_load((project / "config/config.yaml").read_text(encoding="utf-8"))
    settings = config["exhibits"]["V1"]
    path = schema.exhibit_schema_path("v1")
    schema.validate(settings, path, prefix="exhibits.V1")
    with pytest.raises(schema.ConfigSchemaError, match="'exhibits.V1.top_n' is not a known"):
        schema.validate({**settings, "top_n": 5}, path, prefix="exhibits.V1")


# --- the real files ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real(shared_data, project):
    folder = shared_data / "valueadded/original"
    cells, _ = valueadded.read_wiots(
        [folder / f"wiod2013_wiot_{year}.RData" for year in (2000, 2007, 2011)]
    )
    dva = valueadded.read_bilateral_dva(
        folder / "wiod2016_bilateral_gross_exports_and_dva_2002_2014.dta"
    )
    # each row with its raw files' ids, as the exhibit job loads the canonical tables
    raw_ids = row_lineage.manifest_raw_ids(project)
    tables = {
        name: lineage.attach(table, name, raw_ids)
        for name, table in {"wiod2013_wiot": cells, "wiod2016_bilateral_dva": dva}.items()
    }
    specs = {language: config_spec(project, "V1", language) for language in ("en", "zh")}
    runs = {}
    for language, spec in specs.items():
        with i18n.language(language):
            runs[language] = v1.compute(tables, spec)
    return specs, runs


def test_real_balances_with_the_us(real):
    main = real[1]["en"]["main"].set_index(["partner", "year"])
    us_2011 = main.loc[("USA", 2011)]
    assert us_2011["gross_exports_usd_billions"] == pytest.approx(412.8, abs=0.05)  # SOURCES.md
    assert us_2011["gross_imports_usd_billions"] == pytest.approx(175.3, abs=0.05)
    assert us_2011["va_balance_usd_billions"] < us_2011["gross_balance_usd_billions"]
    for year in (2000, 2007, 2011):
        assert 10 < main.at[("USA", year), "foreign_va_share_of_exports_pct"] < 40
    dva = real[1]["en"]["dva"].set_index(["partner", "year"])
    assert dva.at[("USA", 2014), "gross_exports_usd_billions"] == pytest.approx(401.3, abs=0.05)
    assert dva.at[("USA", 2014), "gross_imports_usd_billions"] == pytest.approx(141.9, abs=0.05)


def test_real_rows_name_the_files_of_their_year(real):
    main = real[1]["en"]["main"].set_index(["partner", "year"])
    assert main.at[("USA", 2007), lineage.COLUMN] == "wiod2013_wiot_2007"
    sources = real[1]["en"]["sources"]
    assert set(sources.loc[sources.year == 2000, lineage.COLUMN]) == {"wiod2013_wiot_2000"}
    dva = real[1]["en"]["dva"]
    assert set(dva[lineage.COLUMN]) == {"wiod2016_bilateral_gross_exports_and_dva_2002_2014"}


def test_real_top_sources_of_chinas_exports_to_the_us(real):
    sources = real[1]["en"]["sources"]
    top = sources[(sources.year == 2011) & (sources.foreign_rank <= 5)]
    assert top.sort_values("foreign_rank")["source_country"].tolist() == [
        "USA", "JPN", "KOR", "TWN", "AUS",
    ]  # fmt: skip


def test_real_tables_are_the_same_in_both_languages(real):
    for name, table in real[1]["en"].items():
        pd.testing.assert_frame_equal(real[1]["zh"][name], table)


def test_real_caption_names_todays_years(real, tmp_path):
    """On the default data the caption reads as it did before its years were computed, in
    both languages, from the tables' CSV as the report reads them."""
    for name, table in real[1]["en"].items():
        table.to_csv(tmp_path / f"{name}.csv", index=False)
    tables = {name: pd.read_csv(tmp_path / f"{name}.csv") for name in real[1]["en"]}
    assert caption.values(tables, SPEC) == {
        "wiot_years": "2000, 2007 and 2011",
        "dva_years": "2002, 2005, 2008, 2011 and 2014",
    }
    english = v1_caption(tables, "en")
    assert "(41 economies, 35 industries) of 2000, 2007 and 2011. Bottom:" in english
    assert "(44 economies, 56 industries; 2002, 2005, 2008, 2011 and 2014), computed" in english
    chinese = v1_caption(tables, "zh")
    assert "（41个经济体、35个行业）的2000、2007和2011年。下图" in chinese
    assert "（44个经济体、56个行业；2002、2005、2008、2011和2014年），由" in chinese


def test_real_figure_in_chinese_shows_no_english_and_fits(real):
    specs, runs = real
    for language in ("en", "zh"):
        with i18n.language(language):
            fig = v1.plot(runs[language], specs[language])
            assert texts_outside(fig) == []
            if language == "zh":
                assert_chinese(fig)
                assert CJK.search(fig._suptitle.get_text())
            plt.close(fig)


def test_report_tables_in_chinese_from_the_written_csv(real, tmp_path):
    """As the report reads them: the exhibit's tables written as CSV and read back."""
    specs, runs = real
    tables = {}
    for name, table in runs["en"].items():
        table.to_csv(tmp_path / f"{name}.csv", index=False)
        tables[name] = pd.read_csv(tmp_path / f"{name}.csv")
    english = summary.exhibit_report_tables("v1", tables, pd.DataFrame(), specs["en"])
    balances = english[0][1].set_index(["partner", "year"])
    top = balances.at[("United States", 2011), "largest foreign sources, % of China's exports"]
    assert top.startswith("USA 2.6, JPN 2.4, KOR 1.6")
    assert balances.at[("Japan", 2011), "largest foreign sources, % of China's exports"] == ""
    with i18n.language("zh"):
        for caption, table in summary.exhibit_report_tables(
            "v1", tables, pd.DataFrame(), specs["en"]
        ):
            assert CJK.search(caption) and not i18n.untranslated_words(caption.replace("**", ""))
            summary.show(table)  # every header has its Chinese text
            assert "美国" in set(table["partner"])
