"""F6's claims: our values for the study's claim ids."""

from __future__ import annotations

import math

import pandas as pd

from chinatrade import texts
from chinatrade.i18n import join, join_sentences, tr, verbatim
from chinatrade.ingest.fdi import REPORTED
from chinatrade.replication import CLAIM_COLUMNS, OPTIONAL_CLAIM_COLUMNS
from chinatrade.years import years_text

from . import caption
from .common import EXPORTS_SHARE, FDI_SHARE
from .compute import period_stats


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
        if stats["n_years_with_data"] and stats["years_lacking_data"]:
            # the window's years without data: a part of what the claim needs
            row["missing"] = tr("no data for {years}", years=stats["years_lacking_data"])
        if claim.get("note"):
            row["explanation"] = join_sentences(row["explanation"], tr(claim["note"]))
        rows.append(row)
    return pd.DataFrame(rows).reindex(columns=[*CLAIM_COLUMNS, *OPTIONAL_CLAIM_COLUMNS])


def _series_claim(claim: dict, stats: dict, of_series: pd.DataFrame, results: dict, spec: dict):
    country_label = spec["country_names"][claim["country"]]
    series = claim["series"]
    label = of_series["series_label"].iloc[0]
    window = f"{stats['first_year']}-{stats['last_year']}"
    base = {
        "unit": claim.get("unit", "percent"),
        "satisfied": None,
        "source": _sources(of_series),
        "reporter_side": of_series["reporter_side"].iloc[0],
        # the years the vintage names are those of the tables (caption.py)
        "vintage": (
            texts.fill(
                spec["exports"]["vintage"],
                caption.values(results, spec),
                "F6.exports.vintage",
            )
            if series == EXPORTS_SHARE
            else _sources(of_series)
        ),
    }
    caveat = _series_caveat(series, of_series, country_label)
    if stats["n_years_with_data"] == 0:
        needed = _needed(claim, of_series, window, spec)
        return base | {
            "our_value": math.nan,
            "our_text": tr("not computable: no data for {window}", window=verbatim(window)),
            "definition": f"{country_label}: {label}, {window}",
            "explanation": join_sentences(needed, _check_context(results, claim, window)),
        }
    statement = claim["statement"]
    years = verbatim(str(stats["years_with_data"]))
    if stats["years_lacking_data"]:
        years = tr(
            "{years} (no data for {lacking})",
            years=years,
            lacking=verbatim(str(stats["years_lacking_data"])),
        )
    if statement == "period_mean":
        return base | {
            "our_value": round(stats["mean_of_yearly_shares_pct"], 2),
            "our_text": tr(
                "{mean:.1f} (mean of yearly shares {years}); range {low:.1f} ({low_year}) to "
                "{high:.1f} ({high_year}); share of summed values {summed:.1f}",
                mean=float(stats["mean_of_yearly_shares_pct"]),
                years=years,
                low=float(stats["min_share_pct"]),
                low_year=int(stats["min_share_year"]),
                high=float(stats["max_share_pct"]),
                high_year=int(stats["max_share_year"]),
                summed=float(stats["share_of_summed_values_pct"]),
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
        "our_text": tr(
            "peak {peak:.1f} in {year} over {years}",
            peak=float(stats["max_share_pct"]),
            year=int(stats["max_share_year"]),
            years=years,
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
    text = tr(
        "{word} {threshold:g} in {held} of {n} years with data ({years}); "
        "{extreme_word} {extreme:.1f} ({extreme_year})",
        word=tr(word),
        threshold=threshold,
        held=int(holds.sum()),
        n=len(data),
        years=verbatim(str(stats["years_with_data"])),
        extreme_word=tr("max") if below else tr("min"),
        extreme=float(extreme),
        extreme_year=int(extreme_year),
    )
    if not exceptions.empty:
        exception_years = ", ".join(
            f"{int(y)} ({v:.1f})"
            for y, v in zip(exceptions["year"], exceptions["share_pct"], strict=True)
        )
        text = tr("{text}; not in {years}", text=text, years=verbatim(exception_years))
    if stats["years_lacking_data"]:
        text = tr(
            "{text}; no data for {years}",
            text=text,
            years=verbatim(str(stats["years_lacking_data"])),
        )
    return {
        "our_value": round(extreme, 2),
        "our_text": text,
        "satisfied": bool(exceptions.empty),
        # the worst year's distance from the threshold, positive where the statement holds
        "margin": round(threshold - extreme if below else extreme - threshold, 2),
        "margin_unit": "percentage points",
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
        return join(", ", (tr(v.replace("_", " ")) for v in sorted(data[column].unique())))

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
    # the measures by their codes in English (the catalogues' keys), in words in another language
    denominator = tr(rows["denominator_measure"].iloc[0])
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
        country=tr(spec["country_names"][claim["country"]]),
        partner=tr(spec.get("partner_label", spec["partner"])),
        measure=tr(numerator),
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
