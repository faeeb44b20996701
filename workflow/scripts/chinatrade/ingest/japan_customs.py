"""Japan's trade by area and principal commodity, annual, billion JPY (Japan's customs).

Source (see ../shared/data/bilateral/SOURCES.md, section on
``original/japan_customs_trade_by_area_commodity_annual.rda``): the data frame ``trade_year``
of the R package ``mitsuoxv/jp-trade`` (Japan Ministry of Finance, Trade Statistics of Japan),
columns ``ex_im`` (export/import), ``area`` (abbreviated English names, regions and the World
"Grand Total" included), ``goods`` (Japan's principal-commodity groups, nested), ``year``
(2009 onward), ``value`` (billion JPY). Japan-reported: exports FOB, imports CIF.

The abbreviated area names are mapped to codes by the explicit table
``workflow/resources/japan_customs_areas.csv`` (an area not listed stops the job). ``goods``
"Grand Total" is the total; nine principal groups (``PRINCIPAL_GROUPS``) sum to it exactly in
every flow, area and year (checked); every other goods value is a sub-group or an item of one
of them (names in parentheses are items of the line above them in Japan's tables).

The latest year may be partial (SOURCES.md says so; 2026 is). Rule: the last year is
partial when Japan's total trade with the World (area and goods "Grand Total") in either flow
is below ``PARTIAL_YEAR_SHARE`` of the year before. Whole years fall far less: at most 16%
within 2010-2025 (imports 2016), and about a third in 2009 against 2008 (before this file
starts). Such a fall in any earlier year is an error (a gap in the source, not a partial
year). A last year of more than about six months would not be flagged by this rule.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from chinatrade import validate
from chinatrade.errors import InputDataError
from chinatrade.validate import ROW

RDA_OBJECT = "trade_year"
RDA_COLUMNS = ["ex_im", "area", "goods", "year", "value"]
FLOWS = {"export": "exports_fob", "import": "imports_cif"}
AREA_TABLE_COLUMNS = ["area", "partner_code", "name", "kind", "note"]
TOTAL = "Grand Total"
PRINCIPAL_GROUPS = (
    "Foodstuff",
    "Raw Materials",
    "Mineral Fuels",
    "Chemicals",
    "Manufactured Goods",
    "Machinery",
    "Electrical Machinery",
    "Transport Equipment",
    "Others",
)
# the nine groups' sum is the total up to float rounding of the source (1e-11 seen)
GROUP_SUM_TOLERANCE_JPY_BILLIONS = 1e-6
PARTIAL_YEAR_SHARE = 0.5
FIRST_YEAR, LAST_YEAR = 2009, 2100

JAPAN_CUSTOMS_COLUMNS = [
    "area",
    "partner_code",
    "area_name",
    "area_kind",
    "goods",
    "goods_level",
    "year",
    "flow",
    "value_jpy_billions",
    "reported_by",
    "reporter_side",
    "is_partial_year",
    "source",
    "source_file",
]
JAPAN_CUSTOMS_KEY = ["area", "goods", "year", "flow"]
SOURCE_JAPAN_CUSTOMS = (
    "Japan Ministry of Finance, Trade Statistics of Japan, by area and principal commodity "
    "(via the R package mitsuoxv/jp-trade, trade_year)"
)


def read_area_table(path: str | Path) -> pd.DataFrame:
    """``workflow/resources/japan_customs_areas.csv``: area as the source spells it ->
    ``partner_code`` (ISO3, or WORLD / EU_JP_MOF for the two aggregates), name, kind."""
    frame = validate.read_text_csv(path, AREA_TABLE_COLUMNS)
    validate.allowed(frame, "kind", {"economy", "aggregate"}, path)
    validate.unique_key(frame, ["area"], path)
    validate.unique_key(frame, ["partner_code"], path)
    return frame.drop(columns=ROW)


def read_japan_customs(path: str | Path, areas: pd.DataFrame, source_file: str) -> pd.DataFrame:
    """Read ``trade_year``: one row per (area, goods, year, flow), key ``JAPAN_CUSTOMS_KEY``.

    Output columns: ``area`` (as in the source), ``partner_code``, ``area_name``,
    ``area_kind`` (from the area table); ``goods`` (as in the source), ``goods_level``
    ('total', 'principal_group' or 'detail'); ``year`` (int); ``flow`` ('exports_fob' or
    'imports_cif', Japan's own valuation); ``value_jpy_billions`` (>= 0, never rescaled);
    ``reported_by`` 'JPN'; ``reporter_side`` 'own'; ``is_partial_year`` (the rule above);
    ``source``; ``source_file``.

    Checks (an error names the file, the column and the data frame's row, 1-based): one
    data frame with the five columns, flows, whole years from 2009, numbers >= 0, known
    areas, one row per key, the total and the nine groups in every flow-area-year and their
    sum, no year but the last far below the year before.
    """
    path = Path(path)
    frame = _read_rda(path)
    frame["flow"] = frame["ex_im"].map(FLOWS)
    validate.allowed(frame, "ex_im", set(FLOWS), path)
    frame["year"] = _whole_years(frame, path)
    frame["value_jpy_billions"] = validate.numeric(frame, "value", path, allow_missing=False)
    validate.non_negative(frame, "value_jpy_billions", path, file_column="value")
    validate.allowed(frame, "area", set(areas["area"]), path)
    validate.unique_key(frame, ["area", "goods", "year", "ex_im"], path)
    _check_groups_sum_to_total(frame, path)
    partial = _partial_years(frame, path)
    table = areas.set_index("area")
    out = frame.assign(
        partner_code=frame["area"].map(table["partner_code"]),
        area_name=frame["area"].map(table["name"]),
        area_kind=frame["area"].map(table["kind"]),
        goods_level=np.select(
            [frame["goods"] == TOTAL, frame["goods"].isin(PRINCIPAL_GROUPS)],
            ["total", "principal_group"],
            "detail",
        ),
        reported_by="JPN",
        reporter_side="own",
        is_partial_year=frame["year"].isin(partial),
        source=SOURCE_JAPAN_CUSTOMS,
        source_file=source_file,
    )
    return out[JAPAN_CUSTOMS_COLUMNS].sort_values(JAPAN_CUSTOMS_KEY).reset_index(drop=True)


def _read_rda(path: Path) -> pd.DataFrame:
    """The one data frame of the .rda file, text columns as str, rows numbered from 1."""
    import pyreadr  # imported here: only the R-data sources need it

    if not path.is_file():
        raise FileNotFoundError(path)
    try:
        objects = pyreadr.read_r(str(path))
    except Exception as error:  # pyreadr raises its own types for a damaged file
        raise InputDataError(
            path, f"not a readable R data file ({type(error).__name__}: {error})"
        ) from error
    if list(objects) != [RDA_OBJECT]:
        raise InputDataError(
            path, f"expected one R data frame '{RDA_OBJECT}', found {list(objects)}"
        )
    frame = objects[RDA_OBJECT]
    validate.require_columns(frame, RDA_COLUMNS, path)
    if frame.empty:
        raise InputDataError(path, "the data frame has no rows")
    frame = frame[RDA_COLUMNS].reset_index(drop=True)
    for column in ("ex_im", "area", "goods"):
        frame[column] = frame[column].astype("string").astype(object)
    frame[ROW] = np.arange(1, len(frame) + 1)
    return frame


def _whole_years(frame: pd.DataFrame, path: Path) -> pd.Series:
    years = validate.numeric(frame, "year", path, allow_missing=False)
    bad = (years % 1 != 0) | (years < FIRST_YEAR) | (years > LAST_YEAR)
    if bad.any():
        index = bad.idxmax()
        raise InputDataError(
            path,
            f"year {years[index]:g} is not a whole year in {FIRST_YEAR}-{LAST_YEAR}",
            column="year",
            row=int(frame.at[index, ROW]),
        )
    return years.astype(int)


def _check_groups_sum_to_total(frame: pd.DataFrame, path: Path) -> None:
    """Every flow-area-year has the total and the nine principal groups, which sum to it."""
    keys = ["ex_im", "area", "year"]
    totals = frame[frame["goods"] == TOTAL].set_index(keys)
    groups = frame[frame["goods"].isin(PRINCIPAL_GROUPS)]
    count = groups.groupby(keys)["goods"].nunique()
    total_sum = groups.groupby(keys)["value_jpy_billions"].sum()
    first_rows = frame.groupby(keys)[ROW].min()
    for key, row in first_rows.items():
        if key not in totals.index or count.get(key, 0) != len(PRINCIPAL_GROUPS):
            raise InputDataError(
                path,
                f"{dict(zip(keys, key, strict=True))} lacks the goods total '{TOTAL}' or one of "
                f"the nine principal groups {list(PRINCIPAL_GROUPS)}",
                column="goods",
                row=int(row),
            )
    difference = (totals["value_jpy_billions"] - total_sum.reindex(totals.index)).abs()
    broken = difference > GROUP_SUM_TOLERANCE_JPY_BILLIONS
    if broken.any():
        key = broken.idxmax()
        raise InputDataError(
            path,
            f"{dict(zip(keys, key, strict=True))}: the nine principal groups sum to "
            f"{total_sum[key]!r}, the total '{TOTAL}' is {totals.at[key, 'value_jpy_billions']!r}",
            column="value",
            row=int(totals.at[key, ROW]),
        )


def _partial_years(frame: pd.DataFrame, path: Path) -> set[int]:
    """The last year if the World total of a flow is below PARTIAL_YEAR_SHARE of the year
    before (see the module's docstring); such a fall in an earlier year is an error."""
    world = frame[(frame["area"] == TOTAL) & (frame["goods"] == TOTAL)]
    if world.empty:
        raise InputDataError(path, f"no row of Japan's total trade (area and goods '{TOTAL}')")
    by_year = world.pivot(index="year", columns="ex_im", values="value_jpy_billions")
    rows = world.pivot(index="year", columns="ex_im", values=ROW)
    share = by_year / by_year.shift(1)
    fallen = (share < PARTIAL_YEAR_SHARE).any(axis=1)
    last = int(by_year.index.max())
    early = fallen[fallen & (fallen.index != last)]
    if not early.empty:
        year = int(early.index[0])
        flow = next(f for f in FLOWS if share.at[year, f] < PARTIAL_YEAR_SHARE)
        raise InputDataError(
            path,
            f"Japan's total {flow}s in {year} are {share.at[year, flow]:.0%} of the year "
            f"before: only the last year may be partial; a gap in the source?",
            column="value",
            row=int(rows.at[year, flow]),
        )
    return {last} if fallen.get(last, False) else set()
