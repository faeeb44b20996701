"""S1: HS section XVI (machinery and electrical equipment) in China's trade with the US.

The study (China Customs data) says that section XVI carries 46.4% of China's exports to
the US and 57% of its surplus with the US in 2018. China-reported trade by HS section is not
available to this workflow, so the shares are computed on the US-reported data (UN Comtrade,
reporter USA, partner China), read from China's side ("mirror"): US imports from China (CIF)
stand for China's exports to the US, US exports to China (FOB) for China's imports from the
US. China-reported *totals* (UN Comtrade, reporter China) are put beside them.

The section helpers (labels, trade by section, shares) are in ``chinatrade.sections``.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from chinatrade import figures
from chinatrade.i18n import join_sentences, tr
from chinatrade.replication import CLAIM_COLUMNS, claim_row
from chinatrade.sections import (
    BILLION,
    IMPORT_VALUATION,
    SECTIONS_TABLE,
    SECTOR_TABLE,
    VALUATION_WORDS,
    ZH_NAMES_ATTR,
    check_section,
    display_section_labels,
    keep_section_names_zh,
    percent,
    section_labels,
    section_names_zh,
    section_trade,
    usd_to_billions,
)
from chinatrade.spec import check_year, require_tables, spec_error

CHINA_TOTALS_TABLE = "china_us_totals_comtrade_chn_reported"
REGIME_TABLE = "trade_by_regime_annual"
DOTS_TABLE = "bilateral_dots"

HUNDRED_MILLION = 1e8


# --------------------------------------------------------------------------- S1 compute


def _check_spec(tables: dict[str, pd.DataFrame], spec: dict) -> dict:
    """Validate the S1 spec against the data; return the checked settings."""
    trade = tables[SECTOR_TABLE]
    years = set(trade["year"].astype(int))
    known_sections = set(tables[SECTIONS_TABLE]["section_no"].astype(int))
    checked = {
        "first_year": check_year(spec.get("first_year"), years, "S1", "first_year"),
        "last_year": check_year(spec.get("last_year"), years, "S1", "last_year"),
        "claim_year": check_year(spec.get("claim_year"), years, "S1", "claim_year"),
        "focus_section": check_section(
            spec.get("focus_section"), known_sections, "S1", "focus_section"
        ),
    }
    if checked["first_year"] > checked["last_year"]:
        raise spec_error("S1", "first_year", "is after 'last_year'")
    if not checked["first_year"] <= checked["claim_year"] <= checked["last_year"]:
        raise spec_error("S1", "claim_year", "is outside first_year-last_year")
    keyed_flows = [("import_flow", spec.get("import_flow"))] + [
        ("variant_import_flows", flow) for flow in spec.get("variant_import_flows", [])
    ]
    for key, flow in keyed_flows:
        if flow not in IMPORT_VALUATION:
            raise spec_error("S1", key, f"{flow!r} is not one of {sorted(IMPORT_VALUATION)}")
    published = set(trade.loc[trade["flow"] == spec["import_flow"], "year"].astype(int))
    missing = sorted(set(range(checked["first_year"], checked["last_year"] + 1)) - published)
    if missing:
        raise spec_error(
            "S1", "import_flow", f"{spec['import_flow']} is not published for {missing}"
        )
    checked["top_years"] = [
        check_year(y, years, "S1", "top_years") for y in spec.get("top_years", [])
    ]
    checked["claim_top_sections"] = [
        check_section(s, known_sections, "S1", "claim_top_sections")
        for s in spec.get("claim_top_sections", [])
    ]
    top_n = spec.get("top_n")
    if not isinstance(top_n, int) or isinstance(top_n, bool) or top_n < 1:
        raise spec_error("S1", "top_n", f"{top_n!r} is not a positive whole number")
    checked["top_n"] = top_n
    return checked


def _china_reported_totals(totals: pd.DataFrame) -> pd.DataFrame:
    """China-reported (own) exports, imports and surplus with the US by year, USD billions."""
    wide = totals.pivot_table(index="year", columns="flow", values="value_usd", aggfunc="sum")
    out = pd.DataFrame(
        {
            "year": wide.index.astype(int),
            "china_reported_exports_to_us_usd_billions": wide["exports_fob"].to_numpy() / BILLION,
            "china_reported_imports_from_us_usd_billions": wide["imports_cif"].to_numpy() / BILLION,
        }
    )
    out["china_reported_surplus_usd_billions"] = (
        out["china_reported_exports_to_us_usd_billions"]
        - out["china_reported_imports_from_us_usd_billions"]
    )
    out["china_reported_source"] = totals["source"].iloc[0]
    out["china_reported_reporter_side"] = "own"
    return out


def _with_shares(by_section: pd.DataFrame) -> pd.DataFrame:
    """Add each section's share of the year's exports, imports and surplus and its rank."""
    out = by_section.copy()
    out["share_of_exports_pct"] = percent(
        out["china_exports_to_us_usd_billions"], out["total_exports_to_us_usd_billions"]
    )
    out["share_of_imports_pct"] = percent(
        out["china_imports_from_us_usd_billions"], out["total_imports_from_us_usd_billions"]
    )
    out["share_of_surplus_pct"] = percent(
        out["china_surplus_usd_billions"], out["total_surplus_usd_billions"]
    )
    out["rank_by_exports"] = (
        out.groupby(["import_valuation", "year"])["china_exports_to_us_usd_billions"]
        .rank(ascending=False, method="first")
        .astype(int)
    )
    return out


def _top_sections(sections: pd.DataFrame, valuation: str, years: list[int], top_n: int):
    """The ``top_n`` sections by share of China's exports to the US in each of ``years``."""
    rows = sections[
        (sections["import_valuation"] == valuation)
        & (sections["year"].isin(years))
        & (sections["rank_by_exports"] <= top_n)
    ].sort_values(["year", "rank_by_exports"])
    out = rows[
        [
            "year",
            "rank_by_exports",
            "section_no",
            "section_roman",
            "section_short_name",
            "section_label",
            "china_exports_to_us_usd_billions",
            "share_of_exports_pct",
            "china_surplus_usd_billions",
            "share_of_surplus_pct",
        ]
    ].copy()
    out["cumulative_share_of_exports_pct"] = out.groupby("year")["share_of_exports_pct"].cumsum()
    out.insert(1, "import_valuation", valuation)
    return out.reset_index(drop=True)


