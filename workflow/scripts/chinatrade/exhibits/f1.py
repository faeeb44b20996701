"""F1: China's goods balance with the EU, the US, Japan, Korea and Australia."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from chinatrade import figures
from chinatrade.balances import growth_table, partner_balances


def compute(
    bilateral: pd.DataFrame, spec: dict, groups: dict[str, list[str]], labels: dict[str, str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The F1 table (one row per partner and year) and the growth table."""
    balances = partner_balances(
        bilateral,
        reporter=spec["reporter"],
        partners=spec["partners"],
        groups=groups,
        first_year=spec["first_year"],
    )
    balances.insert(2, "partner_label", balances["partner"].map(labels))
    balances["source"] = spec["source_label"]
    growth_spec = spec["growth"]
    sign = {p: -1 for p in growth_spec.get("deficit_partners", [])}
    growth = growth_table(balances, growth_spec["first_year"], growth_spec["last_year"], sign)
    growth.insert(1, "partner_label", growth["partner"].map(labels))
    return balances, growth


def plot(balances: pd.DataFrame, spec: dict) -> plt.Figure:
    """Balance in USD billion by partner; zero line; source note under the chart."""
    figures.apply_style()
    data = balances.assign(balance_usd_billions=balances["balance_usd_millions"] / 1000)
    fig, ax = plt.subplots()
    sns.lineplot(
        data=data,
        x="year",
        y="balance_usd_billions",
        hue="partner_label",
        style="partner_label",
        markers=True,
        dashes=False,
        ax=ax,
    )
    ax.axhline(0, color="0.2", linewidth=0.8)
    first, last = int(data["year"].min()), int(data["year"].max())
    figures.set_titles(
        fig,
        ax,
        f"China's goods-trade balance with major partners, {first}-{last}",
        "China-reported; above zero: Chinese surplus, below zero: Chinese deficit",
    )
    ax.set_xlabel("Year")
    ax.set_ylabel("Balance, USD billion (exports FOB - imports CIF)")
    figures.year_axis(ax, first, last)
    figures.legend_outside(ax, "Partner")
    figures.add_source_note(fig, spec["source_note"])
    return fig
