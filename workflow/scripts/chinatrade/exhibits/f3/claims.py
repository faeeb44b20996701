"""F3's claims: our values for the study's claim ids."""

from __future__ import annotations

import math

import pandas as pd

from chinatrade.i18n import join, tr, verbatim
from chinatrade.regimes import (
    DEFINITIONS,
    REPORTER_SIDE,
)


def _cell(main: pd.DataFrame, year: int, definition: str, component: str) -> pd.Series | None:
    rows = main[
        (main["year"] == year)
        & ~main["is_partial_year"]
        & (main["definition"] == definition)
        & (main["component"] == component)
    ]
    return None if rows.empty else rows.iloc[0]


def _shares_listing(main: pd.DataFrame) -> str:
    """'non_ordinary: 2006 57.4%, ...; customs: 2002 48.7%, ...' (full years)."""
    parts = []
    for definition in DEFINITIONS:
        rows = main[
            (main["definition"] == definition)
            & (main["component"] == "processing")
            & ~main["is_partial_year"]
        ].dropna(subset=["share_of_total_trade_pct"])
        listing = ", ".join(
            f"{r.year} {r.share_of_total_trade_pct:.1f}%" for r in rows.itertuples()
        )
        parts.append(
            verbatim(
                "{definition}: {listing}", definition=tr(definition), listing=listing or tr("none")
            )
        )
    return join("; ", parts)