def _regime_context(regime: pd.DataFrame, year: int) -> pd.DataFrame:
    """China's exports, all goods, by regime aggregate in ``year`` (China Customs, own)."""
    wanted = {
        "total": "all regimes",
        "processing_total_AGG": "processing, customs definition (assembly + imported materials)",
        "non_ordinary_AGG": "everything except ordinary trade (the study's 'processing')",
    }
    rows = regime[
        (regime["year"] == year)
        & (regime["flow"] == "exports")
        & (~regime["is_partial_year"])
        & (regime["regime_code"].isin(wanted))
    ]
    if set(rows["regime_code"]) != set(wanted):
        raise spec_error("S1", "regime_context", f"{REGIME_TABLE} has no full year {year}")
    total = rows.loc[rows["regime_code"] == "total", "value_usd_100m"].iloc[0]
    out = pd.DataFrame(
        {
            "year": year,
            "flow": "china_exports_all_partners",
            "product_scope": "all goods",
            "regime_code": rows["regime_code"].to_numpy(),
            "regime_definition": rows["regime_code"].map(wanted).to_numpy(),
            "value_usd_100m": rows["value_usd_100m"].to_numpy(),
        }
    )
    out["share_of_exports_pct"] = 100 * out["value_usd_100m"] / total
    out["method"] = rows["method"].to_numpy()
    out["source"] = rows["source"].iloc[0]
    out["reporter_side"] = "own"
    return out.sort_values("regime_code", ignore_index=True)


