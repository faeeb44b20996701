"""F7's text fields, from its tables (chinatrade/captions.py): the years each source of the
US deficit with Asia covers, and the named economies without data in some years."""

from __future__ import annotations

import pandas as pd

from chinatrade import lineage
from chinatrade.i18n import join_items, tr
from chinatrade.years import years_in_words, years_text

BALANCE = "us_balance_with_asia_usd_millions"


def values(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, object]:
    """The :func:`years` of each source and ``without_data``: the named economies without
    data in some years, in the reader's language (from spec ``text``)."""
    return years(tables, spec) | {"without_data": _without_data(tables["main"], spec)}


def years(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, object]:
    """``dots_first``/``dots_last`` and ``census_first``/``census_last``: the years in which the
    series of Asia from that source (spec ``asia_series.<name>.kind``: ``dots_...``,
    ``census_...``) have a US balance with Asia (table ``main``); a source without one
    has no fields. ``<manifest id>_years``: the years those rows take from each raw file
    (column ``raw_file_ids``; "1985-2022"), which the claims' vintage labels name beside
    the file's release (``census_country_years``). Language-free: the exhibit's job, which
    has no texts, fills the vintages with them."""
    main = tables["main"]
    covered = main[main[BALANCE].notna()]
    out: dict[str, object] = {}
    for source in SOURCES:
        rows = covered[covered["asia_series"].isin(_series(spec, source))]
        if not rows.empty:
            out[f"{source}_first"] = int(rows["year"].min())
            out[f"{source}_last"] = int(rows["year"].max())
        years_of: dict[str, set[int]] = {}
        for year, ids in zip(rows["year"], rows[lineage.COLUMN], strict=True):
            for raw_id in lineage.split(ids):
                years_of.setdefault(raw_id, set()).add(int(year))
        out |= {f"{raw_id}_years": years_text(found) for raw_id, found in years_of.items()}
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
