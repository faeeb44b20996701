"""F4: China-US balance by HS section and the sign changes over the tariff years."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import i18n_check
import row_lineage
from chinatrade import captions, i18n, lineage, sections, texts
from chinatrade.exhibits import f4
from chinatrade.exhibits.f4 import caption
from chinatrade.replication import CLAIM_COLUMNS
from i18n_check import (
    CJK,
    with_texts,
)

BN = 1e9


def synthetic_sections() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "section_no": [1, 2, 16, 17],
            "section_roman": ["I", "II", "XVI", "XVII"],
            "section_name_en": [
                "Live animals; animal products",
                "Vegetable products",
                "Machinery and mechanical appliances; electrical equipment",
                "Vehicles, aircraft, vessels and associated transport equipment",
            ],
        }
    )


#: (US imports CIF from China, US exports to China) by year and section, USD billion.
#: China's balances 2017-2019: I +0.5, -0.5, +0.5 (flips and flips back; tiny); II -10, -5, -2
#: (no flip); XVI +80, +90, +70; XVII -5, -1, +3 (flips in 2019); 2020: XVII back to -1.
#: Trade summed over 2017-2019: I 4.5, II 23, XVI 300, XVII 35; total 362.5, so the shares are
#: I 1.2%, II 6.3%, XVI 82.8%, XVII 9.7%.
FLOWS = {
    2017: {1: (1.0, 0.5), 2: (1.0, 11.0), 16: (90.0, 10.0), 17: (5.0, 10.0)},
    2018: {1: (0.5, 1.0), 2: (1.0, 6.0), 16: (100.0, 10.0), 17: (5.0, 6.0)},
    2019: {1: (1.0, 0.5), 2: (1.0, 3.0), 16: (80.0, 10.0), 17: (6.0, 3.0)},
    2020: {1: (1.0, 0.5), 2: (1.0, 3.0), 16: (80.0, 10.0), 17: (2.0, 3.0)},
}


def synthetic_trade() -> pd.DataFrame:
    rows = []
    for year, by_section in FLOWS.items():
        for position, flow in enumerate(["imports_cif", "exports_fob"]):
            for section, values in by_section.items():
                rows.append((year, flow, "section", f"{section:02d}", values[position] * BN))
            total = sum(values[position] for values in by_section.values())
            rows.append((year, flow, "TOTAL", "TOTAL", total * BN))
    trade = pd.DataFrame(rows, columns=["year", "flow", "level", "product_code", "value_usd"])
    trade["reporter_iso3"] = "USA"
    trade["hs_vintage"] = "H5"
    # a made-up raw file per year
    trade[lineage.COLUMN] = "comtrade_" + trade["year"].astype(str)
    return trade


def synthetic_tables() -> dict[str, pd.DataFrame]:
    return row_lineage.synthetic(
        {f4.SECTOR_TABLE: synthetic_trade(), f4.SECTIONS_TABLE: synthetic_sections()}
    )


def synthetic_spec(**changes) -> dict:
    spec = {
        "title": "China's goods balance with the US by HS section",
        "compared_years": [2017, 2018, 2019],
        "first_year": 2017,
        "last_year": 2020,
        "import_flow": "imports_cif",
        "major_min_share_of_bilateral_trade_pct": 2.0,
        "sign_change_rule": "any_pair",
        "n_extremes": 2,
        "section_short_names": {"17": "Vehicles"},
        "source_label": "synthetic Comtrade, US-reported",
        "vintage": "synthetic",
        "source_note": "Source: synthetic.",
    }
    spec.update(changes)
    return with_texts(spec)


@pytest.fixture()
def results():
    return f4.compute(synthetic_tables(), synthetic_spec())


def test_balances_and_shares(results):
    main = results["main"].set_index(["section_no", "year"])
    assert main.loc[(16, 2018), "balance_usd_billions"] == pytest.approx(90)
    assert main.loc[(17, 2019), "balance_usd_billions"] == pytest.approx(3)
    assert main.loc[(17, 2019), "balance_sign"] == "surplus"
    # 2018 bilateral trade: 1.5 + 7 + 110 + 11 = 129.5
    assert main.loc[(16, 2018), "share_of_bilateral_trade_pct"] == pytest.approx(100 * 110 / 129.5)
    # the total balance in 2018: 106.5 - 23 = 83.5
    assert main.loc[(16, 2018), "share_of_total_balance_pct"] == pytest.approx(100 * 90 / 83.5)
    assert main.loc[(17, 2020), "is_compared_year"] == False  # noqa: E712
    assert set(results["main"]["reporter_side"]) == {"mirror"}


def test_major_is_the_share_of_trade_summed_over_compared_years(results):
    sections = results["sections"].set_index("section_no")
    # 2017-2019 trade: I 4.5, II 23, XVI 300, XVII 35; total 362.5
    assert sections.loc[1, "share_of_bilateral_trade_compared_years_pct"] == pytest.approx(
        100 * 4.5 / 362.5
    )
    assert list(sections["is_major"]) == [False, True, True, True]


def test_sign_change_flags_two_rules(results):
    sections = results["sections"].set_index("section_no")
    assert sections.loc[1, "sign_pattern"] == "+ - +"
    # I flips and flips back: a change between some pair, none between the endpoints
    assert sections.loc[1, "changed_sign_any_pair"]
    assert not sections.loc[1, "changed_sign_endpoints"]
    assert sections.loc[17, "changed_sign_any_pair"] and sections.loc[17, "changed_sign_endpoints"]
    assert not sections.loc[2, "changed_sign_any_pair"]


def test_sign_changes_table_pairs(results):
    changes = results["sign_changes"]
    pairs = changes[["year_from", "year_to", "pair_kind"]].drop_duplicates()
    assert len(pairs) == 4  # 3 pairs of compared years + 2017 vs 2020
    flipped = changes[changes.changed_sign]
    compared = flipped[flipped.pair_kind == "compared years"]
    assert set(zip(compared.section_no, compared.year_from, compared.year_to, strict=True)) == {
        (1, 2017, 2018),
        (1, 2018, 2019),
        (17, 2017, 2019),
        (17, 2018, 2019),
    }
    extension = flipped[flipped.pair_kind == "extension"]
    assert extension.empty  # XVII is back in deficit in 2020, I back in surplus


def test_extremes(results):
    extremes = results["extremes"]
    surplus_2019 = extremes[(extremes.year == 2019) & (extremes.kind == "surplus")]
    assert list(surplus_2019["section_no"]) == [16, 17]
    deficit_2017 = extremes[(extremes.year == 2017) & (extremes.kind == "deficit")]
    assert list(deficit_2017["section_no"]) == [2, 17]
    assert set(extremes["year"]) == {2017, 2018, 2019, 2020}


COMPARED_FILES = ["comtrade_2017", "comtrade_2018", "comtrade_2019", "synthetic_hs_sections"]


def test_every_row_names_its_raw_files(results):
    known = [*COMPARED_FILES, "comtrade_2020"]
    for name, table in results.items():
        lineage.check("F4", name, table, known)
    # a row of a later year names its own year's file and the compared years' (its share
    # of trade over them, and so whether it is major, comes from those)
    main = results["main"].set_index(["section_no", "year"])[lineage.COLUMN]
    assert lineage.split(main[(17, 2020)]) == sorted([*COMPARED_FILES, "comtrade_2020"])
    assert lineage.split(main[(17, 2018)]) == COMPARED_FILES
    changes = results["sign_changes"].set_index(["section_no", "year_from", "year_to"])
    assert "comtrade_2020" in lineage.split(changes.at[(1, 2017, 2020), lineage.COLUMN])
    assert "comtrade_2020" not in lineage.split(changes.at[(1, 2017, 2018), lineage.COLUMN])
    summary = results["sections"].set_index("section_no")[lineage.COLUMN]
    assert lineage.split(summary[2]) == COMPARED_FILES
    extremes = results["extremes"]
    assert set(extremes.loc[extremes.year == 2020, lineage.COLUMN]) == {main[(17, 2020)]}


def test_claim_false_when_a_major_section_flips(results):
    claims = f4.claims(results, synthetic_spec())
    assert list(claims.columns) == CLAIM_COLUMNS
    row = claims.iloc[0]
    assert row["claim_id"] == "C45"
    assert row["satisfied"] is False or row["satisfied"] == False  # noqa: E712
    assert math.isnan(row["our_value"])
    assert row["our_text"].startswith("false: 1 of 3")
    assert "XVII Vehicles" in row["our_text"]


def test_claim_true_when_only_minor_sections_flip():
    # with a 10% threshold II (6.3%) and XVII (9.7%) are minor: only XVI is major
    spec = synthetic_spec(major_min_share_of_bilateral_trade_pct=10.0)
    claims = f4.claims(f4.compute(synthetic_tables(), spec), spec)
    assert bool(claims.iloc[0]["satisfied"]) is True
    assert claims.iloc[0]["our_text"].startswith("true: 0 of 1")


def test_endpoints_rule_ignores_a_flip_and_back():
    spec = synthetic_spec(major_min_share_of_bilateral_trade_pct=0.0, sign_change_rule="endpoints")
    claims = f4.claims(f4.compute(synthetic_tables(), spec), spec)
    # I flips and returns (not counted), XVII ends in surplus (counted)
    assert claims.iloc[0]["our_text"].startswith("false: 1 of 4")


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("compared_years", [2017, 2030]),
        ("compared_years", [2017]),
        ("last_year", 2030),
        ("first_year", 2016),  # outside the data
        ("import_flow", "imports_customs_value"),  # not published in the synthetic data
        ("major_min_share_of_bilateral_trade_pct", "one"),
        ("sign_change_rule", "sometimes"),
        ("n_extremes", 0),
    ],
)
def test_bad_spec_names_the_key(key, value):
    with pytest.raises(ValueError, match=f"'{key}'"):
        f4.compute(synthetic_tables(), synthetic_spec(**{key: value}))


def f4_caption(results: dict, spec: dict, language: str) -> str:
    """F4's caption in ``language`` as the report gives it (chinatrade.captions)."""
    text = texts.exhibit_text("F4", language)
    with i18n.language(language):
        return captions.caption({"id": "F4", "module": "f4", "spec": spec}, results, text)