def _partner_context(dots: pd.DataFrame, reporter: str, partners: list[str], year: int):
    """China's (own) total balance with ``partners`` in ``year``, IMF DOTS, USD billions."""
    rows = dots[
        (dots["reporter_iso3"] == reporter)
        & (dots["partner_code"].isin(partners))
        & (dots["year"] == year)
    ]
    wide = rows.pivot_table(
        index="partner_code", columns="flow", values="value_usd_millions", aggfunc="sum"
    )
    absent = sorted(set(partners) - set(wide.dropna().index))
    if absent:
        raise spec_error("S1", "partner_context", f"no {reporter} trade with {absent} in {year}")
    out = pd.DataFrame(
        {
            "year": year,
            "reporter_iso3": reporter,
            "partner": wide.index,
            "exports_fob_usd_billions": wide["exports_fob"].to_numpy() / 1000,
            "imports_cif_usd_billions": wide["imports_cif"].to_numpy() / 1000,
        }
    )
    out["balance_usd_billions"] = out["exports_fob_usd_billions"] - out["imports_cif_usd_billions"]
    out["product_scope"] = "all goods"
    out["source"] = "IMF DOTS"
    out["reporter_side"] = "own"
    return out.reset_index(drop=True)


def compute(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, pd.DataFrame]:
    """The S1 tables.

    - ``main``: the focus section (XVI) by year and import valuation: China's exports to,
      imports from and surplus with the US (mirror), the year totals, the section's shares,
      and beside them China-reported totals where they exist (2013-2023).
    - ``sections``: every section by year and import valuation, with shares and rank.
    - ``top_sections``: the ``top_n`` sections by share of exports in each of ``top_years``.
    - ``regime_context`` (if ``regime_context`` is set): all-goods exports by regime.
    - ``partner_context`` (if ``partner_context`` is set): China's total balances with
      Japan and Korea, the denominators of the study's deficit shares.
    """
    require_tables(tables, [SECTOR_TABLE, CHINA_TOTALS_TABLE, SECTIONS_TABLE], "S1")
    checked = _check_spec(tables, spec)
    trade = tables[SECTOR_TABLE]
    labels = section_labels(tables[SECTIONS_TABLE], spec.get("section_short_names"))
    first, last = checked["first_year"], checked["last_year"]

    flows = [spec["import_flow"], *spec.get("variant_import_flows", [])]
    parts = [section_trade(trade, labels, flow, first, last) for flow in flows]
    by_section = usd_to_billions(pd.concat([p for p in parts if not p.empty], ignore_index=True))
    sections = _with_shares(by_section)
    sections["source"] = spec["source_label"]
    sections["reporter_side"] = "mirror"
    sections["reported_by"] = trade["reporter_iso3"].iloc[0]

    focus = sections[sections["section_no"] == checked["focus_section"]].drop(
        columns=["share_of_imports_pct", "rank_by_exports", "source", "reporter_side"]
    )
    main = focus.merge(_china_reported_totals(tables[CHINA_TOTALS_TABLE]), on="year", how="left")
    main["mirror_to_china_reported_exports_ratio"] = (
        main["total_exports_to_us_usd_billions"] / main["china_reported_exports_to_us_usd_billions"]
    )
    main["mirror_source"] = spec["source_label"]
    main["mirror_reporter_side"] = "mirror"
    main = main.sort_values(["import_valuation", "year"], ignore_index=True)

    valuation = IMPORT_VALUATION[spec["import_flow"]]
    top_years = checked["top_years"] or [checked["claim_year"], last]
    results = {
        "main": main,
        "sections": sections.sort_values(
            ["import_valuation", "year", "section_no"], ignore_index=True
        ),
        "top_sections": _top_sections(sections, valuation, top_years, checked["top_n"]),
    }
    if "regime_context" in spec:
        require_tables(tables, [REGIME_TABLE], "S1")
        year = check_year(
            spec["regime_context"].get("year"),
            set(tables[REGIME_TABLE]["year"].astype(int)),
            "S1",
            "regime_context",
        )
        results["regime_context"] = _regime_context(tables[REGIME_TABLE], year)
    if "partner_context" in spec:
        require_tables(tables, [DOTS_TABLE], "S1")
        context = spec["partner_context"]
        year = check_year(
            context.get("year"),
            set(tables[DOTS_TABLE]["year"].astype(int)),
            "S1",
            "partner_context",
        )
        results["partner_context"] = _partner_context(
            tables[DOTS_TABLE], context["reporter"], list(context["partners"]), year
        )
    keep_section_names_zh(results, section_names_zh(tables[SECTIONS_TABLE]))
    return results


