"""Japan's customs trade by area and commodity: the real file, synthetic and broken copies."""

from __future__ import annotations

import pandas as pd
import pyreadr
import pytest

from chinatrade.errors import InputDataError
from chinatrade.ingest import japan_customs

RDA = "bilateral/original/japan_customs_trade_by_area_commodity_annual.rda"


@pytest.fixture(scope="module")
def areas(project):
    return japan_customs.read_area_table(project / "workflow/resources/japan_customs_areas.csv")


@pytest.fixture(scope="module")
def customs(shared_data, areas):
    return japan_customs.read_japan_customs(shared_data / RDA, areas, source_file=RDA)


@pytest.fixture(scope="module")
def source_frame(shared_data):
    """The source data frame restricted to China and the World (small broken copies)."""
    frame = pyreadr.read_r(str(shared_data / RDA))["trade_year"]
    frame["ex_im"] = frame["ex_im"].astype(str)
    return frame[frame["area"].isin(["China", "Grand Total"])].reset_index(drop=True)


# --- the real file: SOURCES.md sanity figures ---


def test_japan_china_2018_sanity_figures(customs):
    """SOURCES.md: exports to China 2018 about 15,898 bn JPY, imports about 19,194."""
    china = customs[(customs.partner_code == "CHN") & (customs.goods_level == "total")]
    values = china.set_index(["year", "flow"]).value_jpy_billions
    assert values[(2018, "exports_fob")] == pytest.approx(15_897.74, abs=0.01)
    assert values[(2018, "imports_cif")] == pytest.approx(19_193.65, abs=0.01)
    assert set(china.goods) == {"Grand Total"}


def test_coverage_areas_and_partial_year(customs):
    assert customs.year.min() == 2009 and customs.year.max() == 2026
    assert customs.area.nunique() == 57 and customs.partner_code.notna().all()
    assert set(customs.loc[customs.is_partial_year, "year"]) == {2026}
    world = customs[(customs.partner_code == "WORLD") & (customs.goods_level == "total")]
    exports = world[world.flow == "exports_fob"].set_index("year").value_jpy_billions
    assert exports[2026] / exports[2025] < 0.5 < exports[2025] / exports[2024]
    assert not customs.duplicated(japan_customs.JAPAN_CUSTOMS_KEY).any()
    assert set(customs.reported_by) == {"JPN"} and set(customs.reporter_side) == {"own"}
    assert customs.groupby("goods_level").goods.nunique().to_dict() == {
        "detail": 68,
        "principal_group": 9,
        "total": 1,
    }


# --- synthetic frames with answers known by hand ---


def _synthetic(years_values: dict[int, float]) -> pd.DataFrame:
    """World and China, every goods total split evenly over the nine groups."""
    rows = []
    for year, total in years_values.items():
        for ex_im in ("export", "import"):
            for area in ("Grand Total", "China"):
                value = total if area == "Grand Total" else total / 10
                rows.append((ex_im, area, "Grand Total", float(year), value))
                for group in japan_customs.PRINCIPAL_GROUPS:
                    rows.append((ex_im, area, group, float(year), value / 9))
    return pd.DataFrame(rows, columns=japan_customs.RDA_COLUMNS)


def _write(frame: pd.DataFrame, path) -> str:
    pyreadr.write_rdata(str(path), frame, df_name="trade_year")
    return str(path)


def test_synthetic_last_year_partial_only_when_it_halves(tmp_path, areas):
    path = _write(_synthetic({2009: 900.0, 2010: 990.0, 2011: 270.0}), tmp_path / "syn.rda")
    table = japan_customs.read_japan_customs(path, areas, source_file="synthetic")
    assert set(table.loc[table.is_partial_year, "year"]) == {2011}
    china = table[(table.partner_code == "CHN") & (table.goods_level == "total")]
    assert china.set_index(["year", "flow"]).at[(2010, "exports_fob"), "value_jpy_billions"] == 99
    path = _write(_synthetic({2009: 900.0, 2010: 990.0, 2011: 600.0}), tmp_path / "syn2.rda")
    table = japan_customs.read_japan_customs(path, areas, source_file="synthetic")
    assert not table.is_partial_year.any()  # a fall to 61 % of the year before: a whole year


# --- broken copies: each message names the file, the column and the row ---


def _row_of(frame, area, goods, year, ex_im="export") -> int:
    """The 1-based row number of a record in the data frame (what the messages name)."""
    match = (
        (frame.area == area)
        & (frame.goods == goods)
        & (frame.year == year)
        & (frame.ex_im == ex_im)
    )
    return int(match.idxmax()) + 1


def _set(frame, area, goods, year, column, value):
    frame = frame.copy()
    if column == "year":
        frame["year"] = frame["year"].astype(float)
    frame.loc[_row_of(frame, area, goods, year) - 1, column] = value
    return frame


CHINA_2018 = ("China", "Grand Total", 2018.0)
BROKEN = [
    (
        "negative value",
        lambda f: _set(f, *CHINA_2018, "value", -15_897.7),
        ["column 'value'", "row {china}", "is negative"],
    ),
    (
        "unknown area",
        lambda f: _set(f, *CHINA_2018, "area", "Atlantis"),
        ["column 'area'", "row {china}", "'Atlantis' is not one of"],
    ),
    (
        "duplicate key",
        lambda f: pd.concat([f, f.iloc[[_row_of(f, *CHINA_2018) - 1]]], ignore_index=True),
        ["column 'area'", "row {end}", "duplicate key", "first at row {china}"],
    ),
    (
        "a group in million JPY (groups do not sum to the total)",
        lambda f: _set(f, "China", "Machinery", 2018.0, "value", 3_885_150.1),
        ["column 'value'", "row {china}", "the nine principal groups sum to"],
    ),
    (
        "year not whole",
        lambda f: _set(f, *CHINA_2018, "year", 2018.5),
        ["column 'year'", "row {china}", "2018.5 is not a whole year"],
    ),
    (
        "unknown flow",
        lambda f: _set(f, *CHINA_2018, "ex_im", "re-export"),
        ["column 'ex_im'", "row {china}", "'re-export' is not one of"],
    ),
    (
        "a year far below the year before that is not the last",
        lambda f: f.assign(value=f.value.where(f.year != 2015.0, f.value / 4)),
        ["column 'value'", "row {world_2015}", "only the last year may be partial"],
    ),
    (
        "missing column",
        lambda f: f.drop(columns="value"),
        ["column 'value'", "not found"],
    ),
]


@pytest.mark.parametrize(("case", "change", "fragments"), BROKEN, ids=[c[0] for c in BROKEN])
def test_broken_copy_of_the_real_file(tmp_path, areas, source_frame, case, change, fragments):
    path = _write(change(source_frame), tmp_path / "broken.rda")
    landmarks = {
        "china": _row_of(source_frame, *CHINA_2018),
        "world_2015": _row_of(source_frame, "Grand Total", "Grand Total", 2015.0),
        "end": len(source_frame) + 1,
    }
    with pytest.raises(InputDataError) as error:
        japan_customs.read_japan_customs(path, areas, source_file="broken.rda")
    message = str(error.value)
    assert "broken.rda" in message, message
    for fragment in fragments:
        assert fragment.format(**landmarks) in message, message
