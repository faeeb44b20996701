"""F1's table of Japan-reported trade with China, as the report shows it under the figure."""

from __future__ import annotations

import pandas as pd

from chinatrade.i18n import tr


def japan_reported_table(japan: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """Caption (Markdown, in the reader's language) and table of F1's ``japan_reported``:
    Japan's exports, imports and balance with China by year, billion JPY, and the balance in
    USD billion; none when the exhibit has no such table."""
    if japan.empty:
        return []
    table = pd.DataFrame(
        {
            "year": japan["year"].to_numpy(),
            "Japan's exports FOB, billion JPY": japan["exports_fob_jpy_billions"].round(0),
            "Japan's imports CIF, billion JPY": japan["imports_cif_jpy_billions"].round(0),
            "Japan's balance, billion JPY": japan["balance_jpy_billions"].round(0),
            "JPY per USD (H.10)": japan["jpy_per_usd"].round(2),
            "Japan's balance, USD billion": (japan["balance_usd_millions"] / 1000).round(1),
            "partial year": [tr("yes") if p else "" for p in japan["is_partial_year"]],
        }
    )
    caption = tr(
        "**Table F1c.** Japan's own statistics of its trade with China (Japan's customs, "
        "Ministry of Finance): exports FOB and imports CIF in billion JPY, and Japan's balance "
        "in USD billion at the Federal Reserve H.10 annual average. A negative balance is a "
        "Japanese deficit, i.e. a Chinese surplus as Japan records it; China's own statistics "
        "record a Chinese deficit with Japan (IMF DOTS, to 2020). The latest year is partial "
        "(months to date) and has no annual rate yet."
    )
    return [(caption, table)]