# --------------------------------------------------------------------------- S1 plot


def _mark_tariff_events(ax: plt.Axes, events: dict) -> None:
    """Dashed vertical lines at the tariff years, labelled upwards from the panel's foot."""
    for year, label in sorted((int(y), str(t)) for y, t in (events or {}).items()):
        ax.axvline(year, color="0.45", linestyle="--", linewidth=0.9, zorder=0)
        ax.annotate(
            label,
            xy=(year, 0.0),
            xycoords=("data", "axes fraction"),
            xytext=(-3, 4),
            textcoords="offset points",
            ha="right",
            va="bottom",
            fontsize=8.5,
            color="0.3",
            rotation=90,
        )


def plot(results: dict[str, pd.DataFrame], spec: dict) -> plt.Figure:
    """Left: the focus section's share of exports and of the surplus by year, tariff years
    marked. Right: the top sections by share of exports in the first and last top year."""
    figures.apply_style()
    valuation = IMPORT_VALUATION[spec["import_flow"]]
    names = results["main"].attrs.get(ZH_NAMES_ATTR, {})
    main = results["main"][results["main"]["import_valuation"] == valuation]
    label = display_section_labels(main, names).iloc[0]
    first, last = int(main["year"].min()), int(main["year"].max())

    fig, (ax_share, ax_top) = plt.subplots(
        1, 2, figsize=(13, 6.4), gridspec_kw={"width_ratios": [1.1, 1]}
    )
    shares = main.melt(
        id_vars="year",
        value_vars=["share_of_exports_pct", "share_of_surplus_pct"],
        var_name="measure",
        value_name="share_pct",
    )
    shares["measure"] = shares["measure"].map(
        {
            "share_of_exports_pct": tr("of China's exports to the US"),
            "share_of_surplus_pct": tr("of China's surplus with the US"),
        }
    )
    sns.lineplot(
        data=shares,
        x="year",
        y="share_pct",
        hue="measure",
        style="measure",
        markers=True,
        dashes=False,
        ax=ax_share,
    )
    _mark_tariff_events(ax_share, spec["text"].get("tariff_events"))
    # Head room above the lines for the legend; the foot is kept for the tariff labels.
    ax_share.set_ylim(0, float(shares["share_pct"].max()) * 1.4)
    ax_share.set_xlabel(tr("Year"))
    ax_share.set_ylabel(tr("Share of section {roman}, percent", roman=label.split(" ")[0]))
    figures.year_axis(ax_share, first, last)
    ax_share.legend(
        title=tr("Share of {label}", label=label), loc="upper left", ncols=2, fontsize=9.5
    )

    top = results["top_sections"]
    years = sorted(top["year"].unique())
    latest = top[top["year"] == years[-1]]
    order = list(display_section_labels(latest, names))
    bars = results["sections"]
    bars = bars[
        (bars["import_valuation"] == valuation)
        & (bars["year"].isin(years))
        & (bars["section_label"].isin(latest["section_label"]))
    ].assign(year=lambda d: d["year"].astype(str))
    bars = bars.assign(chart_label=display_section_labels(bars, names))
    sns.barplot(
        data=bars,
        y="chart_label",
        x="share_of_exports_pct",
        hue="year",
        order=order,
        hue_order=[str(y) for y in years],
        orient="h",
        palette="Blues",
        ax=ax_top,
    )
    for container in ax_top.containers:
        ax_top.bar_label(container, fmt="%.1f", fontsize=8.5, padding=2)
    ax_top.set_xlim(0, float(bars["share_of_exports_pct"].max()) * 1.15)
    ax_top.set_xlabel(tr("Share of China's exports to the US, percent"))
    ax_top.set_ylabel("")
    ax_top.legend(title=tr("Year"), loc="lower right")
    ax_top.set_title(
        tr(
            "Top {n} HS sections in {year} by share of exports, {others} beside",
            n=len(order),
            year=years[-1],
            others=", ".join(str(y) for y in years[:-1]),
        ),
        loc="left",
        fontsize=10.5,
        fontweight="normal",
        color="0.25",
    )
    figures.set_titles(
        fig,
        ax_share,
        tr("{title}, {first}-{last}", title=spec["text"]["title"], first=first, last=last),
        tr(
            "Mirror data (US-reported), {imports}; dashed lines: tariff years",
            imports=tr(f"imports {VALUATION_WORDS[valuation]}"),
        ),
    )
    figures.add_source_note(fig, spec["text"]["source_note"])
    return fig


