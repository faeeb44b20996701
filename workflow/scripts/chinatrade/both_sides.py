"""Both reporters side by side: China's balance with a partner as China reports it and as the
partner reports it (its mirror), year by year, with the gap between them.

The input is a table of balances in the shape of exhibit F1's main table: one row per partner,
year and source, China's balance (exports minus imports) in ``balance_usd_millions`` and the
reporter in ``reporter_side`` ("own": China-reported; "mirror": the partner's statistics read
the other way round). The two sides never agree exactly; the known reasons are named in
:data:`GAP_REASONS`, and the report shows the gap rather than choosing a side.
"""

from __future__ import annotations

import pandas as pd

from chinatrade.i18n import tr

CHINA_SIDE = "own"
PARTNER_SIDE = "mirror"
COLUMNS = [
    "partner",
    "partner_label",
    "year",
    "china_reported_balance_usd_millions",
    "china_reported_source",
    "partner_reported_balance_usd_millions",
    "partner_reported_source",
    "gap_usd_millions",
    "gap_pct_of_partner_reported",
]
# why the two sides differ, in the order of their usual size for China and the US
GAP_REASONS = (
    "The two sides differ for known reasons: valuation (each country records its imports "
    "CIF or at customs value and its exports FOB, so the same goods are worth more as the "
    "partner's imports than as China's exports), re-exports through Hong Kong and their "
    "markups (counted as imports from China by the partner, as exports to Hong Kong by "
    "China), timing (goods in transit at the year's end), low-value shipments that one side "
    "does not record, and transshipment through third economies."
)


def _one_side(balances: pd.DataFrame, side: str) -> pd.DataFrame:
    rows = balances[balances["reporter_side"] == side].dropna(subset=["balance_usd_millions"])
    duplicated = rows[rows.duplicated(["partner", "year"], keep=False)]
    if not duplicated.empty:
        first = duplicated.iloc[0]
        raise ValueError(
            f"two {side!r} balances for partner {first['partner']} in {int(first['year'])} "
            f"(sources: {sorted(duplicated['source'].unique())}): a year needs one value a side"
        )
    return rows[["partner", "partner_label", "year", "balance_usd_millions", "source"]]


def both_sides(balances: pd.DataFrame) -> pd.DataFrame:
    """One row per partner and year in which both reporters have a balance (USD millions).

    ``gap_usd_millions`` = China-reported minus partner-reported balance; positive where
    China reports a larger surplus (or smaller deficit) than its partner's data show.
    """
    china = _one_side(balances, CHINA_SIDE)
    partner = _one_side(balances, PARTNER_SIDE).drop(columns="partner_label")
    both = china.merge(partner, on=["partner", "year"], suffixes=("_china", "_partner"))
    both = both.rename(
        columns={
            "balance_usd_millions_china": "china_reported_balance_usd_millions",
            "source_china": "china_reported_source",
            "balance_usd_millions_partner": "partner_reported_balance_usd_millions",
            "source_partner": "partner_reported_source",
        }
    )
    both["year"] = both["year"].astype(int)
    both["gap_usd_millions"] = (
        both["china_reported_balance_usd_millions"] - both["partner_reported_balance_usd_millions"]
    )
    partner_abs = both["partner_reported_balance_usd_millions"].abs()
    both["gap_pct_of_partner_reported"] = (
        100 * both["gap_usd_millions"] / partner_abs.where(partner_abs > 0)
    )
    return both[COLUMNS].sort_values(["partner", "year"]).reset_index(drop=True)


def _bn(value_usd_millions: float) -> str:
    return f"{value_usd_millions / 1000:+,.1f}"


def gap_sentence(table: pd.DataFrame, partner: str, first_year: int, last_year: int) -> str:
    """One sentence on a partner: both sides in the first and last common years of
    ``first_year``-``last_year`` and how each moved between them (USD billion). Empty when
    the two sides share no year in that range."""
    rows = table[
        (table["partner"] == partner) & table["year"].between(first_year, last_year)
    ].set_index("year")
    if rows.empty:
        return ""
    first, last = int(rows.index.min()), int(rows.index.max())
    a, b = rows.loc[first], rows.loc[last]

    def year_text(row: pd.Series, year: int) -> str:
        return tr(
            "{year}: China-reported {china} ({china_source}), partner-reported {mirror} "
            "({mirror_source}), gap {gap}",
            year=year,
            china=_bn(row["china_reported_balance_usd_millions"]),
            china_source=tr(row["china_reported_source"]),
            mirror=_bn(row["partner_reported_balance_usd_millions"]),
            mirror_source=tr(row["partner_reported_source"]),
            gap=_bn(row["gap_usd_millions"]),
        )

    if first == last:
        return tr(
            "{partner}, China's balance (USD billion; years with both sides: {years}): {text}.",
            partner=tr(a["partner_label"]),
            years=first,
            text=year_text(a, first),
        )
    return tr(
        "{partner}, China's balance (USD billion; {n} years with both sides in {first}-{last}): "
        "{first_text}; {last_text}. Between the two years the China-reported balance moved by "
        "{china_change} and the partner-reported one by {mirror_change}.",
        partner=tr(a["partner_label"]),
        n=len(rows),
        first=first,
        last=last,
        first_text=year_text(a, first),
        last_text=year_text(b, last),
        china_change=_bn(
            b["china_reported_balance_usd_millions"] - a["china_reported_balance_usd_millions"]
        ),
        mirror_change=_bn(
            b["partner_reported_balance_usd_millions"] - a["partner_reported_balance_usd_millions"]
        ),
    )


def gap_findings(
    table: pd.DataFrame, first_year: int, last_year: int, order: list[str] | None = None
) -> list[str]:
    """A sentence per partner with both sides in the years (in ``order`` where given, e.g.
    the exhibit's partners), then the known reasons."""
    partners = list(table["partner"].drop_duplicates())
    if order:
        partners = sorted(partners, key=lambda p: order.index(p) if p in order else len(order))
    found = [gap_sentence(table, partner, first_year, last_year) for partner in partners]
    found = [sentence for sentence in found if sentence]
    return [*found, tr(GAP_REASONS)] if found else []


# the table's columns as the report shows them (headers in the reader's language)
VIEW_COLUMNS = {
    "partner_label": "partner",
    "year": "year",
    "china_reported_balance_usd_millions": "China-reported balance, USD million",
    "china_reported_source": "China-reported source",
    "partner_reported_balance_usd_millions": "partner-reported balance, USD million",
    "partner_reported_source": "partner-reported source",
    "gap_usd_millions": "gap (China-reported minus partner-reported), USD million",
    "gap_pct_of_partner_reported": "gap, % of the partner-reported balance",
}


def report_view(table: pd.DataFrame) -> pd.DataFrame:
    """The comparison for the report: names and sources in the reader's language."""
    view = table[list(VIEW_COLUMNS)].rename(columns=VIEW_COLUMNS)
    for column in ("partner", "China-reported source", "partner-reported source"):
        view[column] = view[column].map(tr)
    return view
