"""The checks in their order, running them, and stopping on a failure (see the package's
docstring)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from chinatrade.errors import InputDataError
from chinatrade.plausibility import flows, macro, provinces, release, series
from chinatrade.plausibility.core import COLUMNS, FAIL, PASS, WARN, RawFiles, frame
from chinatrade.plausibility.tables import CHECK_TABLES

__all__ = ["CHECKS", "COLUMNS", "Check", "RawFiles", "raise_on_failure", "run_checks"]


@dataclass(frozen=True)
class Check:
    id: str
    description: str
    tables: tuple[str, ...]
    function: Callable


# The order is the order of the report's count and of the error: a check of one source's own
# values (its release, its year-on-year changes) comes before the comparisons whose second value
# depends on it, so that a wrong H.10 rate is named in the H.10 file, not in the CNY totals it
# converts.
CHECKS = (
    Check(
        "release_dates",
        "Years after the release of the raw file that holds them",
        CHECK_TABLES["release_dates"],
        release.release_dates,
    ),
    Check(
        "fx_year_on_year",
        "Year-on-year changes of the H.10 exchange rates",
        CHECK_TABLES["fx_year_on_year"],
        series.fx_year_on_year,
    ),
    Check(
        "gdp_year_on_year",
        "Year-on-year changes of GDP (WDI, WEO)",
        CHECK_TABLES["gdp_year_on_year"],
        series.gdp_year_on_year,
    ),
    Check(
        "trade_year_on_year",
        "Year-on-year changes of national trade totals (IMF DOTS, WDI) and of US-China trade "
        "(US Census)",
        CHECK_TABLES["trade_year_on_year"],
        series.trade_year_on_year,
    ),
    Check(
        "fx_customs_implied",
        "The H.10 exchange rate against the rate implied by China Customs' CNY and USD totals",
        CHECK_TABLES["fx_customs_implied"],
        macro.fx_customs_implied,
    ),
    Check(
        "gdp_wdi_weo",
        "GDP: World Bank WDI against IMF WEO",
        CHECK_TABLES["gdp_wdi_weo"],
        macro.gdp_wdi_weo,
    ),
    Check(
        "us_china_us_reported",
        "US-China trade as the US reports it: US Census against IMF DOTS and UN Comtrade",
        CHECK_TABLES["us_china_us_reported"],
        flows.us_china_us_reported,
    ),
    Check(
        "us_china_china_reported",
        "China-US trade as China reports it: China Customs' pages and UN Comtrade against IMF DOTS",
        CHECK_TABLES["us_china_china_reported"],
        flows.us_china_china_reported,
    ),
    Check(
        "us_china_mirror",
        "China-US trade as each side reports it (mirror): China's exports against the US's "
        "imports, and the other way round",
        CHECK_TABLES["us_china_mirror"],
        flows.us_china_mirror,
    ),
    Check(
        "china_totals",
        "China's national totals: China Customs' pages, press releases and bulletins against "
        "IMF DOTS and WDI",
        CHECK_TABLES["china_totals"],
        flows.china_totals,
    ),
    Check(
        "nbs_national_total",
        "NBS provinces: their sum against China's total trade (WDI, IMF DOTS)",
        CHECK_TABLES["nbs_national_total"],
        provinces.nbs_national_total,
    ),
    Check(
        "nbs_province_definitions",
        "NBS provinces: each province's value against the other definition's table",
        CHECK_TABLES["nbs_province_definitions"],
        provinces.nbs_province_definitions,
    ),
)
CHECK_BY_ID = {check.id: check for check in CHECKS}


def run_checks(
    tables: dict[str, pd.DataFrame],
    settings: dict,
    files: RawFiles,
    checks=CHECKS,
    log: logging.Logger | None = None,
) -> pd.DataFrame:
    """Every check's rows, in the order of ``checks`` (``settings``: config
    ``plausibility`` with ``release_table`` from :func:`release.release_table`)."""
    log = log or logging.getLogger("chinatrade")
    parts = []
    for check in checks:
        result = frame(check.function(tables, settings, files))
        result = result.assign(check_id=check.id, check=check.description)
        counts = result["status"].value_counts()
        log.info(
            "check %s: %d comparisons, %d passed, %d warned, %d failed",
            check.id,
            len(result),
            counts.get(PASS, 0),
            counts.get(WARN, 0),
            counts.get(FAIL, 0),
        )
        for _, row in result[result["status"] == WARN].iterrows():
            log.warning("check %s warns: %s", check.id, describe(row))
        for _, row in result[result["status"] == FAIL].iterrows():
            log.error("check %s fails: %s", check.id, describe(row))
        parts.append(result)
    return pd.concat(parts, ignore_index=True) if parts else frame([])


def _number(value: float, unit: str = "") -> str:
    if pd.isna(value):
        return "n/a"
    if unit == "year":
        return str(int(value))
    return f"{value:,.4f}" if abs(value) < 100 else f"{value:,.1f}"


def describe(row: pd.Series) -> str:
    """One comparison in a line (English; logs and errors)."""
    second = (
        f"against {_number(row['value_b'], row['unit'])} ({row['source_b']})"
        if pd.notna(row["value_b"])
        else "with no second value"
    )
    difference = (
        f", difference {row['difference']:+,.2f} {row['difference_unit']}"
        if pd.notna(row["difference"])
        else ""
    )
    note = f". {row['note']}" if row["note"] else ""
    return (
        f"{row['key']}: {_number(row['value_a'], row['unit'])} {row['unit']} ({row['source_a']}) "
        f"{second}"
        f"{difference}; tolerance: {row['tolerance']}{note}"
    )


def raise_on_failure(results: pd.DataFrame) -> None:
    """Stop with an :class:`InputDataError` when a check failed: it names the raw file, the
    column and the row of the worst failure of the first check that failed, both values and
    the tolerance, and how many other comparisons failed (all are in the log)."""
    failed = results[results["status"] == FAIL]
    if failed.empty:
        return
    first_check = failed["check_id"].iloc[0]
    candidates = failed[failed["check_id"] == first_check]
    rank = candidates["severity"].where(
        candidates["severity"] > 0, candidates["difference"].abs().fillna(float("inf"))
    )
    worst = candidates.loc[rank.idxmax()]
    others = len(failed) - 1
    more = f" ({others} other comparison(s) failed too; see the log)" if others else ""
    raise InputDataError(
        worst["raw_file"] or "(unknown raw file)",
        f"plausibility check '{worst['check_id']}' failed "
        f"({worst['check']}): {describe(worst)}{more}",
        column=worst["raw_column"] or None,
        row=worst["raw_row"] or None,
    )
