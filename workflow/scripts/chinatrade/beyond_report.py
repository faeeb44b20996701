"""Sentences of the report's section "Beyond the study" that read more than one exhibit:
the two US-reported balances side by side, and every year of China's balance with the US by
HS section (exhibit F4), so that no section whose sign changed in between is hidden.

Numbers come from this run's tables; sentences are in the reader's language.
"""

from __future__ import annotations

import pandas as pd

from chinatrade.i18n import tr
from chinatrade.summary import listing, section_name, semicolons


def heading(deficits: pd.DataFrame | None) -> str:
    """The section's heading, with the years of B1's deficits (its main table: the years the
    section is about, from the data), or none where the run has no such exhibit."""
    if deficits is None:
        return tr("Beyond the study: its predictions beside later data")
    years = deficits["year"].astype(int)
    return tr(
        "Beyond the study: its predictions beside {first}-{last} data",
        first=int(years.min()),
        last=int(years.max()),
    )


def us_reported_balances_note(
    census_deficit: pd.DataFrame, sections: pd.DataFrame, year: int, china: str = "CHN"
) -> str:
    """One sentence on the two US-reported balances with China in ``year``: the Census's
    (exhibit B1, imports at customs value) and UN Comtrade's (exhibit F4, imports CIF).

    ``census_deficit``: B1's main table (``partner``, ``year``, ``us_deficit_usd_billions``);
    ``sections``: F4's table (``year``, ``total_surplus_usd_billions``)."""
    census = census_deficit[
        (census_deficit["partner"] == china) & (census_deficit["year"] == year)
    ]["us_deficit_usd_billions"]
    comtrade = sections[sections["year"] == year]["total_surplus_usd_billions"]
    if census.empty or comtrade.empty:
        return ""
    return tr(
        "Two US-reported balances with China appear in this section: for {year}, USD {census:,.1f}"
        " billion from the US Census (imports at customs value, which excludes freight and "
        "insurance) and USD {comtrade:,.1f} billion from UN Comtrade (US imports valued CIF, "
        "which includes them): they differ by this valuation and by revisions between the two "
        "downloads.",
        year=year,
        census=float(census.iloc[0]),
        comtrade=float(comtrade.iloc[0]),
    )


def sign_changes_in_between(sections: pd.DataFrame, first: int, last: int) -> str:
    """The sections whose balance changed sign in some year of ``first``-``last`` (every year
    of F4's table in that range), each with its balance in every year; major sections (F4's
    ``is_major``) in full, minor ones by name."""
    rows = sections[sections["year"].between(first, last)]
    balance = rows.pivot_table(
        index=["section_roman", "section_label"], columns="year", values="balance_usd_billions"
    )
    major = rows.groupby("section_roman")["is_major"].first().astype(str) == "True"
    changed = balance[(balance > 0).any(axis=1) & (balance < 0).any(axis=1)]
    majors, minors = [], []
    for (roman, label), values in changed.iterrows():
        name = section_name(pd.Series({"section_roman": roman, "section_label": label}))
        if bool(major.get(roman, False)):
            path = listing(
                tr("{year}: {value:+,.1f}", year=int(year), value=value)
                for year, value in values.dropna().items()
            )
            majors.append(tr("{section} ({path})", section=name, path=path))
        else:
            minors.append(name)
    return tr(
        "Sections whose balance with the US changed sign in some year of {first}-{last} "
        "(US-reported, USD billion, every year): major: {majors}; minor: {minors}.",
        first=first,
        last=last,
        majors=semicolons(majors) if majors else tr("none"),
        minors=listing(minors) if minors else tr("none"),
    )
