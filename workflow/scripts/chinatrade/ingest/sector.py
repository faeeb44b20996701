"""Sector trade (UN Comtrade, US reporter, partner China, by HS) and the product concordances.

Sources (see ../shared/data/sector/SOURCES.md and gvc_province/SOURCES.md):

* ``sector/original/nikhilm2009_us_china*.rds``: UN Comtrade annual records as pulled by
  the R package comtradr (one R data frame per file): reporter USA, partner China, HS
  levels 0 (TOTAL), 2, 4 and 6, flows Import and Export, 2015-2025. For US imports the
  primary value is CIF; Comtrade also carries the US customs value (in its ``fobvalue``
  column) for 2019 and 2022-2025 only. US exports are FOB. A valuation Comtrade did not
  publish is stored as 0 (2017-2021) or NA (other years) for the whole year and flow.
* ``sector/original/DMK041218_TradeData_China_USA.csv``: the Comtrade API's CSV, reporter
  China, partner USA, TOTAL only, 2013-2023 (exports FOB, imports CIF).
* ``sector/hs_sections_22.csv`` and ``sector/hs_chapter_to_section_concordance.csv``
  (derived, with the WCO's original English section names in
  ``sector/original/datasets_harmonized-system_sections.csv``).
* ``sector/original/oecd_ConversionKeyBTDIxE4PUB.xlsx``: the OECD BTDIxE HS6 -> ISIC ->
  end-use key (sheet ``FromHSToISICToEC``).
* ``gvc_province/wiod56_to_isic4_btdixe_hs_concordance.csv``: WIOD industry -> ISIC Rev.4
  divisions -> BTDIxE ISIC4 codes (built by the data curator).

Comtrade hides confidential detail in chapter 99: e.g. US exports of civil aircraft
(chapter 88, USD 18.2 bn in 2018) are in chapter 88 at HS2 but in heading 9999 at HS4 and
6-digit 999999 at HS6. So each HS level adds up to the TOTAL row exactly, but a chapter
or heading need not equal the sum of its own detail. The parser checks the totals
exactly and allows a parent's detail to fall short only where chapter 99 takes up the
difference; :func:`hierarchy_gaps` lists every such gap.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from chinatrade import validate as v
from chinatrade.errors import InputDataError
from chinatrade.ingest.workbook import open_workbook, require_sheet

ROW = v.ROW

# --- UN Comtrade, US reporter (.rds) -----------------------------------------------------

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


# --- UN Comtrade, China reporter, totals (.csv) -------------------------------------------

CHINA_TOTALS_SOURCE = "UN Comtrade (API CSV, DMK041218/3009GroupProject)"
CHINA_CSV_COLUMNS = [
    "typeCode",
    "freqCode",
    "refYear",
    "refMonth",
    "reporterISO",
    "flowCode",
    "partnerISO",
    "partner2ISO",
    "classificationCode",
    "cmdCode",
    "aggrLevel",
    "customsCode",
    "mosCode",
    "motCode",
    "cifvalue",
    "fobvalue",
    "primaryValue",
]
CHINA_CSV_CONSTANTS = {
    "typeCode": {"C"},
    "freqCode": {"A"},
    "refMonth": {"52"},
    "reporterISO": {"CHN"},
    "partnerISO": {"USA"},
    "partner2ISO": {"W00"},
    "cmdCode": {"TOTAL"},
    "aggrLevel": {"0"},
    "customsCode": {"C00"},
    "mosCode": {"0"},
    "motCode": {"0"},
}
CHINA_TOTALS_COLUMNS = [
    "reporter_iso3",
    "partner_iso3",
    "year",
    "flow",
    "hs_vintage",
    "value_usd",
    "reporter_side",
    "source",
    "source_file",
]


def read_china_reported_totals(path: str | Path) -> pd.DataFrame:
    """China's total goods trade with the US as China reports it to UN Comtrade (API CSV).

    Returns one row per (reporter_iso3, partner_iso3, year, flow): ``reporter_iso3``
    'CHN', ``partner_iso3`` 'USA', ``year`` (int), ``flow`` 'exports_fob' or
    'imports_cif', ``hs_vintage`` (Comtrade code, e.g. H4), ``value_usd`` (current US
    dollars, units), ``reporter_side`` 'own' (China's customs data), ``source``,
    ``source_file``. All products (Comtrade TOTAL); no balance is published, so none is
    checked.

    Checks: the header and the constant columns (annual, CHN -> USA, TOTAL, all
    procedures and modes; codes compared without outer spaces, as Comtrade writes
    mosCode '0 ' for 2015 and 2017); years and values are numbers, values present and non-negative;
    the primary value equals FOB (exports) or CIF (imports); the other valuation is blank
    or 0 (unpublished); one row per year and flow.
    """
    path = Path(path)
    frame = _read_text_csv(path, index_col=False)
    v.require_columns(frame, CHINA_CSV_COLUMNS, path)
    frame = v.with_csv_rows(frame[CHINA_CSV_COLUMNS])
    # Comtrade writes some codes with a trailing space (mosCode '0 ' in 2015 and 2017)
    for column in [*CHINA_CSV_CONSTANTS, "flowCode", "classificationCode"]:
        frame[column] = frame[column].str.strip()
    for column, values in CHINA_CSV_CONSTANTS.items():
        v.allowed(frame, column, values, path)
    v.allowed(frame, "flowCode", FLOWS, path)
    v.allowed(frame, "classificationCode", HS_CLASSIFICATIONS, path)
    frame["refYear"] = v.numeric(frame, "refYear", path, allow_missing=False).astype(int)
    frame["primaryValue"] = v.numeric(frame, "primaryValue", path, allow_missing=False)
    v.non_negative(frame, "primaryValue", path)
    for column in ("cifvalue", "fobvalue"):
        frame[column] = v.numeric(frame, column, path)
        v.non_negative(frame, column, path)
    v.unique_key(frame, ["refYear", "flowCode"], path)
    for flow_code, (flow, column, other_column, _) in FLOWS.items():
        rows = frame[frame["flowCode"] == flow_code]
        v.identity(
            rows,
            column,
            rows["primaryValue"],
            path,
            rule=f"the primary value of flow {flow_code} is the {flow.split('_')[1].upper()} value",
        )
        stray = rows[other_column].fillna(0) != 0
        if stray.any():
            index = stray.idxmax()
            raise InputDataError(
                path,
                f"{other_column} {rows.at[index, other_column]:,.0f} is published for flow "
                f"{flow_code}; only the {column} valuation is expected",
                column=other_column,
                row=int(rows.at[index, ROW]),
            )
    out = pd.DataFrame(
        {
            "reporter_iso3": frame["reporterISO"],
            "partner_iso3": frame["partnerISO"],
            "year": frame["refYear"].astype(int),
            "flow": frame["flowCode"].map({k: f[0] for k, f in FLOWS.items()}),
            "hs_vintage": frame["classificationCode"],
            "value_usd": frame["primaryValue"],
            "reporter_side": "own",
            "source": CHINA_TOTALS_SOURCE,
            "source_file": path.name,
        }
    )
    return out.sort_values(["year", "flow"]).reset_index(drop=True)[CHINA_TOTALS_COLUMNS]


def _read_text_csv(path: Path, encoding: str = "utf-8", **options) -> pd.DataFrame:
    """A CSV read as text (codes keep their leading zeros; blanks stay empty strings)."""
    if not path.is_file():
        raise FileNotFoundError(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding, **options)
    except UnicodeDecodeError as error:
        raise InputDataError(
            path, f"not {encoding} text ({error}); was the file saved in another encoding?"
        ) from error
    except pd.errors.EmptyDataError as error:
        raise InputDataError(path, "the file is empty (no header line)") from error
    except pd.errors.ParserError as error:
        raise InputDataError(path, f"not a well-formed CSV ({error})") from error
    if frame.empty:
        raise InputDataError(path, "the file has a header but no data rows")
    return frame


# --- HS sections and chapters ---------------------------------------------------------------

ROMAN = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI",
    "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI", "XXII",
]  # fmt: skip
#: chapter ranges of the WCO's 21 sections (HS nomenclature) and China customs' section 22
SECTION_CHAPTERS = {
    1: ("01", "05"), 2: ("06", "14"), 3: ("15", "15"), 4: ("16", "24"), 5: ("25", "27"),
    6: ("28", "38"), 7: ("39", "40"), 8: ("41", "43"), 9: ("44", "46"), 10: ("47", "49"),
    11: ("50", "63"), 12: ("64", "67"), 13: ("68", "70"), 14: ("71", "71"),
    15: ("72", "83"), 16: ("84", "85"), 17: ("86", "89"), 18: ("90", "92"),
    19: ("93", "93"), 20: ("94", "96"), 21: ("97", "97"), 22: ("98", "99"),
}  # fmt: skip
RESERVED_CHAPTERS = {"77"}
SPECIAL_CHAPTERS = {"98", "99"}  # national use / not specified by kind; China's section 22
SECTION_COLUMNS = [
    "section_no",
    "section_roman",
    "section_name_en",
    "section_name_zh",
    "first_chapter",
    "last_chapter",
    "n_chapters",
    "section_name_zh_source",
    "section_name_en_source",
]
CHAPTER_SOURCE_COLUMNS = [
    "chapter",
    "chapter_name_en",
    "section_no",
    "section_roman",
    "section_name_en",
    "section_name_zh",
]
CHAPTER_COLUMNS = [
    "hs_chapter",
    "chapter_name_en",
    "chapter_kind",
    "section_no",
    "section_roman",
    "section_name_en",
    "section_name_zh",
]
_CJK = re.compile(r"[\u4e00-\u9fff]")


def read_hs_sections(path: str | Path, wco_sections_path: str | Path | None = None) -> pd.DataFrame:
    """The 22 HS sections (WCO I-XXI plus China customs' XXII), English and Chinese names.

    Returns one row per ``section_no`` (int 1-22): ``section_roman``, ``section_name_en``,
    ``section_name_zh``, ``first_chapter``/``last_chapter`` (zero-padded text),
    ``n_chapters`` (int), ``section_name_zh_source``, ``section_name_en_source``.

    Checks: every section once, its Roman numeral, the standard chapter ranges
    (:data:`SECTION_CHAPTERS`), n_chapters = last - first + 1, names present, Chinese
    names in Chinese characters and no U+FFFD (a sign of a wrong encoding). With
    ``wco_sections_path`` (the original datasets/harmonized-system sections.csv), the
    English names of I-XXI must equal the original's, ignoring case and outer spaces.
    """
    path = Path(path)
    frame = _read_text_csv(path)
    v.require_columns(frame, SECTION_COLUMNS, path)
    frame = v.with_csv_rows(frame[SECTION_COLUMNS])
    v.allowed(frame, "section_no", [str(n) for n in SECTION_CHAPTERS], path)
    v.unique_key(frame, ["section_no"], path)
    frame["section_no"] = frame["section_no"].astype(int)
    _all_present(frame, "section_no", SECTION_CHAPTERS, path)
    for column in ("section_name_en", "section_name_zh"):
        _no_blank_or_mojibake(frame, column, path)
    not_chinese = ~frame["section_name_zh"].str.contains(_CJK)
    if not_chinese.any():
        _raise_at(frame, not_chinese, path, "section_name_zh", "has no Chinese characters")
    expected = {
        "section_roman": frame["section_no"].map(lambda n: ROMAN[n - 1]),
        "first_chapter": frame["section_no"].map(lambda n: SECTION_CHAPTERS[n][0]),
        "last_chapter": frame["section_no"].map(lambda n: SECTION_CHAPTERS[n][1]),
        "n_chapters": frame["section_no"].map(
            lambda n: str(int(SECTION_CHAPTERS[n][1]) - int(SECTION_CHAPTERS[n][0]) + 1)
        ),
    }
    for column, values in expected.items():
        wrong = frame[column] != values
        if wrong.any():
            index = wrong.idxmax()
            _raise_at(
                frame,
                wrong,
                path,
                column,
                f"differs from {values[index]!r}, the HS nomenclature's value for section "
                f"{frame.at[index, 'section_no']}",
            )
    if wco_sections_path is not None:
        _same_english_names(frame, Path(wco_sections_path), path)
    frame["n_chapters"] = frame["n_chapters"].astype(int)
    return frame.drop(columns=ROW).sort_values("section_no").reset_index(drop=True)


def _same_english_names(frame: pd.DataFrame, wco_path: Path, path: Path) -> None:
    # the original starts with a byte-order mark
    wco = v.with_csv_rows(_read_text_csv(wco_path, encoding="utf-8-sig"))
    v.require_columns(wco, ["section", "name"], wco_path)
    v.allowed(wco, "section", ROMAN[:21], wco_path)
    v.unique_key(wco, ["section"], wco_path)
    _all_present(wco, "section", ROMAN[:21], wco_path)
    original = dict(zip(wco["section"], wco["name"].str.strip().str.casefold(), strict=True))
    ours = frame["section_name_en"].str.strip().str.casefold()
    differs = frame["section_roman"].isin(original) & (ours != frame["section_roman"].map(original))
    if differs.any():
        index = differs.idxmax()
        _raise_at(
            frame,
            differs,
            path,
            "section_name_en",
            f"of section {frame.at[index, 'section_roman']} differs from the WCO name in "
            f"'{wco_path.name}' ({original[frame.at[index, 'section_roman']]!r})",
        )


def read_hs_chapter_sections(path: str | Path, sections: pd.DataFrame) -> pd.DataFrame:
    """HS chapter -> section (22 sections), with English and Chinese section names.

    ``sections`` is the output of :func:`read_hs_sections`. Returns one row per
    ``hs_chapter`` (zero-padded text '01'-'99'): ``chapter_name_en``, ``chapter_kind``
    ('wco' for chapters in use, 'reserved' for 77, which the HS keeps empty, 'special'
    for 98-99: national use / not specified by kind, China customs' section 22),
    ``section_no`` (int), ``section_roman``, ``section_name_en``, ``section_name_zh``.

    Checks: chapters are two-digit text, each of 01-99 exactly once (so every chapter
    in use maps to exactly one section), each inside its section's chapter range, and the
    section numeral and names equal those of ``sections``.
    """
    path = Path(path)
    frame = _read_text_csv(path)
    v.require_columns(frame, CHAPTER_SOURCE_COLUMNS, path)
    frame = v.with_csv_rows(frame[CHAPTER_SOURCE_COLUMNS])
    all_chapters = [f"{c:02d}" for c in range(1, 100)]
    v.allowed(frame, "chapter", all_chapters, path)
    v.unique_key(frame, ["chapter"], path)
    _all_present(frame, "chapter", all_chapters, path)
    v.allowed(frame, "section_no", sections["section_no"].astype(str), path)
    frame["section_no"] = frame["section_no"].astype(int)
    reference = sections.set_index("section_no")
    first = frame["section_no"].map(reference["first_chapter"])
    last = frame["section_no"].map(reference["last_chapter"])
    outside = (frame["chapter"] < first) | (frame["chapter"] > last)
    if outside.any():
        index = outside.idxmax()
        _raise_at(
            frame,
            outside,
            path,
            "section_no",
            f"puts chapter {frame.at[index, 'chapter']} in section "
            f"{frame.at[index, 'section_no']}, whose chapters are {first[index]}-{last[index]}",
        )
    for column in ("section_roman", "section_name_en", "section_name_zh"):
        wrong = frame[column] != frame["section_no"].map(reference[column])
        if wrong.any():
            _raise_at(
                frame,
                wrong,
                path,
                column,
                "differs from the sections table for the same section_no",
            )
    _no_blank_or_mojibake(frame, "chapter_name_en", path)
    frame["chapter_kind"] = np.select(
        [frame["chapter"].isin(RESERVED_CHAPTERS), frame["chapter"].isin(SPECIAL_CHAPTERS)],
        ["reserved", "special"],
        default="wco",
    )
    frame = frame.rename(columns={"chapter": "hs_chapter"})
    return frame[CHAPTER_COLUMNS].sort_values("hs_chapter").reset_index(drop=True)


def _all_present(frame: pd.DataFrame, column: str, expected: Iterable, path: Path) -> None:
    missing = [x for x in expected if x not in set(frame[column])]
    if missing:
        raise InputDataError(
            path,
            f"{column} {missing[:5]} missing; the table must list every one of "
            f"{len(list(expected))}",
            column=column,
            row=f"key {missing[0]}",
        )


def _no_blank_or_mojibake(frame: pd.DataFrame, column: str, path: Path) -> None:
    blank = frame[column].str.strip() == ""
    if blank.any():
        _raise_at(frame, blank, path, column, "is blank; every row needs a name")
    broken = frame[column].str.contains("\ufffd", regex=False)
    if broken.any():
        _raise_at(frame, broken, path, column, "contains U+FFFD (text damaged by an encoding)")


def _raise_at(frame: pd.DataFrame, mask: pd.Series, path: Path, column: str, problem: str):
    index = mask.idxmax()
    value = frame.at[index, column]
    value = value.item() if isinstance(value, np.generic) else value  # 17, not np.int64(17)
    raise InputDataError(
        path,
        f"value {value!r} {problem}",
        column=column,
        row=int(frame.at[index, ROW]),
    )


def aggregate_to_sections(trade: pd.DataFrame, chapters: pd.DataFrame) -> pd.DataFrame:
    """The HS2 rows of :func:`read_comtrade_us_china` summed to the 22 HS sections.

    Returns one row per (reporter_iso3, partner_iso3, year, flow, section_no) with
    ``section_roman``, ``section_name_en``, ``section_name_zh``, ``value_usd`` (current USD),
    ``n_chapters`` (chapters with a record), ``reporter_side``, ``source``. Only sections
    with at least one chapter record appear. A chapter missing from ``chapters`` is an
    error (nothing is dropped), and the sections add up to the TOTAL row.
    """
    hs2 = trade[trade["level"] == "HS2"]
    joined = hs2.merge(
        chapters[
            ["hs_chapter", "section_no", "section_roman", "section_name_en", "section_name_zh"]
        ],  # fmt: skip
        left_on="product_code",
        right_on="hs_chapter",
        how="left",
    )
    if joined["section_no"].isna().any():
        bad = joined[joined["section_no"].isna()].iloc[0]
        raise InputDataError(
            bad["source_file"],
            f"HS chapter {bad.product_code} (year {bad.year}, flow {bad.flow}) is not in the "
            "chapter -> section concordance",
            column="product_code",
            row=f"key {bad.product_code}",
        )
    keys = ["reporter_iso3", "partner_iso3", "year", "flow", "section_no"]
    out = (
        joined.groupby(keys + ["section_roman", "section_name_en", "section_name_zh"])
        .agg(
            value_usd=("value_usd", "sum"),
            n_chapters=("product_code", "size"),
            reporter_side=("reporter_side", "first"),
            source=("source", "first"),
        )
        .reset_index()
    )
    out["section_no"] = out["section_no"].astype(int)
    totals = trade[trade["level"] == "TOTAL"].set_index(["year", "flow"])["value_usd"]
    sums = out.groupby(["year", "flow"])["value_usd"].sum()
    gap = (sums - totals.reindex(sums.index)).abs()
    if (gap > IDENTITY_TOLERANCE_USD).any():
        year, flow = gap.idxmax()
        raise InputDataError(
            trade.loc[trade["year"] == year, "source_file"].iloc[0],
            f"sections of year {year}, flow {flow} sum to {sums[(year, flow)]:,.0f} USD, "
            f"the TOTAL row is {totals[(year, flow)]:,.0f}",
            column="value_usd",
            row=f"key {year}/{flow}",
        )
    return out.sort_values(keys).reset_index(drop=True)


# --- OECD BTDIxE HS6 -> ISIC -> end-use key (.xlsx) --------------------------------------

OECD_SHEET = "FromHSToISICToEC"
OECD_HEADER = ("HS", "HS-6digit", "HS-4digit", "HS-2digit", "Label", "Desci3", "Desci4",
               "BEC", "EUC", "Note")  # fmt: skip
HS_VERSIONS = {0: "HS1988/92", 1: "HS1996", 2: "HS2002", 3: "HS2007", 4: "HS2012"}
# BTDIxE end-use categories: intermediate, household consumption, capital, and the mixed
# or special groups (precious stones, PCs, medicaments, cars, phones, miscellaneous)
END_USE_CATEGORIES = {"INT", "CONS", "CAP", "XMISC", "XPRCS", "XPC", "XMEDIC", "XCARS", "XPHONE"}
# 6-digit HS codes, and the OECD's artificial codes (sheet ReadMe): nnADJS balancing,
# nnCFnn confidential, nnEUnn EU special codes, 9999AA unallocated, ADJSPR all chapters
HS6_PATTERN = r"\d{6}|\d{2}(?:ADJS|CF\d{2}|EU\d{2})|9999AA|ADJSPR"
OECD_KEY_COLUMNS = [
    "hs_version",
    "hs_vintage",
    "comtrade_classification",
    "hs6",
    "hs4",
    "hs2",
    "hs6_is_special",
    "label",
    "btd_isic3_code",
    "btd_isic4_code",
    "bec",
    "end_use_category",
    "note",
]


def read_oecd_hs_isic_key(path: str | Path) -> pd.DataFrame:
    """OECD BTDIxE conversion key: HS 6-digit code -> ISIC (BTDIxE codes) -> end use.

    Reads sheet ``FromHSToISICToEC`` of ConversionKeyBTDIxE4PUB.xlsx (the sheets ReadMe
    and 'Ad hoc Memorandum items' are documentation). Returns one row per
    (hs_version, hs6):

    - ``hs_version`` (int 0-4), ``hs_vintage`` ('HS1988/92', 'HS1996', 'HS2002', 'HS2007',
      'HS2012'), ``comtrade_classification`` ('H0'-'H4', to join Comtrade data; there is
      no key for H5 = HS2017 or H6 = HS2022);
    - ``hs6`` (6-character text), ``hs4``, ``hs2``; ``hs6_is_special`` True for the OECD's
      artificial codes (nnADJS, nnCFnn, nnEUnn, 9999AA, ADJSPR), which are not HS codes;
    - ``label`` (stripped of the source's leading space; blank in the source for 9999AA
      in HS1996 and HS2002, kept as an empty string);
    - ``btd_isic3_code``, ``btd_isic4_code`` (BTDIxE industry codes, e.g. 'D26', 'D13T15',
      'D20 used', 'Unallocated'), ``bec`` (UN BEC code, text), ``end_use_category``
      (BTDIxE end use), ``note`` (empty unless the OECD noted a change).

    Checks: sheet and header; versions 0-4; codes are text of the stated patterns (a
    number in a code cell means lost leading zeros); hs4 and hs2 are hs6's prefixes;
    ISIC codes and end-use present, end use one of :data:`END_USE_CATEGORIES`; labels
    present for real HS codes; one row per version and code.
    """
    path = Path(path)
    rows = _xlsx_rows(path, OECD_SHEET)
    if not rows or tuple(rows[0][: len(OECD_HEADER)]) != OECD_HEADER:
        found = rows[0] if rows else ()
        raise InputDataError(
            path,
            f"expected the header {list(OECD_HEADER)} in row 1, found {list(found)}",
            sheet=OECD_SHEET,
            row=1,
        )
    body = [r[: len(OECD_HEADER)] for r in rows[1:]]
    if not body:
        raise InputDataError(path, "the sheet has no data rows", sheet=OECD_SHEET)
    frame = pd.DataFrame(body, columns=list(OECD_HEADER))
    frame[ROW] = np.arange(2, len(frame) + 2)  # spreadsheet rows below the header
    blank = frame[list(OECD_HEADER)].isna().all(axis=1)
    if blank.any():
        index = blank.idxmax()
        raise InputDataError(
            path, "blank row inside the table", sheet=OECD_SHEET, row=int(frame.at[index, ROW])
        )
    for column in ("HS-6digit", "HS-4digit", "HS-2digit", "Desci3", "Desci4", "EUC"):
        _text_cells(frame, column, path)
    for column in ("Label", "Note"):
        _text_cells(frame, column, path, allow_blank=True)
    versions = v.numeric(frame, "HS", path, sheet=OECD_SHEET, allow_missing=False)
    frame["HS"] = versions
    v.allowed(frame, "HS", HS_VERSIONS, path, sheet=OECD_SHEET)
    frame["HS"] = versions.astype(int)
    bec = frame["BEC"]
    bad_bec = ~bec.map(lambda x: isinstance(x, int) or (isinstance(x, str) and x.isdigit()))
    if bad_bec.any():
        _raise_at_sheet(frame, bad_bec, path, "BEC", "is not a BEC code (digits)")
    frame["BEC"] = bec.astype(str)
    bad = ~frame["HS-6digit"].str.fullmatch(HS6_PATTERN)
    if bad.any():
        _raise_at_sheet(frame, bad, path, "HS-6digit", f"does not match {HS6_PATTERN!r}")
    for column, width in (("HS-4digit", 4), ("HS-2digit", 2)):
        wrong = frame[column] != frame["HS-6digit"].str[:width]
        if wrong.any():
            _raise_at_sheet(frame, wrong, path, column, "is not the start of HS-6digit")
    v.allowed(frame, "EUC", END_USE_CATEGORIES, path, sheet=OECD_SHEET)
    special = ~frame["HS-6digit"].str.fullmatch(r"\d{6}")
    no_label = (frame["Label"].str.strip() == "") & ~special
    if no_label.any():
        _raise_at_sheet(frame, no_label, path, "Label", "is blank for an HS code")
    v.unique_key(frame, ["HS", "HS-6digit"], path, sheet=OECD_SHEET)
    out = pd.DataFrame(
        {
            "hs_version": frame["HS"],
            "hs_vintage": frame["HS"].map(HS_VERSIONS),
            "comtrade_classification": "H" + frame["HS"].astype(str),
            "hs6": frame["HS-6digit"],
            "hs4": frame["HS-4digit"],
            "hs2": frame["HS-2digit"],
            "hs6_is_special": special,
            "label": frame["Label"].str.strip(),
            "btd_isic3_code": frame["Desci3"],
            "btd_isic4_code": frame["Desci4"],
            "bec": frame["BEC"],
            "end_use_category": frame["EUC"],
            "note": frame["Note"],
        }
    )
    return out[OECD_KEY_COLUMNS].reset_index(drop=True)


def _xlsx_rows(path: Path, sheet: str) -> list[tuple]:
    if not path.is_file():
        raise FileNotFoundError(path)
    with warnings.catch_warnings():
        # the OECD file's print header/footer cannot be parsed; it holds no data
        warnings.filterwarnings("ignore", "Cannot parse header or footer", UserWarning)
        workbook = open_workbook(path)
        try:
            require_sheet(workbook.sheetnames, sheet, path)
            rows = list(workbook[sheet].iter_rows(values_only=True))
        except InputDataError:
            raise
        except Exception as error:  # a damaged sheet part fails only while rows are read
            raise InputDataError(
                path, f"not a readable .xlsx workbook ({type(error).__name__}: {error})"
            ) from error
        finally:
            workbook.close()
    while rows and all(cell is None for cell in rows[-1]):
        rows.pop()  # trailing empty rows of the used range
    return rows


def _text_cells(frame: pd.DataFrame, column: str, path: Path, allow_blank: bool = False):
    """Cells are text (codes keep leading zeros); blanks become '' where allowed."""
    values = frame[column]
    blank = values.isna() | (values.map(lambda x: isinstance(x, str) and not x.strip()))
    if blank.any() and not allow_blank:
        _raise_at_sheet(frame, blank, path, column, "is blank")
    not_text = values.notna() & ~values.map(lambda x: isinstance(x, str))
    if not_text.any():
        _raise_at_sheet(
            frame, not_text, path, column, "is a number, not text (leading zeros would be lost)"
        )
    frame[column] = values.fillna("")


def _raise_at_sheet(frame: pd.DataFrame, mask: pd.Series, path: Path, column: str, problem):
    index = mask.idxmax()
    raise InputDataError(
        path,
        f"value {frame.at[index, column]!r} {problem}",
        sheet=OECD_SHEET,
        column=column,
        row=int(frame.at[index, ROW]),
    )


# --- WIOD 56 industries -> ISIC Rev.4 -> BTDIxE codes (.csv) ---------------------------------

#: the 56 industries of the WIOD 2016 release
WIOD56 = (
    "A01 A02 A03 B C10-C12 C13-C15 C16 C17 C18 C19 C20 C21 C22 C23 C24 C25 C26 C27 C28 C29 "
    "C30 C31_C32 C33 D35 E36 E37-E39 F G45 G46 G47 H49 H50 H51 H52 H53 I J58 J59_J60 J61 "
    "J62_J63 K64 K65 K66 L68 M69_M70 M71 M72 M73 M74_M75 N O84 P85 Q R_S T U"
).split()
#: BTDIxE ISIC4 codes left without a WIOD industry on purpose (gvc_province/SOURCES.md)
UNMAPPED_BTD_ISIC4 = {"Adjustment", "D10T33", "Others", "Unallocated", "Wastes"}
WIOD_SOURCE_COLUMNS = [
    "wiod_code",
    "industry_name",
    "isic_rev4_divisions",
    "oecd_btdixe_isic4_codes",
    "hs_sections_indicative",
    "note",
]
WIOD_COLUMNS = [
    "wiod_code",
    "industry_name",
    "isic4_division_first",
    "isic4_division_last",
    "btd_isic4_code",
    "hs_sections_indicative",
    "note",
]
BTD_ISIC4_PATTERN = r"D\d{2}[0-9A-Z]*(?: used)?"


def read_wiod_isic_concordance(path: str | Path) -> pd.DataFrame:
    """WIOD 2016 industry -> ISIC Rev.4 divisions -> OECD BTDIxE ISIC4 codes.

    Returns one row per (wiod_code, btd_isic4_code): ``wiod_code`` (one of :data:`WIOD56`),
    ``industry_name``, ``isic4_division_first`` / ``isic4_division_last`` (two-digit text;
    equal for a single division), ``btd_isic4_code`` (a code of the OECD key's
    ``btd_isic4_code``; empty for the industries that produce no goods, e.g. services,
    one row each: blank by design), ``hs_sections_indicative`` and ``note`` (labels).

    Checks: every WIOD industry once; divisions like '05' or '05-09'; codes of the form
    Dnn...; every code in one industry only; the code's division (the two digits after
    'D') inside the industry's divisions.
    """
    path = Path(path)
    frame = _read_text_csv(path)
    v.require_columns(frame, WIOD_SOURCE_COLUMNS, path)
    frame = v.with_csv_rows(frame[WIOD_SOURCE_COLUMNS])
    v.allowed(frame, "wiod_code", WIOD56, path)
    v.unique_key(frame, ["wiod_code"], path)
    _all_present(frame, "wiod_code", WIOD56, path)
    divisions = frame["isic_rev4_divisions"].str.fullmatch(r"(\d{2})(?:-(\d{2}))?")
    if not divisions.all():
        _raise_at(
            frame,
            ~divisions,
            path,
            "isic_rev4_divisions",
            "is not an ISIC division or range like '05-09'",
        )
    parts = frame["isic_rev4_divisions"].str.extract(r"(\d{2})(?:-(\d{2}))?")
    frame["isic4_division_first"] = parts[0]
    frame["isic4_division_last"] = parts[1].fillna(parts[0])
    long = frame.assign(btd_isic4_code=frame["oecd_btdixe_isic4_codes"].str.split("|")).explode(
        "btd_isic4_code"
    )
    long["btd_isic4_code"] = long["btd_isic4_code"].str.strip()
    coded = long[long["btd_isic4_code"] != ""]
    bad = ~coded["btd_isic4_code"].str.fullmatch(BTD_ISIC4_PATTERN)
    if bad.any():
        index = bad.to_numpy().argmax()
        raise InputDataError(
            path,
            f"code {coded['btd_isic4_code'].iloc[index]!r} is not a BTDIxE ISIC4 code "
            f"({BTD_ISIC4_PATTERN!r})",
            column="oecd_btdixe_isic4_codes",
            row=int(coded[ROW].iloc[index]),
        )
    repeated = coded.duplicated("btd_isic4_code")
    if repeated.any():
        index = repeated.to_numpy().argmax()
        code = coded["btd_isic4_code"].iloc[index]
        first = coded[coded["btd_isic4_code"] == code].iloc[0]
        raise InputDataError(
            path,
            f"code {code!r} is in two industries ({first.wiod_code} at row {first[ROW]} and "
            f"{coded['wiod_code'].iloc[index]}); a BTDIxE code maps to one WIOD industry",
            column="oecd_btdixe_isic4_codes",
            row=int(coded[ROW].iloc[index]),
        )
    division = coded["btd_isic4_code"].str[1:3]
    outside = (division < coded["isic4_division_first"]) | (division > coded["isic4_division_last"])
    if outside.any():
        index = outside.to_numpy().argmax()
        bad_row = coded.iloc[index]
        raise InputDataError(
            path,
            f"code {bad_row.btd_isic4_code!r} (ISIC division {division.iloc[index]}) lies "
            f"outside the industry's divisions {bad_row.isic_rev4_divisions}",
            column="oecd_btdixe_isic4_codes",
            row=int(bad_row[ROW]),
        )
    long = long.assign(btd_isic4_code=long["btd_isic4_code"].replace("", np.nan))
    return long[WIOD_COLUMNS].reset_index(drop=True)


def map_hs6_to_wiod(
    hs_isic_key: pd.DataFrame, wiod: pd.DataFrame, wiod_file: str | Path
) -> pd.DataFrame:
    """HS6 -> WIOD industry, through the BTDIxE ISIC4 code (the chain HS -> ISIC -> WIOD).

    ``hs_isic_key`` is :func:`read_oecd_hs_isic_key`'s output, ``wiod`` is
    :func:`read_wiod_isic_concordance`'s, ``wiod_file`` its file (for messages). Returns one
    row per (hs_version, hs6): ``hs_version``, ``comtrade_classification``, ``hs6``,
    ``hs6_is_special``, ``btd_isic4_code``, ``wiod_code``. ``wiod_code`` is empty exactly
    for the codes left unmapped on purpose (:data:`UNMAPPED_BTD_ISIC4`); any other code
    of the key without a WIOD industry is an error.
    """
    mapped = wiod.dropna(subset=["btd_isic4_code"])[["btd_isic4_code", "wiod_code"]]
    out = hs_isic_key.merge(mapped, on="btd_isic4_code", how="left", validate="many_to_one")
    unmapped = out["wiod_code"].isna() & ~out["btd_isic4_code"].isin(UNMAPPED_BTD_ISIC4)
    if unmapped.any():
        code = out.loc[unmapped, "btd_isic4_code"].iloc[0]
        raise InputDataError(
            wiod_file,
            f"BTDIxE code {code!r} of the OECD key (e.g. HS6 "
            f"{out.loc[unmapped, 'hs6'].iloc[0]}) has no WIOD industry and is not in the "
            f"deliberately unmapped {sorted(UNMAPPED_BTD_ISIC4)}",
            column="oecd_btdixe_isic4_codes",
            row=f"key {code}",
        )
    columns = [
        "hs_version",
        "comtrade_classification",
        "hs6",
        "hs6_is_special",
        "btd_isic4_code",
        "wiod_code",
    ]
    return out[columns].reset_index(drop=True)