# --------------------------------------------------------------------------- S1 claims


def claims(results: dict[str, pd.DataFrame], spec: dict) -> pd.DataFrame:
    """Our values for C32-C44; the non-computable ones get NaN and the data they need."""
    valuation = IMPORT_VALUATION[spec["import_flow"]]
    year = int(spec["claim_year"])
    main = results["main"].set_index(["import_valuation", "year"])
    focus = main.loc[(valuation, year)]
    label = focus["section_label"]
    roman = focus["section_roman"]
    vintage = f"{spec['vintage']}; HS edition {focus['hs_vintage']} in {year}"
    source = spec["source_label"]

    def fmt(value: float) -> str:
        return f"{value:.1f}"

    exports_mirror = focus["total_exports_to_us_usd_billions"]
    exports_own = focus["china_reported_exports_to_us_usd_billions"]
    surplus_mirror = focus["total_surplus_usd_billions"]
    surplus_own = focus["china_reported_surplus_usd_billions"]
    study_side = tr(
        "The study used China Customs (China-reported) data by HS section; ours is the "
        "US-reported mirror with US imports {valued}.",
        valued=tr(f"valued {VALUATION_WORDS[valuation]}"),
    )
    totals_gap = tr(
        "In {year} the mirror puts China's total exports to the US at USD {exports:.1f} bn and "
        "its surplus at {surplus:.1f} bn, against China-reported {exports_own:.1f} bn and "
        "{surplus_own:.1f} bn (Hong Kong re-exports, CIF, timing).",
        year=year,
        exports=exports_mirror,
        surplus=surplus_mirror,
        exports_own=exports_own,
        surplus_own=surplus_own,
    )
    level_gap = join_sentences(study_side, totals_gap)
    share_note = join_sentences(
        study_side, tr("Levels differ more than shares between the two reporter sides.")
    )
    customs_note = ""
    if ("customs_value", year) in main.index:
        customs = main.loc[("customs_value", year)]
        customs_note = tr(
            "On the US customs-value basis: exports {exports:.1f} bn, share {share:.1f}%, "
            "surplus {surplus:.1f} bn, share {surplus_share:.1f}% (sections table).",
            exports=customs["china_exports_to_us_usd_billions"],
            share=customs["share_of_exports_pct"],
            surplus=customs["china_surplus_usd_billions"],
            surplus_share=customs["share_of_surplus_pct"],
        )
    mirror = dict(source=source, reporter_side="mirror", vintage=vintage)
    rows = [
        claim_row(
            "C32",
            our_value=focus["china_exports_to_us_usd_billions"],
            our_text=fmt(focus["china_exports_to_us_usd_billions"]),
            unit="billion USD",
            definition=f"US imports from China of section {label}, {year}, USD billion",
            explanation=join_sentences(level_gap, customs_note),
            **mirror,
        ),
        claim_row(
            "C33",
            our_value=focus["share_of_exports_pct"],
            our_text=fmt(focus["share_of_exports_pct"]),
            unit="percent",
            definition=f"section {roman} / all US imports from China, {year}, percent",
            explanation=join_sentences(share_note, customs_note),
            **mirror,
        ),
        claim_row(
            "C34",
            our_value=focus["china_surplus_usd_billions"],
            our_text=fmt(focus["china_surplus_usd_billions"]),
            unit="billion USD",
            definition=(
                f"section {roman}: US imports from China - US exports to China, {year}, USD billion"
            ),
            explanation=join_sentences(level_gap, customs_note),
            **mirror,
        ),
        claim_row(
            "C35",
            our_value=focus["share_of_surplus_pct"],
            our_text=fmt(focus["share_of_surplus_pct"]),
            unit="percent",
            definition=f"section {roman} surplus / China's total surplus with the US, {year}",
            explanation=join_sentences(share_note, customs_note),
            **mirror,
        ),
    ]
    rows += _japan_korea_rows(results, spec, roman, year)
    rows.append(_top_three_row(results, spec, valuation, year, share_note, mirror))
    rows += _regime_and_province_rows(results, spec, roman, year)
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)


