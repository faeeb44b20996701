"""The direct-investment asymmetry and the US bilateral goods balance, partner by partner.

The study argues that the US-China direct-investment relation is asymmetric (US firms serve
China through affiliates there, Chinese firms serve the US by exporting), which depresses
measured US exports to China. Across partners the claim becomes: where the US position in
the partner is large relative to the partner's position in the US, the US goods balance with
that partner is more negative. These tables let the regression runner test that.

Sources (canonical tables, data/README.md):

* ``fdi_positions``: BEA year-end direct-investment positions, historical cost, by immediate
  partner: US direct investment abroad (``us_direct_investment_abroad``, investor USA,
  1982-2014, 2015 vintage) and foreign direct investment in the US (``fdi_in_us``, host USA,
  2008-2019, 2020 vintage). The files are different vintages and are not spliced; both
  directions exist in 2008-2014 only.
* ``census_us_trade_partners_annual``: US goods trade by partner (Census, US-reported), exports
  F.A.S. and general imports at customs value, complete years only.
* ``gdp_wdi``: World Bank WDI GDP in current USD.

Only economies enter (BEA and Census ``economy`` rows; no regions, "other" lines, residuals or
dissolved states). Only a position BEA reports (``value_flag`` reported) and that is positive
enters a ratio or a log; suppressed, below-half-million, not-shown and negative positions
(intercompany debt can make them negative) stay in the table, with NaN where they cannot be
used and a flag saying why. A missing Census row or WDI value is a NaN with a flag too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from chinatrade import validate
from chinatrade.errors import InputDataError

USDIA = "us_direct_investment_abroad"
FDIUS = "fdi_in_us"
REPORTED = "reported"
# flags added here (BEA's own flags are kept as they are)
NOT_COVERED = "not_covered"  # the year is outside the file's years
NO_ROW = "no_row"  # the file's years cover it, but the file has no line for the partner
OK = "ok"

POSITIONS_FILE = "data/processed/fdi_positions.parquet"
CENSUS_FILE = "data/processed/census_us_trade_partners_annual.parquet"
GDP_FILE = "data/processed/gdp_wdi.parquet"

POSITION_COLUMNS = [
    "measure",
    "investor_iso3",
    "host_iso3",
    "investor_kind",
    "host_kind",
    "year",
    "position_usd_millions",
    "value_flag",
    "source_label",
]
CENSUS_COLUMNS = [
    "year",
    "partner_iso3",
    "partner_kind",
    "exports_fas_usd_millions",
    "imports_general_customs_usd_millions",
    "complete_year",
]
GDP_COLUMNS = ["iso3", "area_kind", "year", "gdp_usd"]

PANEL_COLUMNS = [
    "partner_iso3",
    "partner_name",
    "year",
    "us_position_in_partner_usd_millions",
    "us_position_flag",
    "partner_position_in_us_usd_millions",
    "partner_position_flag",
    "log_position_ratio",
    "log_ratio_flag",
    "us_exports_usd_millions",
    "us_imports_usd_millions",
    "us_balance_usd_millions",
    "bilateral_trade_usd_millions",
    "balance_share_of_bilateral_trade",
    "census_flag",
    "partner_gdp_usd_millions",
    "gdp_flag",
    "balance_share_of_partner_gdp_pct",
]
SINGLE_COLUMNS = [
    "partner_iso3",
    "partner_name",
    "year",
    "us_position_in_partner_usd_millions",
    "us_position_flag",
    "us_position_share_of_partner_gdp_pct",
    "log_us_position_share_of_partner_gdp",
    "log_flag",
    "us_exports_usd_millions",
    "us_imports_usd_millions",
    "us_balance_usd_millions",
    "bilateral_trade_usd_millions",
    "balance_share_of_bilateral_trade",
    "census_flag",
    "partner_gdp_usd_millions",
    "gdp_flag",
    "balance_share_of_partner_gdp_pct",
]


# --- inputs -----------------------------------------------------------------------------------


def _bea_side(positions: pd.DataFrame, measure: str) -> tuple[pd.DataFrame, tuple[int, int]]:
    """One BEA file's positions between the US and each economy: partner, year, value, flag.

    Returns the rows and the file's first and last year.
    """
    validate.require_columns(positions, POSITION_COLUMNS, POSITIONS_FILE)
    rows = positions[positions["measure"] == measure]
    if rows.empty:
        raise InputDataError(POSITIONS_FILE, f"no rows of measure {measure!r}", column="measure")
    years = (int(rows["year"].min()), int(rows["year"].max()))
    if measure == USDIA:
        rows = rows[(rows["investor_iso3"] == "USA") & (rows["host_kind"] == "economy")]
        partner = "host_iso3"
    else:
        rows = rows[(rows["host_iso3"] == "USA") & (rows["investor_kind"] == "economy")]
        partner = "investor_iso3"
    out = pd.DataFrame(
        {
            "partner_iso3": rows[partner].astype(str).to_numpy(),
            "year": rows["year"].astype(int).to_numpy(),
            "position_usd_millions": rows["position_usd_millions"].astype(float).to_numpy(),
            "value_flag": rows["value_flag"].astype(str).to_numpy(),
            "partner_name": rows["source_label"].astype(str).to_numpy(),
        }
    )
    validate.unique_key(out, ["partner_iso3", "year"], POSITIONS_FILE)
    reported = out["value_flag"] == REPORTED
    if out.loc[reported, "position_usd_millions"].isna().any():
        index = out.index[reported & out["position_usd_millions"].isna()][0]
        raise InputDataError(
            POSITIONS_FILE,
            f"{measure} {out.at[index, 'partner_iso3']} {out.at[index, 'year']}: flagged "
            "reported but the position is missing",
            column="position_usd_millions",
        )
    return out, years


def _census(census_annual: pd.DataFrame) -> pd.DataFrame:
    """US goods trade by economy and year: exports, imports, complete_year."""
    validate.require_columns(census_annual, CENSUS_COLUMNS, CENSUS_FILE)
    rows = census_annual[census_annual["partner_kind"] == "economy"]
    rows = rows[rows["partner_iso3"].notna() & (rows["partner_iso3"].astype(str) != "")]
    out = pd.DataFrame(
        {
            "partner_iso3": rows["partner_iso3"].astype(str).to_numpy(),
            "year": rows["year"].astype(int).to_numpy(),
            "us_exports_usd_millions": rows["exports_fas_usd_millions"].astype(float).to_numpy(),
            "us_imports_usd_millions": rows["imports_general_customs_usd_millions"]
            .astype(float)
            .to_numpy(),
            "complete_year": rows["complete_year"].astype(bool).to_numpy(),
        }
    )
    validate.unique_key(out, ["partner_iso3", "year"], CENSUS_FILE)
    for column in ("us_exports_usd_millions", "us_imports_usd_millions"):
        validate.non_negative(out, column, CENSUS_FILE)
    return out


def _gdp(gdp: pd.DataFrame) -> pd.DataFrame:
    """WDI GDP of each economy in USD millions."""
    validate.require_columns(gdp, GDP_COLUMNS, GDP_FILE)
    rows = gdp[(gdp["area_kind"] == "economy") & gdp["iso3"].notna()]
    out = pd.DataFrame(
        {
            "partner_iso3": rows["iso3"].astype(str).to_numpy(),
            "year": rows["year"].astype(int).to_numpy(),
            "partner_gdp_usd_millions": rows["gdp_usd"].astype(float).to_numpy() / 1e6,
        }
    )
    out = out[out["partner_iso3"] != ""]
    validate.unique_key(out, ["partner_iso3", "year"], GDP_FILE)
    return out


def _position_flag(frame: pd.DataFrame, years: tuple[int, int]) -> pd.Series:
    """BEA's flag; ``not_covered`` outside the file's years; ``no_row`` where it lacks a line."""
    inside = frame["year"].between(*years)
    flag = frame["value_flag"].astype(object)
    flag = flag.where(flag.notna(), np.where(inside, NO_ROW, NOT_COVERED))
    return flag.astype(str)


def _usable(value: pd.Series, flag: pd.Series) -> pd.Series:
    return (flag == REPORTED) & (value > 0)


def _why_not(name: str, value: pd.Series, flag: pd.Series) -> pd.Series:
    """Empty where usable in a log; else ``<name>_<flag>`` or ``<name>_not_positive``."""
    reason = pd.Series("", index=value.index, dtype=object)
    reason[flag != REPORTED] = name + "_" + flag[flag != REPORTED]
    reason[(flag == REPORTED) & ~(value > 0)] = name + "_not_positive"
    return reason


def _join_reasons(*reasons: pd.Series) -> pd.Series:
    joined = reasons[0]
    for more in reasons[1:]:
        joined = joined.str.cat(more, sep="; ").str.strip("; ")
    return joined.where(joined != "", OK)


def _add_trade_and_gdp(
    frame: pd.DataFrame, census: pd.DataFrame, gdp: pd.DataFrame
) -> pd.DataFrame:
    """Census exports, imports, balance and its shares; WDI GDP; with their flags."""
    out = frame.merge(census, on=["partner_iso3", "year"], how="left", validate="many_to_one")
    in_census = out["complete_year"].notna()
    complete = out["complete_year"].eq(True)
    out["census_flag"] = np.where(complete, REPORTED, np.where(in_census, "incomplete_year", ""))
    census_years = (int(census["year"].min()), int(census["year"].max()))
    outside = ~out["year"].between(*census_years)
    out.loc[~in_census, "census_flag"] = np.where(outside[~in_census], NOT_COVERED, NO_ROW)
    for column in ("us_exports_usd_millions", "us_imports_usd_millions"):
        out[column] = out[column].where(complete)
    exports, imports = out["us_exports_usd_millions"], out["us_imports_usd_millions"]
    out["us_balance_usd_millions"] = exports - imports
    out["bilateral_trade_usd_millions"] = exports + imports
    trade = out["bilateral_trade_usd_millions"]
    out["balance_share_of_bilateral_trade"] = (out["us_balance_usd_millions"] / trade).where(
        trade > 0
    )
    out = out.merge(gdp, on=["partner_iso3", "year"], how="left", validate="many_to_one")
    has_gdp = out["partner_gdp_usd_millions"] > 0
    out["partner_gdp_usd_millions"] = out["partner_gdp_usd_millions"].where(has_gdp)
    out["gdp_flag"] = np.where(has_gdp, REPORTED, "not_in_wdi")
    out["balance_share_of_partner_gdp_pct"] = (
        100 * out["us_balance_usd_millions"] / out["partner_gdp_usd_millions"]
    )
    return out


def with_trade_and_gdp(
    frame: pd.DataFrame, census_annual: pd.DataFrame, gdp: pd.DataFrame
) -> pd.DataFrame:
    """``frame`` (``partner_iso3``, ``year``) with the US goods trade with each economy
    (canonical ``census_us_trade_partners_annual``), its balance and shares, and the
    partner's WDI GDP (canonical ``gdp_wdi``), each with its flag: the join every panel of
    partner economies shares."""
    return _add_trade_and_gdp(frame, _census(census_annual), _gdp(gdp))


# --- panels -----------------------------------------------------------------------------------


def fdi_asymmetry_panel(
    positions: pd.DataFrame,
    census_annual: pd.DataFrame,
    gdp: pd.DataFrame,
    years: Iterable[int] | None = None,
) -> pd.DataFrame:
    """Partner-year panel of the two BEA positions, their log ratio and the US goods balance.

    Partners: every economy that has lines in both BEA files (US direct investment abroad,
    host = partner; foreign direct investment in the US, investor = partner). Years: ``years``
    (default: the years both files cover, 2008-2014); a year outside a file's years is flagged
    ``not_covered``. Key (``partner_iso3``, ``year``). Columns:

    * ``partner_name``: BEA's label (USDIA file);
    * ``us_position_in_partner_usd_millions``, ``partner_position_in_us_usd_millions``: BEA
      year-end positions, historical cost, USD millions (NaN where BEA prints a symbol), with
      ``us_position_flag`` / ``partner_position_flag`` (BEA's flag, ``not_covered``, ``no_row``);
    * ``log_position_ratio``: ln(US position in partner / partner's position in the US), only
      where both are reported and positive; ``log_ratio_flag`` ``ok`` or why not (e.g.
      ``partner_position_suppressed; us_position_not_positive``);
    * ``us_exports_usd_millions``, ``us_imports_usd_millions`` (Census, F.A.S. and general
      imports at customs value), ``us_balance_usd_millions`` (exports - imports; negative = US
      deficit), ``bilateral_trade_usd_millions`` (exports + imports),
      ``balance_share_of_bilateral_trade`` (balance / trade, a fraction in [-1, 1]),
      ``census_flag`` (``reported``, ``incomplete_year``, ``no_row``, ``not_covered``);
    * ``partner_gdp_usd_millions`` (WDI GDP, current USD / 1e6), ``gdp_flag`` (``reported`` or
      ``not_in_wdi``, e.g. Taiwan), ``balance_share_of_partner_gdp_pct`` (100 x balance / GDP).
    """
    usdia, usdia_years = _bea_side(positions, USDIA)
    fdius, fdius_years = _bea_side(positions, FDIUS)
    if years is None:
        first, last = max(usdia_years[0], fdius_years[0]), min(usdia_years[1], fdius_years[1])
        if first > last:
            raise InputDataError(POSITIONS_FILE, "the two BEA files share no year", column="year")
        years = range(first, last + 1)
    years = sorted({int(y) for y in years})
    if not years:
        raise ValueError("years: at least one year is needed")
    partners = sorted(set(usdia["partner_iso3"]) & set(fdius["partner_iso3"]))
    grid = pd.MultiIndex.from_product([partners, years], names=["partner_iso3", "year"])
    frame = grid.to_frame(index=False)
    names = usdia.drop_duplicates("partner_iso3", keep="last").set_index("partner_iso3")
    frame["partner_name"] = frame["partner_iso3"].map(names["partner_name"])
    for side, table, file_years in (("us", usdia, usdia_years), ("partner", fdius, fdius_years)):
        merged = frame[["partner_iso3", "year"]].merge(
            table.drop(columns="partner_name"), on=["partner_iso3", "year"], how="left"
        )
        column = f"{side}_position_{'in_partner' if side == 'us' else 'in_us'}_usd_millions"
        frame[column] = merged["position_usd_millions"].to_numpy()
        frame[f"{side}_position_flag"] = _position_flag(merged, file_years).to_numpy()
    us = frame["us_position_in_partner_usd_millions"]
    them = frame["partner_position_in_us_usd_millions"]
    us_ok = _usable(us, frame["us_position_flag"])
    them_ok = _usable(them, frame["partner_position_flag"])
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.log(us / them)
    frame["log_position_ratio"] = ratio.where(us_ok & them_ok)
    frame["log_ratio_flag"] = _join_reasons(
        _why_not("us_position", us, frame["us_position_flag"]),
        _why_not("partner_position", them, frame["partner_position_flag"]),
    )
    out = with_trade_and_gdp(frame, census_annual, gdp)
    return out[PANEL_COLUMNS].sort_values(["partner_iso3", "year"]).reset_index(drop=True)


def single_direction_panel(
    positions: pd.DataFrame, census_annual: pd.DataFrame, gdp: pd.DataFrame
) -> pd.DataFrame:
    """The longer robustness series: US position in each economy, 1982-2014, over its GDP.

    One row per economy with a line in BEA's US-direct-investment-abroad file and year of that
    file (1982-2014). The US goods balance (Census) starts in 1985: earlier years are flagged
    ``not_covered``. Columns as in :func:`fdi_asymmetry_panel` for the partner, position, trade
    and GDP, plus ``us_position_share_of_partner_gdp_pct`` (100 x position / partner GDP) and
    ``log_us_position_share_of_partner_gdp`` (ln of position / GDP, only where the position is
    reported and positive and GDP known; ``log_flag`` ``ok`` or why not). Dissolved states
    (USSR, Yugoslavia, Czechoslovakia, Netherlands Antilles) are not economies here and are left
    out, so their successors start when BEA first shows them.
    """
    usdia, usdia_years = _bea_side(positions, USDIA)
    years = range(usdia_years[0], usdia_years[1] + 1)
    partners = sorted(set(usdia["partner_iso3"]))
    grid = pd.MultiIndex.from_product([partners, years], names=["partner_iso3", "year"])
    frame = grid.to_frame(index=False)
    names = usdia.drop_duplicates("partner_iso3", keep="last").set_index("partner_iso3")
    frame["partner_name"] = frame["partner_iso3"].map(names["partner_name"])
    merged = frame[["partner_iso3", "year"]].merge(
        usdia.drop(columns="partner_name"), on=["partner_iso3", "year"], how="left"
    )
    frame["us_position_in_partner_usd_millions"] = merged["position_usd_millions"].to_numpy()
    frame["us_position_flag"] = _position_flag(merged, usdia_years).to_numpy()
    out = with_trade_and_gdp(frame, census_annual, gdp)
    position = out["us_position_in_partner_usd_millions"]
    share = position / out["partner_gdp_usd_millions"]
    out["us_position_share_of_partner_gdp_pct"] = 100 * share
    usable = _usable(position, out["us_position_flag"]) & out["partner_gdp_usd_millions"].notna()
    with np.errstate(divide="ignore", invalid="ignore"):
        out["log_us_position_share_of_partner_gdp"] = np.log(share).where(usable)
    gdp_reason = pd.Series(
        np.where(out["gdp_flag"] == REPORTED, "", "gdp_not_in_wdi"), index=out.index
    )
    out["log_flag"] = _join_reasons(
        _why_not("us_position", position, out["us_position_flag"]), gdp_reason
    )
    return out[SINGLE_COLUMNS].sort_values(["partner_iso3", "year"]).reset_index(drop=True)


def describe_asymmetry(
    panel: pd.DataFrame, partners: Sequence[str] = ("CHN", "JPN")
) -> pd.DataFrame:
    """The position ratio of chosen partners over time beside their US goods balance.

    ``panel`` is the output of :func:`fdi_asymmetry_panel`. One row per partner and year:
    ``partner_iso3``, ``partner_name``, ``year``, both positions (USD millions) and their flags,
    ``position_ratio`` (US position in partner / partner's position in the US, a plain ratio;
    NaN unless both are reported and positive), ``log_position_ratio``,
    ``us_balance_usd_millions``, ``bilateral_trade_usd_millions``,
    ``balance_share_of_bilateral_trade`` (fraction) and ``balance_share_of_partner_gdp_pct``.
    A partner not in the panel is a ValueError naming it.
    """
    missing = [p for p in partners if p not in set(panel["partner_iso3"])]
    if missing:
        raise ValueError(f"partners: {missing} not in the panel (no BEA positions both ways?)")
    rows = panel[panel["partner_iso3"].isin(list(partners))].copy()
    rows["position_ratio"] = np.exp(rows["log_position_ratio"])
    order = {p: i for i, p in enumerate(partners)}
    rows = rows.sort_values(
        ["partner_iso3", "year"], key=lambda s: s.map(order) if s.name == "partner_iso3" else s
    )
    columns = [
        "partner_iso3",
        "partner_name",
        "year",
        "us_position_in_partner_usd_millions",
        "us_position_flag",
        "partner_position_in_us_usd_millions",
        "partner_position_flag",
        "position_ratio",
        "log_position_ratio",
        "us_balance_usd_millions",
        "bilateral_trade_usd_millions",
        "balance_share_of_bilateral_trade",
        "balance_share_of_partner_gdp_pct",
    ]
    return rows[columns].reset_index(drop=True)
