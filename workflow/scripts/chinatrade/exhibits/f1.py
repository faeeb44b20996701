"""F1: China's goods balance with the EU, the US, Japan, Korea and Australia.

China-reported (IMF DOTS, to 2020) for every partner; beside it, where our data have them,
the partner's own statistics read the other way round (the US Census, 1985-2024: China's
exports = US imports) and China Customs' own figures for 2021-2024 transcribed from its
releases. The three are kept apart (``reporter_side``, ``source``) and drawn differently.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from chinatrade import figures
from chinatrade.balances import growth_table, partner_balances
from chinatrade.i18n import tr

TABLES = ["bilateral_dots", "census_us_trade_partners_annual", "china_bilateral_transcribed"]


def compute(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, pd.DataFrame]:
    """Tables ``main`` (balance by partner, year and reporter side) and ``growth``."""
    groups, labels = spec["partner_groups"], spec["partner_labels"]
    own = partner_balances(
        tables["bilateral_dots"],
        reporter=spec["reporter"],
        partners=spec["partners"],
        groups=groups,
        first_year=spec["first_year"],
    ).assign(
        reported_by=spec["reporter"],
        valuation="exports FOB, imports CIF (China's statistics)",
        source=spec["source_label"],
    )
    parts = [own, _us_mirror(tables["census_us_trade_partners_annual"], spec)]
    parts.append(_transcribed(tables["china_bilateral_transcribed"], spec))
    main = pd.concat([p for p in parts if not p.empty], ignore_index=True).rename(
        columns={
            "exports_fob_usd_millions": "china_exports_usd_millions",
            "imports_cif_usd_millions": "china_imports_usd_millions",
        }
    )
    main.insert(2, "partner_label", main["partner"].map(labels))
    growth_spec = spec["growth"]
    sign = {p: -1 for p in growth_spec.get("deficit_partners", [])}
    growth = growth_table(own, growth_spec["first_year"], growth_spec["last_year"], sign)
    growth.insert(1, "partner_label", growth["partner"].map(labels))
    growth["reporter_side"] = "own"
    growth["source"] = spec["source_label"]
    return {"main": main, "growth": growth}


def _us_mirror(census: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """China's balance with the US as the US reports it: US imports - US exports."""
    if "USA" not in spec["partners"]:
        return pd.DataFrame()
    china = census[(census["partner_iso3"] == "CHN") & census["complete_year"]]
    china = china[china["year"] >= spec["first_year"]]
    return pd.DataFrame(
        {
            "reporter_iso3": spec["reporter"],
            "partner": "USA",
            "year": china["year"].to_numpy(),
            # China's exports to the US = US general imports (customs value); China's
            # imports from the US = US exports (F.A.S.)
            "exports_fob_usd_millions": china["imports_general_customs_usd_millions"].to_numpy(),
            "imports_cif_usd_millions": china["exports_fas_usd_millions"].to_numpy(),
            "balance_usd_millions": -china["balance_usd_millions"].to_numpy(),
            "members_expected": 1,
            "members_reporting": 1,
            "reporter_side": "mirror",
            "reported_by": "USA",
            "valuation": "exports = US imports (customs value), imports = US exports (F.A.S.)",
            "source": spec["mirror_source_label"],
        }
    )


def _transcribed(transcribed: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """China Customs' own balances after the DOTS vintage ends (USD 100 million -> mn).

    Exports minus imports where a release gives both (exact), else the release's balance
    (often rounded); ``status`` says which. A partner-year with only a total trade figure has
    no balance and does not appear.
    """
    first = spec["transcribed_first_year"]
    rows = transcribed[
        transcribed["partner"].isin(spec["partners"])
        & (transcribed["year"] >= first)
        & ~transcribed["is_partial_year"]
    ]
    values = rows.pivot_table(
        index=["partner", "year"], columns="flow", values="value_usd_100m", aggfunc="first"
    )
    if values.empty:
        return pd.DataFrame()
    statuses = rows.pivot_table(
        index=["partner", "year"], columns="flow", values="status", aggfunc="first"
    )
    from_flows = pd.Series(float("nan"), index=values.index)
    if {"exports", "imports"} <= set(values.columns):
        from_flows = values["exports"] - values["imports"]
    balance_row = values["balance"] if "balance" in values else from_flows * float("nan")
    balance = from_flows.fillna(balance_row)
    status = pd.Series("exports - imports", index=values.index).where(
        from_flows.notna(),
        "balance as released: "
        + (statuses["balance"] if "balance" in statuses else pd.Series("", index=values.index))
        .fillna("")
        .astype(str),
    )
    keep = balance.notna()
    return pd.DataFrame(
        {
            "reporter_iso3": spec["reporter"],
            "partner": balance.index.get_level_values("partner")[keep],
            "year": balance.index.get_level_values("year")[keep],
            "balance_usd_millions": 100 * balance[keep].to_numpy(),
            "reporter_side": "own",
            "reported_by": spec["reporter"],
            "valuation": "China Customs release (USD 100 million)",
            "status": status[keep].to_numpy(),
            "source": spec["transcribed_source_label"],
        }
    )


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


def claims(results: dict[str, pd.DataFrame], spec: dict) -> pd.DataFrame:
    """The study's average growth rates 2000-2019 (C07-C09), compound rate as ours."""
    growth = results["growth"].set_index("partner")
    g = spec["growth"]
    rows = []
    for partner, claim_id in g["claims"].items():
        row = growth.loc[partner]
        rows.append(
            {
                "claim_id": claim_id,
                "our_value": round(row["growth_compound_pct_per_year"], 2),
                "our_text": tr(
                    "compound {compound:.1f}; mean of yearly rates {mean:.1f}",
                    compound=row["growth_compound_pct_per_year"],
                    mean=row["growth_mean_of_yearly_pct_per_year"],
                ),
                "satisfied": None,
                "unit": "percent per year",
                "source": spec["source_label"],
                "reporter_side": "own",
                "vintage": spec["vintage"],
                "definition": (
                    f"compound annual growth of China's {row['measure']} with "
                    f"{row['partner_label']}, {g['first_year']}-{g['last_year']}"
                ),
                "explanation": tr(
                    "The study does not say how it averaged; the compound rate is closer to its "
                    "figure than the mean of yearly rates (both in F1_growth). IMF DOTS "
                    "(China-reported) differs slightly from the customs data the study used."
                ),
            }
        )
    return pd.DataFrame(rows)
