"""F1 figure: the balance by partner; China-reported solid, partner-reported dashed.

The partners are drawn in the panels of spec ``panels`` (lists of partners; one panel of all
partners when it is absent), so that no panel has more than a handful of lines.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from chinatrade import figures
from chinatrade.i18n import join_items, tr


def panels_of(spec: dict) -> list[list[str]]:
    """The partners of each panel; every partner in exactly one panel (else ValueError)."""
    panels = spec.get("panels") or [list(spec["partners"])]
    placed = [p for panel in panels for p in panel]
    if sorted(placed) != sorted(spec["partners"]) or len(set(placed)) != len(placed):
        raise ValueError(
            f"F1 spec: 'panels' {panels} must place each of the partners {spec['partners']} "
            "in exactly one panel"
        )
    return [list(panel) for panel in panels]


def plot(results: dict[str, pd.DataFrame], spec: dict) -> plt.Figure:
    """Balance in USD billion by partner, one panel per group of partners; China-reported
    solid, partner-reported (US Census, Japan's customs) dashed, China Customs diamonds."""
    figures.apply_style()
    data = results["main"].assign(balance_usd_billions=lambda f: f["balance_usd_millions"] / 1000)
    panels = panels_of(spec)
    fig, axes = plt.subplots(
        len(panels), 1, figsize=(11.5, 3.2 + 3.3 * len(panels)), sharex=True, squeeze=False
    )
    axes = axes[:, 0]
    palette = dict(
        zip(spec["partners"], sns.color_palette("Dark2", len(spec["partners"])), strict=True)
    )
    for ax, partners in zip(axes, panels, strict=True):
        _draw_panel(ax, data[data["partner"].isin(partners)], partners, palette, spec)
    for ax, partners in zip(axes, panels, strict=True):
        ax.legend(
            handles=[
                plt.Line2D(
                    [], [], color=palette[p], marker="o", label=tr(spec["partner_labels"][p])
                )
                for p in partners
            ],
            title=tr("Partner"),
            loc="upper left",
            bbox_to_anchor=(1.01, 1),
            fontsize=9,
            title_fontsize=9.5,
        )
    # the key of the line styles once, under the last panel's partners
    axes[-1].add_artist(axes[-1].get_legend())
    axes[-1].legend(
        handles=_reporter_handles(data, spec),
        title=tr("Reporter"),
        loc="upper left",
        bbox_to_anchor=(1.01, 0.45),
        fontsize=9,
        title_fontsize=9.5,
    )
    first, last = int(data["year"].min()), int(data["year"].max())
    figures.set_titles(
        fig,
        axes[0],
        tr("China's goods-trade balance with major partners") + "\n" + _coverage_line(data, spec),
        tr("above zero: Chinese surplus; below zero: Chinese deficit"),
    )
    axes[-1].set_xlabel(tr("Year"))
    figures.year_axis(axes[-1], first, last)
    # policy dates inside the chart's years: dashed numbered lines (numbers in the top panel),
    # their key in the note
    events = figures.policy_events_in_view(axes[0], spec.get("policy_events"))
    for ax in axes:
        figures.mark_policy_events(ax, events, numbers=ax is axes[0])
    note = spec["text"]["source_note"]
    if events:
        note += " " + figures.policy_event_key(events)
    figures.add_source_note(fig, note)
    return fig


def _draw_panel(ax, data: pd.DataFrame, partners: list[str], palette: dict, spec: dict) -> None:
    """One panel: China-reported lines, partner-reported dashed lines, China Customs
    diamonds, for ``partners``."""
    dots = data[data["source"] == spec["source_label"]]
    sns.lineplot(
        data=dots,
        x="year",
        y="balance_usd_billions",
        hue="partner",
        palette={p: palette[p] for p in partners},
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
    ax.set_ylabel(tr("Balance, USD billion"))


def _years(rows: pd.DataFrame) -> str:
    """'2000-2020': the first and last year of ``rows`` with a balance."""
    years = rows.dropna(subset=["balance_usd_billions"])["year"].astype(int)
    if years.empty:
        return ""
    first, last = years.min(), years.max()
    return str(first) if first == last else f"{first}-{last}"


def _coverage_line(data: pd.DataFrame, spec: dict) -> str:
    """The years each kind of series covers, for the title: China-reported lines and
    diamonds, partner-reported lines."""
    own = _years(data[data["source"] == spec["source_label"]])
    releases = _years(data[data["source"] == spec["transcribed_source_label"]])
    mirror = _years(data[data["reporter_side"] == "mirror"])
    parts = []
    if own and releases:
        parts.append(
            tr("China-reported {lines} (solid), {points} (diamonds)", lines=own, points=releases)
        )
    elif own:
        parts.append(tr("China-reported {years} (solid)", years=own))
    if mirror:
        parts.append(tr("partner-reported {years} (dashed)", years=mirror))
    return join_items(parts, "{listing}; {item}")


def _reporter_handles(data: pd.DataFrame, spec: dict) -> list[plt.Line2D]:
    """The key of the line styles: who reported each line and its years (only the
    partner-reported sources the table holds are named)."""
    mirror = data[data["reporter_side"] == "mirror"]
    dashed = {
        "USA": tr("dashed: US-reported (Census)"),
        "JPN": tr("dashed: Japan-reported (Japan's customs, JPY at H.10 rate)"),
    }

    def with_years(label: str, rows: pd.DataFrame) -> str:
        years = _years(rows)
        return tr("{label}, {years}", label=label, years=years) if years else label

    own = data[data["source"] == spec["source_label"]]
    handles = [
        plt.Line2D(
            [], [], color="0.3", label=with_years(tr("solid: China-reported (IMF DOTS)"), own)
        )
    ]
    handles += [
        plt.Line2D(
            [],
            [],
            color="0.3",
            linestyle="--",
            label=with_years(label, mirror[mirror["reported_by"] == reporter]),
        )
        for reporter, label in dashed.items()
        if reporter in set(mirror["reported_by"])
    ]
    handles.append(
        plt.Line2D(
            [],
            [],
            color="0.3",
            marker="D",
            markerfacecolor="white",
            linestyle="",
            label=with_years(
                tr("diamond: China Customs releases"),
                data[data["source"] == spec["transcribed_source_label"]],
            ),
        )
    )
    return handles
