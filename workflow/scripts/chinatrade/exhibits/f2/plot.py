"""F2's figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.ticker import MaxNLocator, StrMethodFormatter

from chinatrade import figures, i18n
from chinatrade.i18n import tr


def plot(results: dict[str, pd.DataFrame], spec: dict) -> plt.Figure:
    """Three panels: 2018 ranking, Table 1 net exports (study / user), the nine's share."""
    figures.apply_style()
    ranking = results["main"]
    year = int(ranking["year"].iloc[0])
    n = len(ranking)
    fig, axes = plt.subplots(
        1, 3, figsize=(15, 6.8), gridspec_kw={"width_ratios": [1.15, 1.15, 1.0]}
    )
    ax_rank, ax_net, ax_share = axes
    names = list(ranking["province_name_en"])
    # the reader's province names: the NBS Chinese names in Chinese
    shown = list(ranking["province_name_zh"]) if i18n.current() == "zh" else names
    english = i18n.current() == "en"
    bold = "bold" if english else "normal"  # the CJK font has no bold face
    palette = sns.color_palette("Dark2")

    # (a) total trade, ranked
    ax_rank.barh(shown, ranking["total_trade_usd_100m"], color=palette[0])
    ax_rank.invert_yaxis()
    top = ranking["total_trade_usd_100m"].max()
    for y, r in enumerate(ranking.itertuples()):
        ax_rank.text(
            r.total_trade_usd_100m + top * 0.02,
            y,
            f"{r.total_trade_usd_100m:,.0f}  ({r.share_of_national_pct:.1f}%)",
            va="center",
            fontsize=9,
        )
    ax_rank.set_xlim(0, top * 1.45)
    ax_rank.xaxis.set_major_locator(MaxNLocator(4))
    ax_rank.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax_rank.set_xlabel(tr("Exports + imports, USD 100 million"))
    ax_rank.set_title(
        tr("(a) Total trade {year} (share of national)", year=year),
        loc="left",
        fontsize=11,
        fontweight=bold,
    )

    # (b) net exports: the study's Table 1 and, when supplied, the user's data
    cells = results["table1"]
    total_cells = cells[
        (cells["partner_group"] == spec["total_partner_group"]) & (cells["year"] == year)
    ].set_index("province_name_en")
    study_values = total_cells["study_net_exports_usd_100m"].reindex(names)
    user_values = total_cells["user_net_exports_usd_100m"].reindex(names)
    has_user = user_values.notna().any()
    height = 0.4 if has_user else 0.7
    offsets = -height / 2 if has_user else 0.0
    positions = np.arange(n)
    ax_net.barh(
        positions + offsets,
        study_values,
        height=height,
        color="0.8",
        edgecolor="0.35",
        hatch="//",
        label=(
            tr("as reported by the study (Table 1), not recomputed")
            if has_user
            else tr(
                "as reported by the study (Table 1), not recomputed;\nno public data (needs "
                "China Customs trade by\nprovince and partner, exports and imports)"
            )
        ),
    )
    if has_user:
        ax_net.barh(
            positions + height / 2,
            user_values,
            height=height,
            color=palette[1],
            label=tr("ours, from the user-supplied province x partner file"),
        )
    ax_net.set_yticks(positions, shown)
    ax_net.invert_yaxis()
    ax_net.axvline(0, color="0.2", linewidth=0.8)
    ax_net.xaxis.set_major_locator(MaxNLocator(5))
    ax_net.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax_net.set_xlabel(tr("Net exports (exports - imports), USD 100 million"))
    ax_net.set_title(
        tr("(b) Net exports {year}: study vs user data", year=year)
        if has_user
        else tr("(b) Net exports {year}: study's values", year=year),
        loc="left",
        fontsize=11,
        fontweight=bold,
    )
    ax_net.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), fontsize=8.5, frameon=False)
    # (c) the nine's share of national trade over time
    share = results["top_share"]
    share = share[share["definition"] == spec["definition"]]
    labels = {
        "fixed_set": tr("the {n} largest of {year}", n=n, year=year),
        "top_n_of_year": tr("each year's {n} largest", n=n),
    }
    for i, (set_name, label) in enumerate(labels.items()):
        line = share[share["province_set"] == set_name]
        ax_share.plot(
            line["year"],
            line["share_of_national_pct"],
            marker="os"[i],
            color=palette[2 + i],
            linestyle="-" if i == 0 else "--",
            label=label,
        )
    threshold = spec.get("share_reference_pct")
    if threshold is not None:
        ax_share.axhline(threshold, color="0.4", linewidth=0.8, linestyle=":")
        ax_share.text(
            share["year"].min(),
            threshold - 3,
            f"{threshold:g}%",
            va="top",
            fontsize=8.5,
            color="0.3",
        )
    first, last = int(share["year"].min()), int(share["year"].max())
    # an axis from 0 to 100%: a decline of a few points looks as small as it is; the first
    # and last values are printed, so that it can still be read
    ax_share.set_ylim(0, 100)
    fixed = share[share["province_set"] == "fixed_set"].set_index("year")["share_of_national_pct"]
    # first value above its point, last below (the reference line's label is under the line)
    for end, align, offset in ((first, "left", 6), (last, "right", -15)):
        if end in fixed.index:
            ax_share.annotate(
                f"{fixed[end]:.1f}%",
                (end, fixed[end]),
                xytext=(0, offset),
                textcoords="offset points",
                ha=align,
                fontsize=8.5,
                color=palette[2],
            )
    figures.year_axis(ax_share, first, last)
    ax_share.tick_params(axis="x", labelrotation=45)
    ax_share.set_xlabel(tr("Year"))
    ax_share.set_ylabel(tr("Share of national trade, %"))
    ax_share.set_title(
        tr("(c) The {n} largest, % of national trade", n=n),
        loc="left",
        fontsize=11,
        fontweight=bold,
    )
    ax_share.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize=8.5, frameon=False)

    headline = ranking["cumulative_share_pct"].iloc[-1]
    fig.suptitle(
        tr(
            "China's {n} largest trading provinces carried {headline:.1f}% of national trade "
            "in {year}",
            n=n,
            headline=headline,
            year=year,
        ),
        x=0.01,
        ha="left",
        fontsize=14 if english else 15,  # Chinese: a size larger instead of bold
        fontweight=bold,
    )
    definition = tr(spec["definition"].replace("_", " "))
    fig.text(
        0.01,
        0.925,
        tr(
            "Provinces by {definition} (NBS); net exports in (b): the study's figures beside "
            "the user-supplied customs data",
            definition=definition,
        )
        if has_user
        else tr(
            "Provinces by {definition} (NBS); net exports in (b) are the study's own figures, "
            "which public data cannot check",
            definition=definition,
        ),
        ha="left",
        fontsize=10.5,
        color="0.25",
    )
    # add_source_note lays out for a one-line title; lay out again below the subtitle
    figures.add_source_note(fig, spec["text"]["source_note"])
    fig.tight_layout(rect=(0, 0.07, 1, 0.915))
    return fig