def claims(results: dict[str, pd.DataFrame], spec: dict) -> pd.DataFrame:
    """Our values for C26-C31 under the headline definition (the other in the explanation)."""
    main = results["main"]
    ids = spec["claims"]
    year = spec["claim_year"]
    headline = spec["headline_definition"]
    other = [d for d in DEFINITIONS if d != headline][0]
    label = spec["definition_labels"]

    def value(y: int, definition: str, component: str, column: str) -> float:
        cell = _cell(main, y, definition, component)
        return math.nan if cell is None else float(cell[column])

    def provenance(y: int, definition: str, component: str) -> tuple[str, str]:
        cell = _cell(main, y, definition, component)
        return ("", "") if cell is None else (cell["source"], cell["method"])

    rows = []

    def add(role, our, unit, definition_text, explanation, y=year, component="processing"):
        source, method = provenance(y, headline, component)
        rows.append(
            {
                "claim_id": ids[role],
                "our_value": round(our, 2) if not math.isnan(our) else math.nan,
                "our_text": f"{our:,.1f}" if not math.isnan(our) else tr("not in the data"),
                "satisfied": None,
                "unit": unit,
                "source": source,
                "reporter_side": REPORTER_SIDE,
                "vintage": method,
                "definition": definition_text,
                "explanation": explanation,
            }
        )

    # C26: processing share of total trade in the peak year
    peak = spec["peak_year"]
    share_peak = value(peak, headline, "processing", "share_of_total_trade_pct")
    listing = _shares_listing(main)
    add(
        "processing_share_peak",
        share_peak,
        "percent",
        f"processing X+M / total X+M, {peak}; {label[headline]}",
        (
            tr(
                "Not computable: no {peak} split of trade by regime in the public data; needs "
                "China Customs' {peak} total and ordinary-trade (and processing-trade) exports "
                "and imports, or a user regime series. Shares we can compute: {listing}.",
                peak=peak,
                listing=listing,
            )
            if math.isnan(share_peak)
            else tr(
                "Computed for {peak}. Shares in the data: {listing}.", peak=peak, listing=listing
            )
        ),
        y=peak,
    )
    # the 'not in the data' text is more useful with the neighbouring shares
    if math.isnan(share_peak):
        rows[-1]["our_text"] = tr("{peak} not in the data ({listing})", peak=peak, listing=listing)
    else:
        # the claim says the peak year's share is the highest: say whether it is in our data
        shares = main[
            (main["definition"] == headline)
            & (main["component"] == "processing")
            & ~main["is_partial_year"]
        ].dropna(subset=["share_of_total_trade_pct"])
        highest = shares.loc[shares["share_of_total_trade_pct"].idxmax()]
        is_peak = int(highest["year"]) == peak
        rows[-1]["our_text"] = tr(
            "{share:.1f}; {peak} is the highest share of the years in the data (highest: "
            "{year}, {highest:.1f})"
            if is_peak
            else "{share:.1f}; {peak} is not the highest share of the years in the data "
            "(highest: {year}, {highest:.1f})",
            share=share_peak,
            peak=peak,
            year=int(highest["year"]),
            highest=highest["share_of_total_trade_pct"],
        )

    # C27: total trade
    check = results["total_trade_check"]
    source_table = spec["total_trade_source"]
    picked = check[check["source_table"] == source_table]
    total = float(picked["total_trade_usd_100m"].iloc[0]) if not picked.empty else math.nan
    alternatives = join(
        "; ",
        (
            verbatim("{table} {value:,.1f}", table=tr(r.source_table), value=r.total_trade_usd_100m)
            for r in check.itertuples()
        ),
    )
    rows.append(
        {
            "claim_id": ids["total_trade"],
            "our_value": round(total, 2) if not math.isnan(total) else math.nan,
            "our_text": f"{total:,.1f}" if not math.isnan(total) else tr("not in the data"),
            "satisfied": None,
            "unit": "100 million USD",
            "source": "" if picked.empty else picked["source"].iloc[0],
            "reporter_side": REPORTER_SIDE,
            "vintage": "" if picked.empty else picked["method"].iloc[0],
            "definition": f"exports + imports, {year}, from {source_table}",
            "explanation": tr(
                "All sources at hand: {alternatives}. The bulletin's {year} values are derived "
                "from the {next_year} bulletin's year-on-year change (so a revised vintage); "
                "the NBS provincial sum is the first-published total; the transcribed value is "
                "a rounded press figure.",
                alternatives=alternatives,
                year=year,
                next_year=year + 1,
            ),
        }
    )

    # C28 / C29: processing trade and its share of total trade
    trade = value(year, headline, "processing", "exports_plus_imports_usd_100m")
    trade_other = value(year, other, "processing", "exports_plus_imports_usd_100m")
    add(
        "processing_trade",
        trade,
        "100 million USD",
        f"processing exports + imports, {year}; {label[headline]}",
        tr(
            "Under the {other} definition ({label}): {value:,.1f}. Differences from the study "
            "can come from the vintage: {year} values derived from the {next_year} bulletin's "
            "year-on-year change are revised figures.",
            other=tr(other),
            label=tr(label[other]),
            value=trade_other,
            year=year,
            next_year=year + 1,
        ),
    )
    share = value(year, headline, "processing", "share_of_total_trade_pct")
    share_other = value(year, other, "processing", "share_of_total_trade_pct")
    add(
        "processing_share",
        share,
        "percent",
        f"processing X+M / total X+M, {year}; {label[headline]}",
        tr("Under the {other} definition: {value:.1f}%.", other=tr(other), value=share_other),
    )

    # C30 / C31: shares of the surplus
    ordinary = value(year, headline, "ordinary", "share_of_total_net_exports_pct")
    add(
        "ordinary_share_of_surplus",
        ordinary,
        "percent",
        f"ordinary-trade net exports / total net exports, {year}",
        tr(
            "Ordinary trade is the same under both definitions; with the non_ordinary "
            "definition ordinary + processing = 100% of the surplus, as in the study."
        ),
        component="ordinary",
    )
    processing = value(year, headline, "processing", "share_of_total_net_exports_pct")
    processing_other = value(year, other, "processing", "share_of_total_net_exports_pct")
    rest = value(year, "customs", "other_regimes", "share_of_total_net_exports_pct")
    add(
        "processing_share_of_surplus",
        processing,
        "percent",
        f"processing net exports / total net exports, {year}; {label[headline]}",
        tr(
            "Under the {other} definition: {value:.1f}% (customs processing; the other "
            "non-ordinary regimes then contribute {rest:.1f}%, mostly bonded logistics and "
            "special customs areas, net importers).",
            other=tr(other),
            value=processing_other,
            rest=rest,
        ),
    )
    return pd.DataFrame(rows)
