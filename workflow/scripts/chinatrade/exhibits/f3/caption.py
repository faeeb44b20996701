"""F3's caption and source-note fields, from its tables (chinatrade/captions.py): the years
with a split by regime (in full or part of a year), and the periods of the GACC bulletins'
table by regime. Both are words in the reader's language (``2004-2005, 2012`` /
``2004-2005年、2012年``; ``Jan-Oct 2023`` / ``2023年1-10月``)."""

from __future__ import annotations

import pandas as pd

from chinatrade.i18n import by_language, join_and, join_items, tr
from chinatrade.regimes import MONTHS
from chinatrade.years import years_in_words

# the tables of the GACC bulletins' table (5) by customs regime (the year-end bulletin and the
# monthly ones); the rest of F3's points are press figures or the user's series
BULLETIN_TABLES = ("trade_by_regime_annual", "trade_by_regime_gacc")


def values(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, object]:
    """``split_years``: the years with bars (a split by regime in either panel), those in full
    and the parts of a year (hatched); ``bulletin_periods``: the periods taken from the
    bulletins' table by regime, reported or derived from the next year's year-on-year change."""
    main = tables["main"].dropna(subset=["net_exports_usd_100m"])
    partial = main["is_partial_year"].astype(bool)
    split = main["component"] != "total"
    parts = []
    full_years = years_in_words(main.loc[split & ~partial, "year"])
    if full_years:
        parts.append(tr("{years} in full", years=full_years))
    periods = _periods(main[split & partial])
    if periods:
        parts.append(tr("{periods} hatched, part of a year", periods=join_and(periods)))
    bulletin = main[main["source_table"].isin(BULLETIN_TABLES)]
    derived = bulletin["method"].astype(str).str.startswith("derived")
    full = ~bulletin["is_partial_year"].astype(bool)
    sources = [years_in_words(bulletin.loc[full & ~derived, "year"])]
    sources += [
        tr("{year} derived from {next_year}'s year-on-year change", year=year, next_year=year + 1)
        for year in sorted(set(bulletin.loc[full & derived, "year"].astype(int)))
    ]
    sources += _periods(bulletin[~full])
    return {
        "split_years": join_items(parts, "{listing}; {item}"),
        "bulletin_periods": join_items([s for s in sources if s], "{listing}; {item}")
        or tr("none"),
    }


def _periods(rows: pd.DataFrame) -> list[str]:
    """The parts of a year of ``rows`` ('Jan-Oct 2023'), in order."""
    pairs = sorted(
        {
            (int(year), str(period))
            for year, period in zip(rows["year"], rows["period"], strict=True)
        }
    )
    return [_period(year, period) for year, period in pairs]


def _period(year: int, period: str) -> str:
    """'Jan-Oct 2023' / '2023年1-10月': a period '1-10' of ``year`` (as F3's plot names it)."""
    first, _, last = period.partition("-")
    try:
        names = MONTHS[int(first) - 1] + (f"-{MONTHS[int(last) - 1]}" if last else "")
        numbers = f"{int(first)}" + (f"-{int(last)}" if last else "")
    except (ValueError, IndexError):
        names = numbers = period
    return tr("{months} {year}", months=by_language({"en": names, "zh": numbers}), year=year)