def _japan_korea_rows(results: dict, spec: dict, roman: str, year: int) -> list[dict]:
    """C36-C39: need China-Japan and China-Korea trade by HS section (absent)."""
    context = results.get("partner_context")
    totals = {}
    if context is not None:
        totals = context.set_index("partner")["balance_usd_billions"].to_dict()
    names = {"JPN": "Japan", "KOR": "Korea"}
    rows = []
    for claim_id, partner, measure in (
        ("C36", "JPN", "deficit"),
        ("C37", "KOR", "deficit"),
        ("C38", "JPN", "share"),
        ("C39", "KOR", "share"),
    ):
        context_text = ""
        if partner in totals:
            context_text = tr(
                "For reference, China's total {year} balance with {partner} was USD "
                "{balance:+.1f} bn (IMF DOTS, China-reported; negative: deficit), the "
                "denominator of the study's share.",
                year=year,
                partner=tr(names[partner]),
                balance=totals[partner],
            )
        rows.append(
            claim_row(
                claim_id,
                our_value=math.nan,
                our_text="not computable",
                unit="billion USD" if measure == "deficit" else "percent",
                source="",
                reporter_side="not computed",
                vintage="",
                definition=(
                    f"section {roman} balance with {names[partner]}, {year}"
                    + (" / China's total balance with it" if measure == "share" else "")
                ),
                explanation=join_sentences(
                    tr(
                        "Needs China's trade with {partner} by HS section (China Customs, or "
                        "{partner}'s Comtrade report as a mirror); the workflow only has "
                        "US-China sector data.",
                        partner=tr(names[partner]),
                    ),
                    context_text,
                ),
            )
        )
    return rows