def test_caption_and_vintage_follow_the_years_of_the_data():
    """The framed years are the spec's compared years, the vintage's span the table's years:
    a year more of data, or other compared years, change the words."""
    vintage = texts.exhibit_text("F4", "en")["vintage"]
    spec = synthetic_spec(compared_years=[2018, 2019, 2020], vintage=vintage)
    results = f4.compute(synthetic_tables(), spec)
    assert caption.values(results, spec) == {
        "first": 2017, "last": 2020, "compared_first": 2018, "compared_last": 2020,
        "minor_below_pct": f"{spec['major_min_share_of_bilateral_trade_pct']:g}",
    }  # fmt: skip
    assert "the tariff years 2018-2020 are framed" in f4_caption(results, spec, "en")
    assert "；2018-2020年关税年份加框标出" in f4_caption(results, spec, "zh")
    row = f4.claims(results, spec).iloc[0]
    assert row["vintage"].startswith(
        "UN Comtrade annual HS data pulled with comtradr 1.0.5 (2017-2020;"
    )
    # one year fewer
    spec = synthetic_spec(last_year=2019, vintage=vintage)
    results = f4.compute(synthetic_tables(), spec)
    assert (
        f4.claims(results, spec)
        .iloc[0]["vintage"]
        .startswith("UN Comtrade annual HS data pulled with comtradr 1.0.5 (2017-2019;")
    )
    assert "the tariff years 2017-2019 are framed" in f4_caption(results, spec, "en")


