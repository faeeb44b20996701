"""Japan's own statistics of its trade with one partner, in JPY and in US dollars.

Japan's customs (canonical table ``japan_customs_trade``, billion JPY, exports FOB and imports
CIF, 2009 onward) is the partner-reported (mirror) side of China-Japan trade after IMF DOTS
stops here (2020). Values are converted with the Federal Reserve H.10 annual average JPY per
USD (canonical ``fx_fed_h10``): an approximation of a conversion month by month, which
Japan's customs does not publish in USD; a year without an annual H.10 rate has no USD value.
"""

from __future__ import annotations

import pandas as pd

from chinatrade import lineage
from chinatrade.ingest.macro import rate_series

TOTAL_GOODS = "Grand Total"
CURRENCY = "JPY"
JAPAN_REPORTED_COLUMNS = [
    "partner_code",
    "year",
    "exports_fob_jpy_billions",
    "imports_cif_jpy_billions",
    "balance_jpy_billions",
    "jpy_per_usd",
    "exports_fob_usd_millions",
    "imports_cif_usd_millions",
    "balance_usd_millions",
    "is_partial_year",
    "reported_by",
    "reporter_side",
    "note",
    lineage.COLUMN,
]


def japan_reported_trade(
    customs: pd.DataFrame, fx: pd.DataFrame, partner: str = "CHN", first_year: int = 2009
) -> pd.DataFrame:
    """Japan's exports to, imports from and balance with ``partner``, by year from
    ``first_year``: billion JPY as Japan reports them, and USD millions at the H.10 annual
    average (columns ``JAPAN_REPORTED_COLUMNS``).

    - exports FOB and imports CIF are Japan's (``reported_by`` JPN, ``reporter_side`` own:
      Japan's own statistic; read as China's trade it is the mirror side)
    - ``balance_*`` = Japan's exports - Japan's imports (negative: a Japanese deficit, i.e.
      a Chinese surplus); missing when either flow is missing
    - USD millions = billion JPY x 1000 / ``jpy_per_usd``; NaN in a year without an H.10 rate
    - ``is_partial_year`` as in ``japan_customs_trade`` (the latest year may cover a few
      months only); ``note`` says why a row needs care
    - ``raw_file_ids``: the customs rows' raw files and the year's H.10 rate's

    Raises ValueError if ``partner`` has no row of goods total, KeyError if ``fx`` has no JPY.
    """
    rows = customs[
        (customs["partner_code"] == partner)
        & (customs["goods"] == TOTAL_GOODS)
        & (customs["year"] >= first_year)
    ]
    if rows.empty:
        raise ValueError(
            f"japan_customs_trade: no goods total for partner {partner!r} from {first_year}"
        )
    values = rows.pivot(index="year", columns="flow", values="value_jpy_billions").reindex(
        columns=["exports_fob", "imports_cif"]
    )
    partial = rows.groupby("year")["is_partial_year"].any()
    rate = rate_series(fx, CURRENCY).set_index("year")["jpy_per_usd"]
    out = pd.DataFrame(
        {
            "partner_code": partner,
            "year": values.index.astype(int),
            "exports_fob_jpy_billions": values["exports_fob"].to_numpy(),
            "imports_cif_jpy_billions": values["imports_cif"].to_numpy(),
        }
    )
    out["balance_jpy_billions"] = out["exports_fob_jpy_billions"] - out["imports_cif_jpy_billions"]
    out["jpy_per_usd"] = out["year"].map(rate).astype(float)
    for measure in ("exports_fob", "imports_cif", "balance"):
        # 1 billion JPY / (JPY per USD) = 1e9 / rate USD = 1000 / rate USD millions
        out[f"{measure}_usd_millions"] = 1000 * out[f"{measure}_jpy_billions"] / out["jpy_per_usd"]
    out["is_partial_year"] = out["year"].map(partial).astype(bool)
    out["reported_by"] = "JPN"
    out["reporter_side"] = "own"
    out["note"] = _notes(out)
    out[lineage.COLUMN] = lineage.by_row(
        out["year"].map(lineage.aggregate(rows, "year")),
        out["year"].map(lineage.aggregate(fx[fx.currency == CURRENCY], "year")),
    )
    return out[JAPAN_REPORTED_COLUMNS]


def _notes(table: pd.DataFrame) -> list[str]:
    notes = []
    for partial, rate in zip(table["is_partial_year"], table["jpy_per_usd"], strict=True):
        parts = []
        if partial:
            parts.append("partial year (months to date): not comparable with full years")
        if pd.isna(rate):
            parts.append("no H.10 annual average rate for the year: no USD value")
        notes.append("; ".join(parts))
    return notes
