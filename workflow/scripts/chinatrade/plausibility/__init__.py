"""Plausibility checks: values that parse but are wrong never reach the report silently.

Each check compares values of the canonical tables with a second opinion that the data allow
(another source of the same flow, the year before, the date the raw file was released, the
other definition's table) within a tolerance of config ``plausibility``, and returns one row
per comparison (:data:`chinatrade.plausibility.core.COLUMNS`) with its status:

* ``pass``: within the pass bound;
* ``warn``: between the pass and the fail bound (the two sources differ within the band their
  definitions explain), or no second value exists to decide; the log and the report's data
  appendix name every warning with both values and the tolerance;
* ``fail``: beyond the fail bound. :func:`raise_on_failure` then stops the job with an
  :class:`~chinatrade.errors.InputDataError` naming the raw file, the column, the row and both
  values, so the table is not written and the report is not made.

The checks, their ids and what they compare are listed in :data:`CHECKS` (and in the data
dictionary, data/README.md, "Plausibility checks"). Every function is pure: canonical tables
in (by name), rows out; rule ``plausibility_checks`` (workflow/rules/checks.smk) reads and
writes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from chinatrade.errors import InputDataError
from chinatrade.plausibility import flows, macro, provinces, release, series
from chinatrade.plausibility.core import COLUMNS, FAIL, PASS, WARN, RawFiles, frame

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
        tuple(release.TABLES),
        release.release_dates,
    ),
    Check(
        "fx_year_on_year",
        "Year-on-year changes of the H.10 exchange rates",
        (macro.FX,),
        series.fx_year_on_year,
    ),
    Check(
        "gdp_year_on_year",
        "Year-on-year changes of GDP (WDI, WEO)",
        (macro.GDP_WDI, macro.WEO),
        series.gdp_year_on_year,
    ),
    Check(
        "trade_year_on_year",
        "Year-on-year changes of national trade totals (IMF DOTS, WDI) and of US-China trade "
        "(US Census)",
        (flows.DOTS, flows.WDI_TRADE, flows.CENSUS),
        series.trade_year_on_year,
    ),
    Check(
        "fx_customs_implied",
        "The H.10 exchange rate against the rate implied by China Customs' CNY and USD totals",
        (macro.FX, flows.TRANSCRIBED_TOTALS, flows.PRESS, flows.REGIME_ANNUAL),
        macro.fx_customs_implied,
    ),
    Check(
        "gdp_wdi_weo",
        "GDP: World Bank WDI against IMF WEO",
        (macro.GDP_WDI, macro.WEO),
        macro.gdp_wdi_weo,
    ),
    Check(
        "us_china_us_reported",
        "US-China trade as the US reports it: US Census against IMF DOTS and UN Comtrade",
        (flows.CENSUS, flows.DOTS, flows.COMTRADE_US),
        flows.us_china_us_reported,
    ),
    Check(
        "us_china_china_reported",
        "China-US trade as China reports it: China Customs' pages and UN Comtrade against IMF DOTS",
        (flows.TRANSCRIBED_BILATERAL, flows.COMTRADE_CHN, flows.DOTS, flows.CENSUS),
        flows.us_china_china_reported,
    ),
    Check(
        "us_china_mirror",
        "China-US trade as each side reports it (mirror): China's exports against the US's "
        "imports, and the other way round",
        (flows.DOTS, flows.COMTRADE_CHN, flows.TRANSCRIBED_BILATERAL, flows.CENSUS),
        flows.us_china_mirror,
    ),
    Check(
        "china_totals",
        "China's national totals: China Customs' pages, press releases and bulletins against "
        "IMF DOTS and WDI",
        (
            flows.TRANSCRIBED_TOTALS,
            flows.PRESS,
            flows.REGIME_ANNUAL,
            flows.REGIME_BULLETINS,
            flows.DOTS,
            flows.WDI_TRADE,
            flows.FX,
        ),
        flows.china_totals,
    ),
    Check(
        "nbs_national_total",
        "NBS provinces: their sum against China's total trade (WDI, IMF DOTS)",
        (provinces.NBS, flows.WDI_TRADE, flows.DOTS),
        provinces.nbs_national_total,
    ),
    Check(
        "nbs_province_definitions",
        "NBS provinces: each province's value against the other definition's table",
        (provinces.NBS,),
        provinces.nbs_province_definitions,
    ),
)
CHECK_BY_ID = {check.id: check for check in CHECKS}


def tables_read() -> list[str]:
    """Every canonical table some check reads, in a stable order."""
    return sorted({table for check in CHECKS for table in check.tables})


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