def test_plot_heatmap_rows_and_columns(results):
    fig = f4.plot(results, synthetic_spec())
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == "XVI Machinery and mechanical..."  # derived short name, cut at a word
    assert labels[-1].startswith("II ")  # deepest 2017 deficit at the bottom
    assert any(label.endswith(" *") for label in labels)  # the minor section is marked
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2017", "2018", "2019", "2020"]
    plt.close(fig)


# --------------------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def real_results(project, processed):
    tables = row_lineage.real(project, processed, [f4.SECTOR_TABLE, f4.SECTIONS_TABLE])
    spec = synthetic_spec(
        first_year=2015, last_year=2025, major_min_share_of_bilateral_trade_pct=1.0
    )
    return spec, f4.compute(tables, spec)


def test_real_section_xvi_balances_match_sources_md(real_results):
    """SOURCES.md: XVI mirror surplus 2017 237.2, 2018 248.4, 2019 196.1 bn (CIF basis)."""
    _, results = real_results
    main = results["main"].set_index(["section_no", "year"])
    for year, expected in ((2017, 237.2), (2018, 248.4), (2019, 196.1)):
        assert main.loc[(16, year), "balance_usd_billions"] == pytest.approx(expected, abs=0.05)
    # every section and year present, and the sections add up to the total balance
    assert len(results["main"]) == 22 * 11
    by_year = results["main"].groupby("year")["share_of_total_balance_pct"].sum()
    assert by_year.to_numpy() == pytest.approx(100)


