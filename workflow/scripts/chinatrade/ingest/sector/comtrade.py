"""UN Comtrade, US reporter, partner China, by HS level (the comtradr .rds files): read,
checked (valuations, vintages, the HS hierarchy) and put in long form; the hierarchy gaps.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from chinatrade import validate as v
from chinatrade.errors import InputDataError
from chinatrade.ingest.sector.common import ROW

#: The three originals, relative to the raw-data root, in year order.
COMTRADE_US_CHINA_RDS = (
    "sector/original/nikhilm2009_us_china.rds",
    "sector/original/nikhilm2009_us_china_2022_24.rds",
    "sector/original/nikhilm2009_us_china_2025.rds",
)
COMTRADE_SOURCE = "UN Comtrade (comtradr pull, nikhilm2009/us-china-tariff-disruption)"

RDS_COLUMNS = [
    "type_code",
    "freq_code",
    "ref_year",
    "ref_month",
    "reporter_iso",
    "flow_code",
    "partner_iso",
    "partner2iso",
    "classification_code",
    "cmd_code",
    "cmd_desc",
    "aggr_level",
    "customs_code",
    "mos_code",
    "mot_code",
    "cifvalue",
    "fobvalue",
    "primary_value",
]
# Columns that must hold one value: anything else is a different extract (monthly data,
# another partner, a mode of transport, a second partner) and would be double counted.
RDS_CONSTANTS = {
    "type_code": {"C"},  # commodities (not services)
    "freq_code": {"A"},  # annual
    "ref_month": {52},  # Comtrade's code for an annual record
    "reporter_iso": {"USA"},
    "partner_iso": {"CHN"},
    "partner2iso": {"W00"},  # no second partner split
    "customs_code": {"C00"},  # all customs procedures
    "mos_code": {"0"},  # all modes of supply
    "mot_code": {0},  # all modes of transport
}
HS_CLASSIFICATIONS = {"H0", "H1", "H2", "H3", "H4", "H5", "H6"}
LEVELS = {0: "TOTAL", 2: "HS2", 4: "HS4", 6: "HS6"}
LEVEL_ORDER = ["TOTAL", "HS2", "HS4", "HS6"]
CODE_PATTERN = {0: r"TOTAL", 2: r"\d{2}", 4: r"\d{4}", 6: r"\d{6}"}
#: chapter 99 ("commodities not specified according to kind") takes up confidential detail
UNSPECIFIED_CHAPTER = "99"
#: HS chapters a Comtrade record may carry: 01-97 without the reserved 77, plus 98-99
VALID_CHAPTERS = {f"{c:02d}" for c in range(1, 100)} - {"77"}

# flow code -> (flow of the primary value, its column, the other valuation's column and flow)
FLOWS = {
    "M": ("imports_cif", "cifvalue", "fobvalue", "imports_customs_value"),
    "X": ("exports_fob", "fobvalue", "cifvalue", None),
}
US_FLOWS = ["exports_fob", "imports_cif", "imports_customs_value"]

TRADE_COLUMNS = [
    "reporter_iso3",
    "partner_iso3",
    "year",
    "flow",
    "level",
    "product_code",
    "product_desc",
    "hs_vintage",
    "value_usd",
    "reporter_side",
    "source",
    "source_file",
]
TRADE_KEY = ["reporter_iso3", "partner_iso3", "year", "flow", "level", "product_code"]
# values are whole US dollars; sums of up to 6,000 of them are exact in float64
IDENTITY_TOLERANCE_USD = 1.0


def read_comtrade_us_china(paths: Sequence[str | Path]) -> pd.DataFrame:
    """US goods trade with China by HS product, UN Comtrade, US as reporter (.rds files).

    ``paths`` are the comtradr ``.rds`` files (e.g. :data:`COMTRADE_US_CHINA_RDS` under the
    raw-data root); each holds whole years, and a year in two files is an error.

    Returns one row per key (reporter_iso3, partner_iso3, year, flow, level, product_code):

    - ``reporter_iso3`` 'USA', ``partner_iso3`` 'CHN';
      ``reporter_side`` 'own': the values are as the US reports them. Read from China's side
      they are **mirror** data: US imports from China stand for China's exports to the US,
      US exports to China for China's imports from the US (valuation and timing differ).
    - ``year`` (int); ``flow``: 'exports_fob' (US exports, FOB), 'imports_cif' (US imports,
      CIF: Comtrade's primary value), 'imports_customs_value' (US general imports at
      customs value, i.e. excluding freight and insurance; published only for 2019 and
      2022-2025, so only those years have these rows).
    - ``level`` 'TOTAL', 'HS2', 'HS4' or 'HS6'; ``product_code`` 'TOTAL' or the zero-padded
      HS code (2, 4 or 6 digits, text); ``product_desc`` Comtrade's label;
      ``hs_vintage`` the HS edition of the year (Comtrade code: H4 = HS2012, H5 = HS2017,
      H6 = HS2022).
    - ``value_usd``: current US dollars (units, not thousands).
    - ``source``, ``source_file`` (file name).

    Checks: the extract is annual, USA -> China, all customs procedures and modes of
    transport; codes match their level; chapters are 01-99 without 77; values are numbers,
    present and non-negative; the primary value equals the CIF (imports) or FOB (exports)
    value, which must be present; a second valuation is either published for every row of
    a year and flow or for none; every HS level sums to the TOTAL row within USD 1 for
    each year, flow and valuation; every heading's chapter and every HS6 code's heading
    exists; a parent's detail never exceeds it, except chapter 99 / heading 9999, whose
    detail takes up what other parents withhold (see :func:`hierarchy_gaps`). A level
    absent from a year and flow is not checked (all four are present in the originals).
    """
    frames = []
    first_file_of_year: dict[int, str] = {}
    for path in paths:
        path = Path(path)
        wide, published = _read_comtrade_rds(path)
        for year in sorted(wide["ref_year"].unique()):
            if year in first_file_of_year:
                raise InputDataError(
                    path,
                    f"year {year} is also in '{first_file_of_year[year]}'; each year must come "
                    "from one file (a duplicate key is never summed)",
                    column="ref_year",
                    row=int(wide.loc[wide["ref_year"] == year, ROW].iloc[0]),
                )
            first_file_of_year[year] = path.name
        frames.append(_long_trade(wide, published, path))
    if not frames:
        raise ValueError("no .rds file given")
    out = pd.concat(frames, ignore_index=True)
    out["level"] = pd.Categorical(out["level"], LEVEL_ORDER, ordered=True)
    out = out.sort_values(["year", "flow", "level", "product_code"]).reset_index(drop=True)
    out["level"] = out["level"].astype(str)
    return out[TRADE_COLUMNS]


def _read_comtrade_rds(path: Path) -> tuple[pd.DataFrame, dict[str, set]]:
    """One comtradr .rds file, checked, and the groups with a published second valuation.

    Rows are numbered as in the R data frame (1-based), since an .rds file has no lines.
    """
    import pyreadr  # imported here: only this source needs it

    if not path.is_file():
        raise FileNotFoundError(path)
    try:
        objects = pyreadr.read_r(str(path))
    except Exception as error:  # pyreadr raises its own types for a damaged file
        raise InputDataError(
            path, f"not a readable .rds file ({type(error).__name__}: {error})"
        ) from error
    if len(objects) != 1:
        raise InputDataError(path, f"expected one R data frame, found {len(objects)} objects")
    frame = next(iter(objects.values()))
    if frame.empty:
        raise InputDataError(path, "the data frame has no rows")
    v.require_columns(frame, RDS_COLUMNS, path)
    frame = frame[RDS_COLUMNS].reset_index(drop=True)
    frame[ROW] = np.arange(1, len(frame) + 1)

    for column in ("ref_year", "ref_month", "aggr_level", "mot_code"):
        frame[column] = v.numeric(frame, column, path, allow_missing=False).astype(int)
    for column, values in RDS_CONSTANTS.items():
        v.allowed(frame, column, values, path)
    v.allowed(frame, "flow_code", FLOWS, path)
    v.allowed(frame, "aggr_level", LEVELS, path)
    v.allowed(frame, "classification_code", HS_CLASSIFICATIONS, path)
    _one_vintage_per_year(frame, path)
    _codes_match_levels(frame, path)
    frame["primary_value"] = v.numeric(frame, "primary_value", path, allow_missing=False)
    for column in ("cifvalue", "fobvalue"):
        frame[column] = v.numeric(frame, column, path)
    for column in ("primary_value", "cifvalue", "fobvalue"):
        v.non_negative(frame, column, path)
    v.unique_key(frame, ["ref_year", "flow_code", "aggr_level", "cmd_code"], path)
    _both_flows_every_year(frame, path)
    _primary_is_the_stated_valuation(frame, path)
    published = _published_second_valuation(frame, path)
    _check_hierarchy(frame, "primary_value", path)
    for column in ("cifvalue", "fobvalue"):
        groups = published.get(column, set())
        if groups:
            in_groups = pd.Series(list(zip(frame.ref_year, frame.flow_code, strict=True)))
            _check_hierarchy(frame[in_groups.isin(groups).to_numpy()], column, path)
    return frame, published


def _both_flows_every_year(frame: pd.DataFrame, path: Path) -> None:
    """A year with one flow only would give a balance from half the data."""
    flows = frame.groupby("ref_year")["flow_code"].agg(set)
    incomplete = flows[flows.map(len) < len(FLOWS)]
    if not incomplete.empty:
        year = int(incomplete.index[0])
        raise InputDataError(
            path,
            f"year {year} has flow(s) {sorted(incomplete.iloc[0])} only; both imports (M) and "
            "exports (X) are required",
            column="flow_code",
            row=int(frame.loc[frame["ref_year"] == year, ROW].iloc[0]),
        )


def _one_vintage_per_year(frame: pd.DataFrame, path: Path) -> None:
    vintages = frame.groupby("ref_year")["classification_code"].nunique()
    if (vintages > 1).any():
        year = int(vintages[vintages > 1].index[0])
        in_year = frame[frame["ref_year"] == year]
        first = in_year["classification_code"].iloc[0]
        index = (in_year["classification_code"] != first).idxmax()
        raise InputDataError(
            path,
            f"year {year} mixes HS vintages {sorted(in_year['classification_code'].unique())}; "
            "one HS edition per year",
            column="classification_code",
            row=int(frame.at[index, ROW]),
        )


def _codes_match_levels(frame: pd.DataFrame, path: Path) -> None:
    for level, pattern in CODE_PATTERN.items():
        at_level = frame[frame["aggr_level"] == level]
        bad = ~at_level["cmd_code"].astype(str).str.fullmatch(pattern)
        if bad.any():
            index = bad.idxmax()
            raise InputDataError(
                path,
                f"commodity code {at_level.at[index, 'cmd_code']!r} does not fit aggregation "
                f"level {level} (expected {pattern!r}, zero-padded text)",
                column="cmd_code",
                row=int(frame.at[index, ROW]),
            )
    detail = frame[frame["aggr_level"] > 0]
    bad = ~detail["cmd_code"].str[:2].isin(VALID_CHAPTERS)
    if bad.any():
        index = bad.idxmax()
        raise InputDataError(
            path,
            f"commodity code {detail.at[index, 'cmd_code']!r} is in no HS chapter "
            "(chapters are 01-99 without the reserved 77)",
            column="cmd_code",
            row=int(frame.at[index, ROW]),
        )


def _primary_is_the_stated_valuation(frame: pd.DataFrame, path: Path) -> None:
    """The primary value is CIF for imports and FOB for exports, as the flow name says."""
    for flow_code, (flow, column, _, _) in FLOWS.items():
        rows = frame[frame["flow_code"] == flow_code]
        missing = rows[column].isna()
        if missing.any():
            index = missing.idxmax()
            raise InputDataError(
                path,
                f"{column} is missing; it must repeat the primary value of flow {flow_code} "
                "to show the valuation",
                column=column,
                row=int(frame.at[index, ROW]),
            )
        differs = rows[column] != rows["primary_value"]
        if differs.any():
            index = differs.idxmax()
            raise InputDataError(
                path,
                f"primary value {rows.at[index, 'primary_value']:,.0f} differs from {column} "
                f"{rows.at[index, column]:,.0f}; the primary value of flow {flow_code} must be "
                f"the {flow.split('_')[1].upper()} value",
                column="primary_value",
                row=int(frame.at[index, ROW]),
            )


def _published_second_valuation(frame: pd.DataFrame, path: Path) -> dict[str, set]:
    """(year, flow code) groups whose second valuation Comtrade published.

    The TOTAL row decides: 0 or NA there means not published, and then every row of the
    group must be 0 or NA (Comtrade's way of leaving it out); a positive TOTAL means
    published, and then no row may be missing.
    """
    published: dict[str, set] = {}
    for (year, flow_code), group in frame.groupby(["ref_year", "flow_code"]):
        _, _, column, flow = FLOWS[flow_code]
        total = group.loc[group["aggr_level"] == 0, column]
        if total.empty:
            raise InputDataError(
                path,
                f"no TOTAL row (aggr_level 0) for year {year}, flow {flow_code}",
                column="aggr_level",
            )
        if pd.notna(total.iloc[0]) and total.iloc[0] > 0:
            missing = group[column].isna()
            if missing.any():
                index = missing.idxmax()
                raise InputDataError(
                    path,
                    f"{column} is published for year {year}, flow {flow_code} (TOTAL "
                    f"{total.iloc[0]:,.0f}) but missing here; a valuation must cover all rows",
                    column=column,
                    row=int(frame.at[index, ROW]),
                )
            if flow is None:
                raise InputDataError(
                    path,
                    f"{column} is published for year {year}, flow {flow_code}; the parser "
                    "knows no such valuation of US exports (update FLOWS)",
                    column=column,
                    row=int(frame.at[total.index[0], ROW]),
                )
            published.setdefault(column, set()).add((year, flow_code))
        else:
            stray = group[column].fillna(0) != 0
            if stray.any():
                index = stray.idxmax()
                raise InputDataError(
                    path,
                    f"{column} is {group.at[index, column]:,.0f} although the TOTAL row of year "
                    f"{year}, flow {flow_code} leaves it unpublished; a valuation is published "
                    "for all rows or none",
                    column=column,
                    row=int(frame.at[index, ROW]),
                )
    return published


def _check_hierarchy(frame: pd.DataFrame, column: str, path: Path) -> None:
    """Each level sums to TOTAL; a parent's detail may fall short only into chapter 99."""
    keys = ["ref_year", "flow_code"]
    totals = frame[frame["aggr_level"] == 0].set_index(keys)
    for level in (2, 4, 6):
        at_level = frame[frame["aggr_level"] == level]
        if at_level.empty:
            continue  # a file without this level has nothing to add up
        sums = at_level.groupby(keys)[column].sum()
        present = totals.index.intersection(sums.index)
        checked = totals.loc[present].reset_index()
        expected = pd.Series(sums.loc[present].to_numpy(), index=checked.index)
        v.identity(
            checked,
            column,
            expected,
            path,
            rule=f"the HS{level} codes add up to the TOTAL row (same year and flow)",
            absolute=IDENTITY_TOLERANCE_USD,
        )
    for level in (4, 6):
        children = frame[frame["aggr_level"] == level]
        parents = frame[frame["aggr_level"] == level - 2]
        if children.empty or parents.empty:
            continue
        parent_key = children["cmd_code"].str[: level - 2]
        joined = children.assign(parent=parent_key).merge(
            parents[keys + ["cmd_code", column]].rename(
                columns={"cmd_code": "parent", column: "parent_value"}
            ),
            on=keys + ["parent"],
            how="left",
            indicator=True,
        )
        orphan = joined["_merge"] == "left_only"
        if orphan.any():
            bad = joined[orphan].iloc[0]
            raise InputDataError(
                path,
                f"HS{level} code {bad.cmd_code} has no HS{level - 2} row {bad.parent} in year "
                f"{bad.ref_year}, flow {bad.flow_code}; every code needs its parent",
                column="cmd_code",
                row=int(bad[ROW]),
            )
        sums = joined.groupby(keys + ["parent"])[column].sum()
        compared = parents.set_index(keys + ["cmd_code"])[column].rename_axis(keys + ["parent"])
        gap = compared - sums.reindex(compared.index, fill_value=0.0)
        in_chapter_99 = gap.index.get_level_values("parent").str.startswith(UNSPECIFIED_CHAPTER)
        too_much = (gap < -IDENTITY_TOLERANCE_USD) & ~in_chapter_99
        too_little_99 = (gap > IDENTITY_TOLERANCE_USD) & in_chapter_99
        broken = too_much | too_little_99
        if broken.any():
            position = int(np.argmax(broken.to_numpy()))
            year, flow_code, parent = gap.index[position]
            row = parents[
                (parents.ref_year == year)
                & (parents.flow_code == flow_code)
                & (parents.cmd_code == parent)
            ][ROW].iloc[0]
            what = "exceeds" if too_much.iloc[position] else "falls short of"
            raise InputDataError(
                path,
                f"the HS{level} detail of {parent} (year {year}, flow {flow_code}) {what} it "
                f"by {abs(gap.iloc[position]):,.0f} USD; detail may only be withheld "
                f"into chapter {UNSPECIFIED_CHAPTER}, never added",
                column=column,
                row=int(row),
            )


def _long_trade(wide: pd.DataFrame, published: dict[str, set], path: Path) -> pd.DataFrame:
    parts = []
    for flow_code, (flow, _, other_column, other_flow) in FLOWS.items():
        rows = wide[wide["flow_code"] == flow_code]
        parts.append(rows.assign(flow=flow, value_usd=rows["primary_value"]))
        groups = published.get(other_column, set())
        if other_flow and groups:
            in_groups = pd.Series(
                list(zip(rows.ref_year, rows.flow_code, strict=True)), index=rows.index
            ).isin(groups)
            chosen = rows[in_groups]
            parts.append(chosen.assign(flow=other_flow, value_usd=chosen[other_column]))
    long = pd.concat(parts, ignore_index=True)
    return pd.DataFrame(
        {
            "reporter_iso3": long["reporter_iso"],
            "partner_iso3": long["partner_iso"],
            "year": long["ref_year"].astype(int),
            "flow": long["flow"],
            "level": long["aggr_level"].map(LEVELS),
            "product_code": long["cmd_code"].astype(str),
            "product_desc": long["cmd_desc"],
            "hs_vintage": long["classification_code"],
            "value_usd": long["value_usd"].astype(float),
            "reporter_side": "own",
            "source": COMTRADE_SOURCE,
            "source_file": path.name,
        }
    )


def hierarchy_gaps(trade: pd.DataFrame) -> pd.DataFrame:
    """Parents (chapters, headings) whose detail one level down does not add up to them.

    ``trade`` is the output of :func:`read_comtrade_us_china`. Returns one row per
    (year, flow, parent_level, parent_code) with a gap above USD 1: ``parent_value_usd``,
    ``detail_level``, ``detail_sum_usd``, ``gap_usd`` (parent minus detail; positive where
    Comtrade withheld detail, negative for chapter 99 / heading 9999 that received it),
    ``n_detail_codes``. Empty if every parent equals its detail.
    """
    rows = []
    for parent_level, detail_level in (("HS2", "HS4"), ("HS4", "HS6")):
        parents = trade[trade["level"] == parent_level]
        detail = trade[trade["level"] == detail_level]
        width = 2 if parent_level == "HS2" else 4
        sums = (
            detail.assign(parent_code=detail["product_code"].str[:width])
            .groupby(["year", "flow", "parent_code"])["value_usd"]
            .agg(["sum", "count"])
        )
        joined = parents.rename(
            columns={"product_code": "parent_code", "value_usd": "parent_value_usd"}
        ).join(sums, on=["year", "flow", "parent_code"])
        joined = joined.assign(
            parent_level=parent_level,
            detail_level=detail_level,
            detail_sum_usd=joined["sum"].fillna(0.0),
            n_detail_codes=joined["count"].fillna(0).astype(int),
        )
        joined["gap_usd"] = joined["parent_value_usd"] - joined["detail_sum_usd"]
        rows.append(joined[joined["gap_usd"].abs() > IDENTITY_TOLERANCE_USD])
    columns = [
        "year",
        "flow",
        "parent_level",
        "parent_code",
        "parent_value_usd",
        "detail_level",
        "detail_sum_usd",
        "gap_usd",
        "n_detail_codes",
    ]
    return pd.concat(rows)[columns].sort_values(columns[:4]).reset_index(drop=True)
