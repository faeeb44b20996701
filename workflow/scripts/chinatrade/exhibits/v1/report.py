"""What the report shows under V1 beside its figure: the balances by year and partner with the
US decomposition, and the 2016-release domestic value added in bilateral exports."""

from __future__ import annotations

import pandas as pd

from chinatrade.i18n import tr


def top_sources(sources: pd.DataFrame, year: int, top_n: int) -> str:
    """'JPN 2.4, USA 2.6, ...': the largest foreign sources of value added, % of the exports."""
    rows = sources[(sources["year"] == year) & (sources["foreign_rank"] <= top_n)]
    rows = rows.sort_values("foreign_rank")
    return ", ".join(
        f"{code} {share:.1f}"
        for code, share in zip(rows["source_country"], rows["share_of_exports_pct"], strict=True)
    )


def balances_table(results: dict[str, pd.DataFrame], spec: dict) -> pd.DataFrame:
    """Partner and year in rows: gross and value-added balance, their difference, the foreign
    value-added share of China's exports and (for the decomposed partner) its top sources."""
    main, sources = results["main"], results["sources"]
    importer, top_n = spec["sources"]["importer"], spec["sources"]["top_n"]
    rows = []
    for row in main.itertuples():
        rows.append(
            {
                "partner": tr(row.partner_label),
                "year": row.year,
                "gross balance": row.gross_balance_usd_billions,
                "value-added balance": row.va_balance_usd_billions,
                "value added minus gross": row.va_minus_gross_balance_usd_billions,
                "foreign value added, % of China's exports": row.foreign_va_share_of_exports_pct,
                "largest foreign sources, % of China's exports": (
                    top_sources(sources, row.year, top_n) if row.partner == importer else ""
                ),
            }
        )
    return pd.DataFrame(rows)


def dva_table(results: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Partner and year in rows: gross exports each way and the domestic value added in them."""
    dva = results["dva"]
    return pd.DataFrame(
        {
            "partner": [tr(label) for label in dva["partner_label"]],
            "year": dva["year"],
            "China's exports, gross": dva["gross_exports_usd_billions"],
            "China's domestic value added in them": dva["dva_in_exports_usd_billions"],
            "partner's exports to China, gross": dva["gross_imports_usd_billions"],
            "partner's domestic value added in them": dva["partner_dva_in_imports_usd_billions"],
            "gross balance": dva["gross_balance_usd_billions"],
            "balance of domestic value added in exports": dva["dva_balance_usd_billions"],
        }
    )


def report_tables(
    tables: dict[str, pd.DataFrame], claims: pd.DataFrame, spec: dict
) -> list[tuple[str, pd.DataFrame]]:
    """Captions (Markdown, in the reader's language) and the two tables."""
    importer = spec["sources"]["importer"]
    return [
        (
            tr(
                "**Table V1.** China's balance in gross and value-added terms, USD billion, "
                "current prices (WIOD 2013 release, modelled data). For {partner}: the share of "
                "China's gross exports that is other economies' value added, and the largest "
                "foreign sources (the rest of the world, many economies, is not ranked).",
                partner=tr(spec["country_names"][importer]),
            ),
            balances_table(tables, spec),
        ),
        (
            tr(
                "**Table V1b.** Gross exports each way and the exporter's domestic value added "
                "in them, USD billion, current prices (WIOD 2016 release). This is value added "
                "in exports, not value added absorbed in the importer: a different concept "
                "from the value-added balance of Table V1."
            ),
            dva_table(tables),
        ),
    ]