def test_real_rows_name_their_years_and_the_compared_years_files(real_results):
    """2017-2019 (the compared years) are in the 2015-2021 .rds; a later row names its own
    year's file as well (its major flag comes from the compared years)."""
    _, results = real_results
    main = results["main"].set_index(["section_no", "year"])[lineage.COLUMN]
    compared = ["hs_sections_22", "nikhilm2009_us_china"]
    assert lineage.split(main[(16, 2018)]) == compared
    assert lineage.split(main[(16, 2023)]) == [*compared, "nikhilm2009_us_china_2022_24"]
    assert lineage.split(main[(16, 2025)]) == [*compared, "nikhilm2009_us_china_2025"]


def test_real_claim_c45(real_results):
    spec, results = real_results
    row = f4.claims(results, spec).iloc[0]
    assert bool(row["satisfied"]) is True
    changed = results["sections"]
    changed = set(changed.loc[changed.changed_sign_any_pair, "section_no"])
    assert changed == {1, 3}  # live animals and fats/oils, both under 1% of trade


def test_real_caption_and_vintage_name_todays_years(real_results, project, tmp_path):
    """On the default data the texts read as they did before their years were computed,
    from the computed tables (the claim's vintage) and from their CSV (the report)."""
    spec = i18n_check.config_spec(project, "F4")
    _, results = real_results
    expected = {
        "first": 2015, "last": 2025, "compared_first": 2017, "compared_last": 2019,
        "minor_below_pct": "1",
    }  # fmt: skip
    assert caption.values(results, spec) == expected
    for name, table in results.items():
        table.to_csv(tmp_path / f"{name}.csv", index=False)
    written = {name: pd.read_csv(tmp_path / f"{name}.csv") for name in results}
    assert caption.values(written, spec) == expected
    assert "; the tariff years 2017-2019 are framed, sections under 1% of bilateral trade" in (
        f4_caption(written, spec, "en")
    )
    assert "；2017-2019年关税年份加框标出，占双边贸易不足1%的类别" in f4_caption(
        written, spec, "zh"
    )
    # the threshold of a minor section is a setting: the caption names the one applied
    spec = spec | {"major_min_share_of_bilateral_trade_pct": 2.5}
    assert "sections under 2.5% of bilateral trade" in f4_caption(written, spec, "en")
    assert "占双边贸易不足2.5%的类别" in f4_caption(written, spec, "zh")
    vintage = f4.claims(results, spec).iloc[0]["vintage"]
    assert vintage == (
        "UN Comtrade annual HS data pulled with comtradr 1.0.5 (2015-2025; 2025 first release); "
        "HS edition H5 in 2017-2019"
    )


def test_zh_section_names_need_no_catalogue(processed):
    """The 22 section labels come from section_name_zh: a short name for each, no English."""
    table = pd.read_parquet(processed / f"{f4.SECTIONS_TABLE}.parquet")
    names = sections.section_names_zh(table)
    assert sorted(names) == list(range(1, 23))
    for name in names.values():
        assert CJK.search(name) and not i18n.untranslated_words(name)
        assert len(name) <= 17
