"""What the report shows under M1 beside its figure: panel (a) and panel (d) as numbers, with
headers in the reader's language (the tables as read back from their CSV files)."""

from __future__ import annotations

import pandas as pd

from chinatrade.i18n import tr

from .common import LOCAL_GOODS, SALES_COLUMNS, US_EXPORTS

# component of the ownership view -> its row label
VIEW_ROWS = {
    "us_goods_exports": "US goods exports to China (Census)",
    "local_sales_of_us_affiliates": "Local sales of US affiliates in China (BEA)",
    "china_goods_exports_to_us": "China's goods exports to the US, as US imports (Census)",
    "output_of_chinese_owned_firms_in_us": "Output of Chinese-owned firms in the US (OECD)",
    "trade_balance": "US trade balance with China",
    "ownership_based_balance": "Ownership-based balance",
    "us_owned_output_in_china": "Memo: output of US-owned firms in China (OECD)",
    "total_sales_of_us_affiliates_in_china": "Memo: total sales of US affiliates in China (BEA)",
}


def sales_table(main: pd.DataFrame) -> pd.DataFrame:
    """Panel (a) by year, USD billion, rounded to one decimal; English headers, which
    ``summary.show`` shows in the reader's language."""
    columns = {
        US_EXPORTS: "US goods exports to China (Census)",
        SALES_COLUMNS["total"]: "Sales of US affiliates in China, total (BEA)",
        SALES_COLUMNS["local"]: "of which local",
        LOCAL_GOODS: "of which local goods",
        SALES_COLUMNS["united_states"]: "of which to the US",
        SALES_COLUMNS["other_countries"]: "of which to other countries",
    }
    table = main.set_index("year")[list(columns)].round(1).rename(columns=columns)
    table["local sales / US exports"] = main.set_index("year")[
        "local_sales_to_us_exports_times"
    ].round(2)
    table.index.name = "Year"
    return table.reset_index()


def view_table(view: pd.DataFrame) -> pd.DataFrame:
    """Panel (d): each component and balance, USD billion."""
    rows = view.set_index("component").reindex(list(VIEW_ROWS))
    return pd.DataFrame(
        {
            "Component": [tr(label) for label in VIEW_ROWS.values()],
            "USD billion": rows["value_usd_billions"].round(1).to_numpy(),
        }
    )


def report_tables(
    tables: dict[str, pd.DataFrame], claims: pd.DataFrame, spec: dict
) -> list[tuple[str, pd.DataFrame]]:
    """Table M1a (sales beside exports by year) and Table M1b (the ownership-based view)."""
    main, view = tables["main"], tables["ownership_view"]
    return [
        (
            tr(
                "**Table M1a.** Sales of majority-owned affiliates of US parents in China "
                "(BEA, US-reported) beside US goods exports to China (Census, US-reported), "
                "USD billion, {first}-{last}.",
                first=int(main["year"].min()),
                last=int(main["year"].max()),
            ),
            sales_table(main),
        ),
        (
            tr(
                "**Table M1b.** Ownership-based view beside the trade balance, {year}, USD "
                "billion: sales, output and trade from three sources, descriptive.",
                year=int(view["year"].iloc[0]),
            ),
            view_table(view),
        ),
    ]