def _top_three_row(
    results: dict, spec: dict, valuation: str, year: int, share_note: str, mirror: dict
) -> dict:
    """C40: share of the study's three named sections in China's exports to the US."""
    named = [int(s) for s in spec["claim_top_sections"]]
    sections = results["sections"]
    year_rows = sections[(sections["import_valuation"] == valuation) & (sections["year"] == year)]
    share = float(year_rows.loc[year_rows["section_no"].isin(named), "share_of_exports_pct"].sum())
    ours = year_rows.nsmallest(len(named), "rank_by_exports")
    same = set(ours["section_no"]) == set(named)
    romans = year_rows.set_index("section_no")["section_roman"]
    return claim_row(
        "C40",
        our_value=share,
        our_text=f"{share:.1f}",
        unit="percent",
        definition=(
            "sections " + ", ".join(romans[s] for s in named) + f" / all US imports from China, "
            f"{year}"
        ),
        explanation=join_sentences(
            tr(
                "Our top {n} sections by exports are {sections} (the same as the study's)."
                if same
                else "Our top {n} sections by exports are {sections} (not the study's).",
                n=len(named),
                sections=", ".join(ours["section_roman"]),
            ),
            share_note,
        ),
        **mirror,
    )


def _regime_and_province_rows(results: dict, spec: dict, roman: str, year: int) -> list[dict]:
    """C41-C44: need trade by HS section and customs regime, or by province and section."""
    regime = results.get("regime_context")
    context = {}
    if regime is not None:
        context = regime.set_index("regime_code")[["value_usd_100m", "share_of_exports_pct"]]
    needs_section = tr(
        "Needs China's {year} exports to all partners by HS section (China Customs statistics "
        "by commodity); the workflow has China's sector trade with the US only (mirror).",
        year=year,
    )
    needs_regime = tr(
        "Needs China's {year} exports by HS section and customs regime (China Customs "
        "statistics by commodity and trade mode); the workflow has regimes for all goods only.",
        year=year,
    )

    def all_goods(code: str, column: str) -> float:
        return float(context.loc[code, column]) if len(context) else math.nan

    total = all_goods("total", "value_usd_100m")
    processing = all_goods("processing_total_AGG", "value_usd_100m")
    non_ordinary = all_goods("non_ordinary_AGG", "value_usd_100m")
    reference = {}
    if len(context):
        reference = {
            "C41": tr(
                "For reference, China's {year} exports of all goods: {total:,.0f} (100 million "
                "USD, China Customs).",
                year=year,
                total=total,
            ),
            "C42": tr(
                "For reference, all-goods processing exports in {year}: {processing:,.0f} "
                "(customs definition) or {non_ordinary:,.0f} (all non-ordinary trade), 100 "
                "million USD.",
                year=year,
                processing=processing,
                non_ordinary=non_ordinary,
            ),
            "C43": tr(
                "For reference, the all-goods processing share of exports in {year}: "
                "{processing:.1f}% (customs definition) or {non_ordinary:.1f}% (non-ordinary).",
                year=year,
                processing=all_goods("processing_total_AGG", "share_of_exports_pct"),
                non_ordinary=all_goods("non_ordinary_AGG", "share_of_exports_pct"),
            ),
        }
    rows = []
    for claim_id, unit, definition in (
        ("C41", "100 million USD", f"China's exports of section {roman}, all partners, {year}"),
        ("C42", "100 million USD", f"processing exports of section {roman}, {year}"),
        ("C43", "percent", f"processing exports / exports of section {roman}, {year}"),
    ):
        rows.append(
            claim_row(
                claim_id,
                our_value=math.nan,
                our_text="not computable",
                unit=unit,
                reporter_side="not computed",
                definition=definition,
                explanation=join_sentences(
                    needs_section if claim_id == "C41" else needs_regime,
                    reference.get(claim_id, ""),
                ),
            )
        )
    rows.append(
        claim_row(
            "C44",
            our_value=math.nan,
            our_text="not computable",
            unit="percent",
            reporter_side="not computed",
            definition=f"Guangdong and section {roman} exports, {year} (see explanation)",
            explanation=tr(
                "Needs exports by province and HS section (China Customs, by location of the "
                "trading unit); the NBS provincial table has total trade only. The study's "
                "sentence (...出口在行业出口总额的比重) reads as each province's share of China's "
                "section {roman} exports, not the section's share of the province's own exports, "
                "as the claim label has it.",
                roman=roman,
            ),
        )
    )
    return rows
