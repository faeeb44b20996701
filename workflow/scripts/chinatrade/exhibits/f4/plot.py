"""F4 figure: a heatmap of China's balance with the US by HS section and year."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.colors import SymLogNorm
from matplotlib.patches import Rectangle

from chinatrade import figures
from chinatrade.i18n import tr
from chinatrade.sections import (
    IMPORT_VALUATION,
    VALUATION_WORDS,
    ZH_NAMES_ATTR,
    display_section_labels,
)


def _annotation(value: float) -> str:
    """Cell text: whole billions from 100 up, two decimals below 0.1 (so that the sign of a
    tiny balance still shows), one decimal otherwise; blank for no value."""
    if math.isnan(value):
        return ""
    if abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:.1f}" if abs(value) >= 0.1 else f"{value:.2f}"


def plot(results: dict[str, pd.DataFrame], spec: dict) -> plt.Figure:
    """Heatmap: HS sections (rows, by balance in the first compared year) x years, the cell
    colour and number China's balance with the US; the compared years framed, the sections
    below the 'major' threshold marked with an asterisk."""
    figures.apply_style()
    main = results["main"]
    compared = sorted(int(y) for y in spec["compared_years"])
    order = (
        main[main["year"] == compared[0]]
        .sort_values("balance_usd_billions", ascending=False)["section_no"]
        .tolist()
    )
    labels = main.drop_duplicates("section_no").set_index("section_no", drop=False)
    shown = display_section_labels(labels, main.attrs.get(ZH_NAMES_ATTR, {}))
    row_labels = [shown[s] + ("" if labels.loc[s, "is_major"] else " *") for s in order]
    grid = main.pivot_table(index="section_no", columns="year", values="balance_usd_billions")
    grid = grid.reindex(order)
    years = [int(y) for y in grid.columns]

    fig, ax = plt.subplots(figsize=(12, 9))
    limit = float(np.nanmax(np.abs(grid.to_numpy())))
    # A symmetric log colour scale: section XVI's ~USD 200 bn would otherwise wash out every
    # other section; within +-1 bn the scale is linear so the sign still shows in the colour.
    norm = SymLogNorm(linthresh=1.0, linscale=0.6, vmin=-limit, vmax=limit, base=10)
    sns.heatmap(
        grid.to_numpy(),
        ax=ax,
        cmap="RdBu_r",
        norm=norm,
        annot=np.vectorize(_annotation)(grid.to_numpy()),
        fmt="",
        annot_kws={"fontsize": 8.5},
        linewidths=0.5,
        linecolor="white",
        xticklabels=years,
        yticklabels=row_labels,
        cbar_kws={
            "label": tr("China's balance with the US, USD billion (symmetric log colour scale)"),
            "shrink": 0.8,
            "pad": 0.02,
        },
    )
    colorbar = ax.collections[0].colorbar
    ticks = [t for t in (-100, -10, -1, 0, 1, 10, 100) if abs(t) <= limit]
    colorbar.set_ticks(ticks)
    colorbar.set_ticklabels([f"{t:+d}" if t else "0" for t in ticks])
    first_col = years.index(compared[0])
    last_col = years.index(compared[-1])
    ax.add_patch(
        Rectangle(
            (first_col, 0),
            last_col - first_col + 1,
            len(order),
            fill=False,
            edgecolor="black",
            linewidth=2,
            clip_on=False,
        )
    )
    ax.tick_params(axis="x", rotation=0)
    ax.tick_params(axis="y", rotation=0)
    ax.set_xlabel(tr("Year (framed: compared tariff years)"))
    ax.set_ylabel("")
    ax.grid(False)
    threshold = spec["major_min_share_of_bilateral_trade_pct"]
    valuation = IMPORT_VALUATION[spec["import_flow"]]
    figures.set_titles(
        fig,
        ax,
        tr("{title}, {first}-{last}", title=spec["text"]["title"], first=years[0], last=years[-1]),
        tr(
            "Mirror data (US-reported, {imports}), USD billion; red: Chinese surplus, blue: "
            "Chinese deficit",
            imports=tr(f"imports {VALUATION_WORDS[valuation]}"),
        )
        + "\n"
        + tr(
            "* minor section: below {threshold:g}% of China-US trade in {first}-{last}",
            threshold=threshold,
            first=compared[0],
            last=compared[-1],
        ),
    )
    figures.add_source_note(fig, spec["text"]["source_note"])
    return fig
