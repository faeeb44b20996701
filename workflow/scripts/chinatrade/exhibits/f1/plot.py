"""F1 figure: the balance by partner; China-reported solid, partner-reported dashed."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from chinatrade import figures
from chinatrade.i18n import tr


def plot(results: dict[str, pd.DataFrame], spec: dict) -> plt.Figure:
    """Balance in USD billion by partner; China-reported solid, partner-reported dashed."""
    figures.apply_style()
    data = results["main"].assign(balance_usd_billions=lambda f: f["balance_usd_millions"] / 1000)
    fig, ax = plt.subplots(figsize=(11.5, 6.5))
    palette = dict(
        zip(spec["partners"], sns.color_palette("Dark2", len(spec["partners"])), strict=True)
    )
    dots = data[data["source"] == spec["source_label"]]
    sns.lineplot(
        data=dots,
        x="year",
        y="balance_usd_billions",
        hue="partner",
        palette=palette,
        style="partner",
        markers=True,
        dashes=False,
        ax=ax,
        legend=False,
    )
    mirror = data[data["reporter_side"] == "mirror"]
    for partner, rows in mirror.groupby("partner"):
        ax.plot(rows["year"], rows["balance_usd_billions"], linestyle="--", color=palette[partner])
    transcribed = data[data["source"] == spec["transcribed_source_label"]]
    for partner, rows in transcribed.groupby("partner"):
        ax.scatter(
            rows["year"],
            rows["balance_usd_billions"],
            marker="D",
            s=50,
            facecolor="white",
            edgecolor=palette[partner],
            linewidth=2,
            zorder=3,
        )
    ax.axhline(0, color="0.2", linewidth=0.8)
    handles = [
        plt.Line2D([], [], color=palette[p], marker="o", label=tr(spec["partner_labels"][p]))
        for p in spec["partners"]
    ]
    handles += [
        plt.Line2D([], [], color="0.3", label=tr("solid: China-reported (IMF DOTS)")),
        plt.Line2D([], [], color="0.3", linestyle="--", label=tr("dashed: US-reported (Census)")),
        plt.Line2D(
            [],
            [],
            color="0.3",
            marker="D",
            markerfacecolor="white",
            linestyle="",
            label=tr("diamond: China Customs releases"),
        ),
    ]
    ax.legend(
        handles=handles, title=tr("Partner; reporter"), loc="upper left", bbox_to_anchor=(1.01, 1)
    )
    first, last = int(data["year"].min()), int(data["year"].max())
    figures.set_titles(
        fig,
        ax,
        tr(
            "China's goods-trade balance with major partners, {first}-{last}",
            first=first,
            last=last,
        ),
        tr("above zero: Chinese surplus; below zero: Chinese deficit"),
    )
    ax.set_xlabel(tr("Year"))
    ax.set_ylabel(tr("Balance, USD billion"))
    figures.year_axis(ax, first, last)
    # policy dates inside the chart's years: dashed numbered lines, their key in the note
    events = figures.policy_events_in_view(ax, spec.get("policy_events"))
    figures.mark_policy_events(ax, events)
    note = spec["text"]["source_note"]
    if events:
        note += " " + figures.policy_event_key(events)
    figures.add_source_note(fig, note)
    return fig
