"""F6: Japan (and Korea): exports to the US vs direct investment in the US, as shares.

Two shares per country, by year:

* ``exports_share``: the country's goods exports (FOB) to the partner (the US) as a percentage
  of its exports to the world, from IMF DOTS as the country itself reports them (``own``),
  1960-2020;
* ``fdi_share``: the country's direct-investment position in the partner as a percentage of
  its total outward position. The numerator is BEA's foreign direct investment in the US by
  country of the foreign parent (historical cost, compiled by the US: ``mirror`` from the
  country's viewpoint, 2008-2019 only); the denominator is the country's outward FDI position
  in the External Wealth of Nations database (Lane and Milesi-Ferretti), which follows the
  country's own IIP (market value or mixed). The valuations differ, so the share is not
  like-for-like; every row says so (``valuation_consistent``).

Years without a numerator or denominator are gaps, never zeros. Transcribed check values (a
BEA Japan-in-US position of 2004 quoted from the Survey of Current Business) are shown beside
the data as context only: they never enter a share, a period statistic or ``our_value``.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from chinatrade import figures, i18n
from chinatrade.fdi_series import compiled_by, position_series, reporter_side
from chinatrade.i18n import join_sentences, tr
from chinatrade.ingest.fdi import REPORTED
from chinatrade.replication import CLAIM_COLUMNS
from chinatrade.spec import spec_value, spec_year
from chinatrade.years import years_text

TABLES = ["bilateral_dots", "fdi_positions", "fdi_check_values"]

EXPORTS_SHARE = "exports_share"
FDI_SHARE = "fdi_share"
SERIES = (EXPORTS_SHARE, FDI_SHARE)
STATEMENTS = ("period_mean", "below", "above", "period_peak")
MISSING = "missing"  # DOTS has no value for the year

MAIN_COLUMNS = [
    "country_iso3",
    "country_label",
    "series",
    "series_label",
    "year",
    "numerator_usd_millions",
    "denominator_usd_millions",
    "share_pct",
    "has_data",
    "numerator_flag",
    "denominator_flag",
    "numerator_measure",
    "denominator_measure",
    "numerator_valuation",
    "denominator_valuation",
    "valuation_consistent",
    "numerator_reported_by",
    "denominator_reported_by",
    "numerator_reporter_side",
    "denominator_reporter_side",
    "reporter_side",
    "imf_estimate",
    "numerator_source",
    "denominator_source",
]


# --- spec ---------------------------------------------------------------------------------


def check_spec(spec: dict, dots: pd.DataFrame, positions: pd.DataFrame) -> None:
    """Refuse a spec naming a country, partner, measure or year the tables lack.

    Errors are ValueErrors naming the spec key. The exhibit's years must lie inside the
    DOTS years of every country (the export share is the long series); a claim window must
    lie inside the exhibit's years but may reach years without FDI data (the claim then
    says what data it needs).
    """
    first, last = spec_year(spec, "first_year"), spec_year(spec, "last_year")
    if first > last:
        raise ValueError(f"spec key 'first_year' ({first}) is after 'last_year' ({last})")
    countries = spec_value(spec, "countries")
    if not isinstance(countries, dict) or not countries:
        raise ValueError("spec key 'countries' must map ISO3 codes to labels")
    partner = spec_value(spec, "partner")
    exports = spec_value(spec, "exports")
    for key in ("flow", "total", "source_label", "vintage"):
        spec_value(exports, key, "exports.")
    fdi = spec_value(spec, "fdi")
    for key in ("position_measure", "total_measure", "total_partner"):
        spec_value(fdi, key, "fdi.")
    for country in countries:
        own = dots[dots["reporter_iso3"] == country]
        if own.empty:
            raise ValueError(f"spec key 'countries': {country!r} reports nothing in IMF DOTS")
        for key, code in (("partner", partner), ("exports.total", exports["total"])):
            if code not in set(own["partner_code"]):
                raise ValueError(f"spec key '{key}': {country} reports no trade with {code!r}")
        if exports["flow"] not in set(own["flow"]):
            raise ValueError(f"spec key 'exports.flow': {exports['flow']!r} is not a DOTS flow")
        data_first, data_last = int(own["year"].min()), int(own["year"].max())
        for key, year in (("first_year", first), ("last_year", last)):
            if not data_first <= year <= data_last:
                raise ValueError(
                    f"spec key '{key}' ({year}) is outside the DOTS years of {country} "
                    f"({data_first}-{data_last})"
                )
        for key, measure, investor, host in (
            ("fdi.position_measure", fdi["position_measure"], country, partner),
            ("fdi.total_measure", fdi["total_measure"], country, fdi["total_partner"]),
        ):
            rows = positions[
                (positions["measure"] == measure)
                & (positions["investor_iso3"] == investor)
                & (positions["host_iso3"] == host)
            ]
            if rows.empty:
                raise ValueError(
                    f"spec key '{key}': no {measure!r} positions of {investor} in {host}"
                )
    for claim_id, claim in spec_value(spec, "claims").items():
        where = f"claims.{claim_id}."
        if spec_value(claim, "statement", where) not in STATEMENTS:
            raise ValueError(f"spec key '{where}statement' must be one of {STATEMENTS}")
        if spec_value(claim, "country", where) not in countries:
            raise ValueError(f"spec key '{where}country': {claim['country']!r} not in 'countries'")
        if spec_value(claim, "series", where) not in SERIES:
            raise ValueError(f"spec key '{where}series' must be one of {SERIES}")
        for key in ("first_year", "last_year"):
            if key in claim:
                year = spec_year(claim, key, where)
                if not first <= year <= last:
                    raise ValueError(
                        f"spec key '{where}{key}' ({year}) is outside the exhibit's years "
                        f"{first}-{last}"
                    )
        if claim["statement"] in ("period_mean", "period_peak"):
            spec_year(claim, "first_year", where)
            spec_year(claim, "last_year", where)
        if claim["statement"] in ("below", "above"):
            spec_value(claim, "threshold_pct", where)


# --- shares -------------------------------------------------------------------------------


def export_shares(dots: pd.DataFrame, country: str, spec: dict) -> pd.DataFrame:
    """Exports to the partner / exports to the world, % (DOTS, the country's own report)."""
    exports = spec["exports"]
    rows = dots[(dots["reporter_iso3"] == country) & (dots["flow"] == exports["flow"])]
    years = pd.RangeIndex(spec["first_year"], spec["last_year"] + 1, name="year")
    to_partner = rows[rows["partner_code"] == spec["partner"]].set_index("year").reindex(years)
    to_world = rows[rows["partner_code"] == exports["total"]].set_index("year").reindex(years)
    numerator = to_partner["value_usd_millions"]
    denominator = to_world["value_usd_millions"]
    estimate = to_partner["imf_estimate"].fillna(False).astype(bool) | to_world[
        "imf_estimate"
    ].fillna(False).astype(bool)
    flow = exports["flow"]
    return pd.DataFrame(
        {
            "year": years.to_numpy(),
            "numerator_usd_millions": numerator.to_numpy(),
            "denominator_usd_millions": denominator.to_numpy(),
            "numerator_flag": np.where(numerator.notna(), REPORTED, MISSING),
            "denominator_flag": np.where(denominator.notna(), REPORTED, MISSING),
            "numerator_measure": f"DOTS {flow} to {spec['partner']}",
            "denominator_measure": f"DOTS {flow} to {exports['total']}",
            "numerator_valuation": flow,
            "denominator_valuation": flow,
            "numerator_reported_by": country,
            "denominator_reported_by": country,
            "imf_estimate": estimate.to_numpy(),
            "numerator_source": exports["source_label"],
            "denominator_source": exports["source_label"],
        }
    )


def fdi_shares(positions: pd.DataFrame, country: str, spec: dict) -> pd.DataFrame:
    """Position in the partner / total outward position, % (BEA over EWN; see module doc)."""
    fdi = spec["fdi"]
    first, last = spec["first_year"], spec["last_year"]
    entry = {"measure": fdi["position_measure"], "investor": country, "host": spec["partner"]}
    total = {"measure": fdi["total_measure"], "investor": country, "host": fdi["total_partner"]}
    numerator = position_series(positions, entry, first, last, viewpoint=country)
    denominator = position_series(positions, total, first, last, viewpoint=country)
    return pd.DataFrame(
        {
            "year": numerator["year"].to_numpy(),
            "numerator_usd_millions": numerator["position_usd_millions"].to_numpy(),
            "denominator_usd_millions": denominator["position_usd_millions"].to_numpy(),
            "numerator_flag": numerator["value_flag"].to_numpy(),
            "denominator_flag": denominator["value_flag"].to_numpy(),
            "numerator_measure": entry["measure"],
            "denominator_measure": total["measure"],
            "numerator_valuation": numerator["valuation_basis"].to_numpy(),
            "denominator_valuation": denominator["valuation_basis"].to_numpy(),
            "numerator_reported_by": compiled_by(entry["measure"], country, spec["partner"]),
            "denominator_reported_by": compiled_by(total["measure"], country, fdi["total_partner"]),
            "imf_estimate": False,
            "numerator_source": numerator["source"].to_numpy(),
            "denominator_source": denominator["source"].to_numpy(),
        }
    )


def _finish(table: pd.DataFrame, country: str, label: str, series: str, spec: dict):
    """Share, sides, labels: the columns common to both series."""
    usable = (
        (table["numerator_flag"] == REPORTED)
        & (table["denominator_flag"] == REPORTED)
        & (table["denominator_usd_millions"] > 0)
    )
    table["share_pct"] = (
        100 * table["numerator_usd_millions"] / table["denominator_usd_millions"]
    ).where(usable)
    table["has_data"] = usable
    table["valuation_consistent"] = table["numerator_valuation"] == table["denominator_valuation"]
    for part in ("numerator", "denominator"):
        table[f"{part}_reporter_side"] = table[f"{part}_reported_by"].map(
            lambda who: reporter_side(who, country)
        )
    sides = table["numerator_reporter_side"] + "/" + table["denominator_reporter_side"]
    table["reporter_side"] = sides.map({"own/own": "own", "mirror/mirror": "mirror"}).fillna(
        "mixed: numerator "
        + table["numerator_reporter_side"]
        + ", denominator "
        + table["denominator_reporter_side"]
    )
    table.insert(0, "country_iso3", country)
    table.insert(1, "country_label", label)
    table.insert(2, "series", series)
    table.insert(3, "series_label", spec["series_labels"][series])
    return table


# --- period statistics --------------------------------------------------------------------


def period_stats(main: pd.DataFrame, country: str, series: str, first: int, last: int) -> dict:
    """Mean of yearly shares, share of summed values, min and max, years with/without data."""
    rows = main[
        (main["country_iso3"] == country)
        & (main["series"] == series)
        & main["year"].between(first, last)
    ]
    data = rows[rows["has_data"]]
    lacking = rows.loc[~rows["has_data"], "year"]
    stats = {
        "country_iso3": country,
        "series": series,
        "first_year": first,
        "last_year": last,
        "n_years": last - first + 1,
        "n_years_with_data": len(data),
        "years_with_data": years_text(data["year"]),
        "years_lacking_data": years_text(lacking),
        "mean_of_yearly_shares_pct": math.nan,
        "share_of_summed_values_pct": math.nan,
        "min_share_pct": math.nan,
        "min_share_year": math.nan,
        "max_share_pct": math.nan,
        "max_share_year": math.nan,
    }
    if data.empty:
        return stats
    low, high = data.loc[data["share_pct"].idxmin()], data.loc[data["share_pct"].idxmax()]
    stats |= {
        "mean_of_yearly_shares_pct": data["share_pct"].mean(),
        "share_of_summed_values_pct": 100
        * data["numerator_usd_millions"].sum()
        / data["denominator_usd_millions"].sum(),
        "min_share_pct": low["share_pct"],
        "min_share_year": int(low["year"]),
        "max_share_pct": high["share_pct"],
        "max_share_year": int(high["year"]),
    }
    return stats


def periods_table(main: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """The statistics of every country, series and summary period of the spec."""
    records = []
    for country, label in spec["countries"].items():
        for series in SERIES:
            for name, (first, last) in spec.get("summary_periods", {}).items():
                stats = period_stats(main, country, series, int(first), int(last))
                records.append({"period": name, "country_label": label} | stats)
    table = pd.DataFrame(records)
    if table.empty:
        return table
    sides = main.drop_duplicates(["country_iso3", "series"]).set_index(["country_iso3", "series"])[
        "reporter_side"
    ]
    table["reporter_side"] = [
        sides[(c, s)] for c, s in zip(table["country_iso3"], table["series"], strict=True)
    ]
    return table


# --- check values -------------------------------------------------------------------------


def check_value_table(checks: pd.DataFrame, main: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """Transcribed positions in the partner beside the data and EWN's total (context only).

    ``implied_share_pct`` = check value / EWN total of that year: what the share would be if
    the transcribed figure were data. It is never used as data.
    """
    columns = [
        "country_iso3",
        "year",
        "check_series",
        "check_value_usd_millions",
        "data_position_usd_millions",
        "difference_pct",
        "denominator_usd_millions",
        "implied_share_pct",
        "role",
        "check_file",
        "source_url",
        "note",
    ]
    measure = spec["fdi"]["position_measure"]
    rows = checks[
        checks["investor_iso3"].isin(list(spec["countries"]))
        & (checks["host_iso3"] == spec["partner"])
        & (checks["comparable_measure"] == measure)
    ]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    fdi = main[main["series"] == FDI_SHARE].set_index(["country_iso3", "year"])
    keys = list(zip(rows["investor_iso3"], rows["year"], strict=True))
    data = fdi["numerator_usd_millions"].reindex(keys).to_numpy()
    total = fdi["denominator_usd_millions"].reindex(keys).to_numpy()
    check = rows["value_usd_millions"].to_numpy()
    out = pd.DataFrame(
        {
            "country_iso3": rows["investor_iso3"].to_numpy(),
            "year": rows["year"].to_numpy(),
            "check_series": rows["series"].to_numpy(),
            "check_value_usd_millions": check,
            "data_position_usd_millions": data,
            "difference_pct": 100 * (data / check - 1),
            "denominator_usd_millions": total,
            "implied_share_pct": 100 * check / total,
            "role": "check value (transcribed from a page): context only, never data",
            "check_file": rows["check_file"].to_numpy(),
            "source_url": rows["source_url"].to_numpy(),
            "note": rows["note"].to_numpy(),
        }
    )
    return out.sort_values(["country_iso3", "year"], kind="stable")[columns].reset_index(drop=True)


# --- compute ------------------------------------------------------------------------------


def compute(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, pd.DataFrame]:
    """F6 tables: ``main`` (shares by country, series and year), ``periods``, ``check_values``.

    ``main`` (``MAIN_COLUMNS``): one row per country, series and year of the spec's years,
    with numerator and denominator in USD millions, ``share_pct`` (NaN where either is not
    data), their flags, measures, valuation bases, who compiled them and the reporter side
    from the country's viewpoint (exports: own; FDI: numerator mirror (BEA), denominator own
    (EWN, the country's IIP)).
    """
    dots, positions = tables["bilateral_dots"], tables["fdi_positions"]
    check_spec(spec, dots, positions)
    spec = {"series_labels": _series_labels(spec)} | spec
    parts = []
    for country, label in spec["countries"].items():
        parts.append(
            _finish(export_shares(dots, country, spec), country, label, EXPORTS_SHARE, spec)
        )
        parts.append(_finish(fdi_shares(positions, country, spec), country, label, FDI_SHARE, spec))
    main = pd.concat(parts, ignore_index=True)[MAIN_COLUMNS]
    return {
        "main": main,
        "periods": periods_table(main, spec),
        "check_values": check_value_table(tables["fdi_check_values"], main, spec),
    }


def _series_labels(spec: dict) -> dict[str, str]:
    partner = spec.get("partner_label", spec["partner"])
    return {
        EXPORTS_SHARE: spec["exports"].get(
            "label", f"Exports to {partner}, % of exports to the world"
        ),
        FDI_SHARE: spec["fdi"].get("label", f"FDI position in {partner}, % of outward position"),
    }


# --- plot ---------------------------------------------------------------------------------


def plot(results: dict[str, pd.DataFrame], spec: dict) -> plt.Figure:
    """One panel per country: the export share and the FDI share, in percent, by year.

    Lines break where a share has no data (the FDI share exists only where BEA and EWN
    overlap); implied shares from transcribed check values, if the spec asks for them, are
    hollow points, never joined to a line.
    """
    figures.apply_style()
    main = results["main"]
    countries = list(spec["countries"])
    fig, axes = plt.subplots(1, len(countries), figsize=(12, 6.5), sharey=True, squeeze=False)
    styles = {
        EXPORTS_SHARE: {"color": "#1b9e77", "marker": "o"},
        FDI_SHARE: {"color": "#d95f02", "marker": "s"},
    }
    first, last = spec["first_year"], spec["last_year"]
    # the CJK font has no bold face: Chinese titles are set a size larger instead
    english = i18n.current() == i18n.SOURCE_LANGUAGE
    for ax, country in zip(axes[0], countries, strict=True):
        of_country = main[main["country_iso3"] == country]
        for series in SERIES:
            table = of_country[of_country["series"] == series]
            # matplotlib breaks a line at NaN: a year without data stays a gap
            ax.plot(
                table["year"],
                table["share_pct"],
                linewidth=2,
                markersize=3.5,
                label=tr(table["series_label"].iloc[0]),
                **styles[series],
            )
        _plot_check_values(ax, results.get("check_values"), country, spec)
        _note_coverage(ax, of_country)
        ax.set_title(
            tr(spec["countries"][country]),
            loc="left",
            fontsize=11.5 if english else 12.5,
            fontweight="bold" if english else "normal",
        )
        ax.set_xlabel(tr("Year"))
        figures.year_axis(ax, first, last)
        ax.xaxis.set_major_locator(plt.MultipleLocator(10))
    axes[0][0].set_ylabel(tr("Share, % (US partner / all partners)"))
    top = np.nanmax(main["share_pct"].to_numpy(dtype=float))
    checks = results.get("check_values")
    if spec.get("show_check_values") and checks is not None and not checks.empty:
        top = max(top, np.nanmax(checks["implied_share_pct"].to_numpy(dtype=float)))
    axes[0][0].set_ylim(0, 10 * math.ceil(top / 10) + 10)
    fig.suptitle(
        spec["text"].get("figure_title") or tr("Exports to the US vs direct investment in the US"),
        x=0.01,
        ha="left",
        fontsize=14 if english else 15,
        fontweight="bold" if english else "normal",
    )
    handles, labels = [], []
    for ax in axes[0]:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            if label not in labels:
                handles.append(handle)
                labels.append(label)
    fig.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=(0.01, 0.94),
        ncol=1,
        fontsize=9.5,
        frameon=False,
    )
    fig.tight_layout(rect=(0, 0.08, 1, 0.80))
    figures.add_source_note(fig, spec["text"]["source_note"])
    fig.subplots_adjust(top=0.78)
    return fig


def _note_coverage(ax: plt.Axes, of_country: pd.DataFrame) -> None:
    """Say in the panel which years each share has data for (the rest are gaps)."""
    lines = []
    for series in SERIES:
        years = of_country.loc[(of_country["series"] == series) & of_country["has_data"], "year"]
        covered = years_text(years)
        if series == EXPORTS_SHARE:
            line = tr("export share: data {years}", years=covered) if covered else None
            lines.append(line or tr("export share: data none"))
        else:
            line = tr("FDI share: data {years}", years=covered) if covered else None
            lines.append(line or tr("FDI share: data none"))
    ax.text(
        0.98,
        0.97,
        "\n".join(lines),
        transform=ax.transAxes,
        ha="right",
        va="top",
        fontsize=8.5,
        color="0.3",
    )


def _plot_check_values(ax: plt.Axes, checks, country: str, spec: dict) -> None:
    if not spec.get("show_check_values", False) or checks is None or checks.empty:
        return
    shown = checks[(checks["country_iso3"] == country) & checks["implied_share_pct"].notna()]
    shown = shown[shown["data_position_usd_millions"].isna()]
    if shown.empty:
        return
    ax.scatter(
        shown["year"],
        shown["implied_share_pct"],
        facecolors="none",
        edgecolors="#d95f02",
        marker="s",
        s=40,
        zorder=3,
        label=tr("FDI share implied by a transcribed BEA value (check only, not data)"),
    )


# --- claims -------------------------------------------------------------------------------


def claims(results: dict[str, pd.DataFrame], spec: dict) -> pd.DataFrame:
    """One row per claim of the spec (C49-C53): period means, thresholds, the 1990s peak."""
    main = results["main"]
    rows = []
    for claim_id, claim in spec["claims"].items():
        country, series = claim["country"], claim["series"]
        of_series = main[(main["country_iso3"] == country) & (main["series"] == series)]
        first = claim.get("first_year", int(of_series["year"].min()))
        last = claim.get("last_year", int(of_series["year"].max()))
        stats = period_stats(main, country, series, first, last)
        row = _series_claim(claim, stats, of_series, results, spec)
        row["claim_id"] = claim_id
        if claim.get("note"):
            row["explanation"] = join_sentences(row["explanation"], tr(claim["note"]))
        rows.append(row)
    return pd.DataFrame(rows)[CLAIM_COLUMNS]


def _series_claim(claim: dict, stats: dict, of_series: pd.DataFrame, results: dict, spec: dict):
    country_label = spec["countries"][claim["country"]]
    series = claim["series"]
    label = of_series["series_label"].iloc[0]
    window = f"{stats['first_year']}-{stats['last_year']}"
    base = {
        "unit": claim.get("unit", "percent"),
        "satisfied": None,
        "source": _sources(of_series),
        "reporter_side": of_series["reporter_side"].iloc[0],
        "vintage": spec["exports"]["vintage"] if series == EXPORTS_SHARE else _sources(of_series),
    }
    caveat = _series_caveat(series, of_series, country_label)
    if stats["n_years_with_data"] == 0:
        needed = _needed(claim, of_series, window, spec)
        return base | {
            "our_value": math.nan,
            "our_text": f"not computable: no data for {window}",
            "definition": f"{country_label}: {label}, {window}",
            "explanation": join_sentences(needed, _check_context(results, claim, window)),
        }
    statement = claim["statement"]
    years = f"{stats['years_with_data']}" + (
        f" (no data for {stats['years_lacking_data']})" if stats["years_lacking_data"] else ""
    )
    if statement == "period_mean":
        return base | {
            "our_value": round(stats["mean_of_yearly_shares_pct"], 2),
            "our_text": (
                f"{stats['mean_of_yearly_shares_pct']:.1f} (mean of yearly shares {years}); "
                f"range {stats['min_share_pct']:.1f} ({stats['min_share_year']}) to "
                f"{stats['max_share_pct']:.1f} ({stats['max_share_year']}); share of summed "
                f"values {stats['share_of_summed_values_pct']:.1f}"
            ),
            "definition": f"{country_label}: {label}, mean of the yearly shares {window}",
            "explanation": join_sentences(
                tr(
                    "The study says 'about' without a definition; ours is the mean of yearly "
                    "shares (the share of the summed values and the range are in our_text)."
                ),
                caveat,
            ),
        }
    if statement in ("below", "above"):
        return base | _threshold_row(claim, stats, of_series, label, country_label, caveat)
    # period_peak
    return base | {
        "our_value": round(stats["max_share_pct"], 2),
        "our_text": (
            f"peak {stats['max_share_pct']:.1f} in {stats['max_share_year']} over {years}"
        ),
        "definition": f"{country_label}: highest yearly {label}, {window}",
        "explanation": join_sentences(
            tr("Peak over the years with data only."),
            caveat,
            _needed(claim, of_series, window, spec) if stats["years_lacking_data"] else "",
        ),
    }


def _threshold_row(claim, stats, of_series, label, country_label, caveat) -> dict:
    """'below X' / 'above X' over the window's years with data: the extreme and exceptions."""
    threshold = float(claim["threshold_pct"])
    below = claim["statement"] == "below"
    data = of_series[
        of_series["has_data"] & of_series["year"].between(stats["first_year"], stats["last_year"])
    ]
    holds = data["share_pct"] < threshold if below else data["share_pct"] > threshold
    exceptions = data[~holds]
    extreme = stats["max_share_pct"] if below else stats["min_share_pct"]
    extreme_year = stats["max_share_year"] if below else stats["min_share_year"]
    word = "below" if below else "above"
    text = (
        f"{word} {threshold:g} in {int(holds.sum())} of {len(data)} years with data "
        f"({stats['years_with_data']}); {'max' if below else 'min'} {extreme:.1f} "
        f"({extreme_year})"
    )
    if not exceptions.empty:
        text += "; not in " + ", ".join(
            f"{int(y)} ({v:.1f})"
            for y, v in zip(exceptions["year"], exceptions["share_pct"], strict=True)
        )
    if stats["years_lacking_data"]:
        text += f"; no data for {stats['years_lacking_data']}"
    return {
        "our_value": round(extreme, 2),
        "our_text": text,
        "satisfied": bool(exceptions.empty),
        "definition": (
            f"{country_label}: {label} {word} {threshold:g} in every year with data "
            f"({stats['years_with_data']}); our_value is the "
            f"{'highest' if below else 'lowest'} yearly share"
        ),
        "explanation": join_sentences(_threshold_verdict(exceptions.empty, stats), caveat),
    }


def _threshold_verdict(holds: bool, stats: dict) -> str:
    """Whether a threshold statement holds in every year with data, in a sentence."""
    fields = {"years": stats["years_with_data"], "mean": stats["mean_of_yearly_shares_pct"]}
    lacking = stats["years_lacking_data"]
    if holds and lacking:
        return tr(
            "The statement holds in every year with data of {years} in our data (mean of yearly "
            "shares {mean:.1f}); {lacking} lack data.",
            lacking=lacking,
            **fields,
        )
    if holds:
        return tr(
            "The statement holds in every year with data of {years} in our data (mean of yearly "
            "shares {mean:.1f}).",
            **fields,
        )
    if lacking:
        return tr(
            "The statement does not hold every year of {years} in our data (mean of yearly "
            "shares {mean:.1f}); {lacking} lack data.",
            lacking=lacking,
            **fields,
        )
    return tr(
        "The statement does not hold every year of {years} in our data (mean of yearly shares "
        "{mean:.1f}).",
        **fields,
    )


def _sources(of_series: pd.DataFrame) -> str:
    sources = dict.fromkeys([*of_series["numerator_source"], *of_series["denominator_source"]])
    return "; ".join(s for s in sources if s)


def _series_caveat(series: str, of_series: pd.DataFrame, country: str) -> str:
    """Why the share may differ from the study's: valuation mismatch, vintage, reporter."""
    if series == EXPORTS_SHARE:
        return tr(
            "IMF DOTS as the country reports it (exports FOB); the study used IMF/CEIC data of "
            "2019, so revisions may move shares by a few tenths."
        )
    data = of_series[of_series["has_data"]]
    if data.empty or bool(data["valuation_consistent"].all()):
        return ""

    def valuations(column: str) -> str:
        return ", ".join(tr(v.replace("_", " ")) for v in sorted(data[column].unique()))

    return tr(
        "Valuations differ: the numerator (BEA, US-compiled, by immediate investing country, so "
        "investment routed through third countries is left out) is at {numerator}, the "
        "denominator (EWN, {country}'s own IIP) at {denominator} value, so the share is not "
        "like-for-like; {country}'s own outward position by host would be consistent.",
        numerator=valuations("numerator_valuation"),
        denominator=valuations("denominator_valuation"),
        country=tr(country),
    )


def _needed(claim: dict, of_series: pd.DataFrame, window: str, spec: dict) -> str:
    """What data a share needs in a window: the part that is missing there."""
    first, last = claim.get("first_year", 0), claim.get("last_year", 9999)
    rows = of_series[of_series["year"].between(first, last)]
    lacking_numerator = rows[rows["numerator_flag"] != REPORTED]
    lacking_denominator = rows[rows["denominator_flag"] != REPORTED]
    if lacking_numerator.empty and lacking_denominator.empty:
        return ""
    english = i18n.current() == i18n.SOURCE_LANGUAGE
    # the measures by their codes in English, in words in another language
    denominator = rows["denominator_measure"].iloc[0]
    denominator = denominator if english else tr(denominator)
    if lacking_numerator.empty:
        return tr(
            "the total outward position ({measure}) is missing for {years}.",
            measure=denominator,
            years=years_text(lacking_denominator["year"]),
        )
    if lacking_denominator.empty:
        total = tr(
            "the total outward position ({measure}) is available for {window}",
            measure=denominator,
            window=window,
        )
    else:
        total = tr(
            "the total outward position ({measure}) is missing for {years}",
            measure=denominator,
            years=years_text(lacking_denominator["year"]),
        )
    covered = years_text(of_series.loc[of_series["numerator_flag"] == REPORTED, "year"])
    numerator = rows["numerator_measure"].iloc[0]
    return tr(
        "No {country} position in {partner} ({measure}) for {years} in our files (the BEA file "
        "has it for {covered}): BEA's positions by country of the foreign parent for those "
        "years (historical cost), or {country}'s own outward position by host country, would "
        "be needed; {total}.",
        country=tr(spec["countries"][claim["country"]]),
        partner=tr(spec.get("partner_label", spec["partner"])),
        measure=numerator if english else tr(numerator),
        years=years_text(lacking_numerator["year"]),
        covered=covered or tr("no year"),
        total=total,
    )


def _check_context(results: dict, claim: dict, window: str) -> str:
    """The nearest transcribed check value's implied share (context only, never data)."""
    checks = results.get("check_values")
    if checks is None or checks.empty or claim["series"] != FDI_SHARE:
        return ""
    own = checks[(checks["country_iso3"] == claim["country"]) & checks["implied_share_pct"].notna()]
    if own.empty:
        return ""
    middle = (claim.get("first_year", 0) + claim.get("last_year", 0)) / 2
    nearest = own.loc[(own["year"] - middle).abs().idxmin()]
    return tr(
        "Context only: a transcribed BEA value ({year}, USD {value:,.1f} billion) over EWN's "
        "total of that year gives {share:.1f}%.",
        year=int(nearest["year"]),
        value=nearest["check_value_usd_millions"] / 1000,
        share=nearest["implied_share_pct"],
    )
