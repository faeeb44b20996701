"""F7's text fields, from its tables (chinatrade/captions.py): the years each source of the
US deficit with Asia covers, and the named economies without data in some years."""

from __future__ import annotations

import pandas as pd

from chinatrade.i18n import join_items, tr
from chinatrade.years import years_in_words

BALANCE = "us_balance_with_asia_usd_millions"


def values(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, object]:
    """``dots_first``/``dots_last`` and ``census_first``/``census_last``: the years in which the
    series of Asia from that source (spec ``asia_series.<name>.kind``: ``dots_...``,
    ``census_...``) have a US balance with Asia (table ``main``); a source without one
    has no fields."""
    main = tables["main"]
    covered = main[main[BALANCE].notna()]
    out: dict[str, object] = {}
    for source in SOURCES:
        years = covered.loc[covered["asia_series"].isin(_series(spec, source)), "year"]
        if not years.empty:
            out[f"{source}_first"], out[f"{source}_last"] = int(years.min()), int(years.max())
    out["without_data"] = _without_data(main, spec)
    return out


# the sources of the series of Asia (the start of spec asia_series.<name>.kind), as named
SOURCES = {"dots": "DOTS", "census": "Census"}


def _series(spec: dict, source: str) -> list[str]:
    return [
        name for name, entry in spec["asia_series"].items() if str(entry["kind"]).startswith(source)
    ]


def _without_data(main: pd.DataFrame, spec: dict) -> str:
    """' A named economy without data in a year counts as zero (in DOTS: China 1965-1971,
    ...).' from the column members_without_data ('' when every member has data; the text
    writes the field after the sentence before it)."""
    names = spec["text"]["member_names"]
    parts = []
    for source, label in SOURCES.items():
        rows = main[main["asia_series"].isin(_series(spec, source))]
        rows = rows.dropna(subset=["members_without_data"])
        years_of: dict[str, set[int]] = {}
        for year, members in zip(rows["year"], rows["members_without_data"], strict=True):
            # '' (computed) or NaN (read back from CSV): every member had data
            for member in filter(None, str(members).split(";")):
                years_of.setdefault(member, set()).add(int(year))
        if years_of:
            members = [
                tr("{member} {years}", member=names.get(code, code), years=years_in_words(years))
                for code, years in sorted(years_of.items())
            ]
            parts.append(
                tr(
                    "in {source}: {members}",
                    source=label,
                    members=join_items(members, "{listing}, {item}"),
                )
            )
    if not parts:
        return ""
    return tr(
        " A named economy without data in a year counts as zero ({sources}).",
        sources=join_items(parts, "{listing}; {item}"),
    )
