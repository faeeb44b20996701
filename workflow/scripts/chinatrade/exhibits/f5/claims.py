"""F5's claims: our values for the study's claim ids."""

from __future__ import annotations

import math

import pandas as pd

from chinatrade import i18n
from chinatrade.i18n import join_sentences, text_of, tr, verbatim
from chinatrade.ingest.fdi import (
    position_ratio,
)
from chinatrade.replication import CLAIM_COLUMNS, OPTIONAL_CLAIM_COLUMNS
from chinatrade.years import years_text

from .common import RATIO_DEFINITIONS
from .compute import _why_lacking


def claims(results: dict[str, pd.DataFrame], spec: dict) -> pd.DataFrame:
    """C46/C47 (start years) and C48 (the 2010-2018 ratio), with what the data can say."""
    coverage = results["coverage"].set_index("series")
    rows = [
        _start_claim(claim_id, coverage.loc[name], results, spec)
        for name, claim_id in spec["claims"]["start"].items()
    ]
    rows.append(_ratio_claim(results, spec))
    # Optional sentences the text file adds to a claim's explanation (e.g. a likely reason),
    # kept by their ids to be shown in the report's language
    notes = spec["claims"].get("notes", {})
    for row in rows:
        if row["claim_id"] in notes:
            note = text_of(
                notes[row["claim_id"]], "exhibits/F5", "claims", "notes", row["claim_id"]
            )
            row["explanation"] = join_sentences(row["explanation"], note)
    return pd.DataFrame(rows).reindex(columns=[*CLAIM_COLUMNS, *OPTIONAL_CLAIM_COLUMNS])


def _start_claim(claim_id: str, cover: pd.Series, results: dict, spec: dict) -> dict:
    """The first year of a position. A series whose data begin with the file's first year
    is left-censored: the start year cannot be read from it, so our value is NaN."""
    label = cover["series_label"]
    shown = tr(label)
    base = {
        "claim_id": claim_id,
        "unit": "year",
        "satisfied": None,
        "source": cover["source"],
        "reporter_side": results["main"]
        .loc[results["main"]["series"] == cover.name, "reporter_side"]
        .iloc[0],
        "vintage": cover["source"],
        "definition": (
            f"first year in which the BEA file (years {cover['file_first_year']}-"
            f"{cover['file_last_year']}) shows a positive position: {label}"
        ),
    }
    if math.isnan(cover["first_year_positive"]):
        return base | {
            "our_value": math.nan,
            "our_text": tr("no positive position in the file"),
            "explanation": tr("The file has no positive {label}.", label=shown),
        }
    year = int(cover["first_year_positive"])
    amount = cover["first_positive_position_usd_millions"]
    context = _start_context(cover, results)
    if cover["starts_with_file"]:
        return base | {
            "our_value": math.nan,
            "our_text": tr(
                "not determinable: data begin with the file in {year} "
                "(USD {amount:,.0f} million already)",
                year=year,
                amount=amount,
            ),
            "explanation": join_sentences(
                tr(
                    "The BEA file starts in {year} and already shows USD {amount:,.0f} million, "
                    "so the start year cannot be read from it; BEA's country detail before "
                    "{year} would be needed ({label}).",
                    year=year,
                    amount=amount,
                    label=shown,
                ),
                context,
            ),
        }
    return base | {
        "our_value": float(year),
        "our_text": str(year),
        "explanation": join_sentences(
            tr("First positive position inside the file's years."), context
        ),
    }


def _start_context(cover: pd.Series, results: dict) -> str:
    """Context sentences from EWN totals and transcribed check values (never data)."""
    parts = []
    context = results.get("context")
    if context is not None and not context.empty:
        for row in context[context["informs_series"] == cover.name].itertuples(index=False):
            if math.isnan(row.first_year_positive):
                continue
            parts.append(
                tr(
                    "Context: {label} is positive from {year} (USD {amount:,.0f} million; EWN "
                    "starts {start}).",
                    label=tr(row.label),
                    year=int(row.first_year_positive),
                    amount=row.first_positive_position_usd_millions,
                    start=int(row.first_year_with_data),
                )
            )
    checks = results.get("check_values")
    if checks is not None and not checks.empty:
        # positions (stocks) only: a flow says nothing about a position's first year
        earlier = checks[
            (checks["series"] == cover.name)
            & (checks["year"] < cover["file_first_year"])
            & ~checks["check_series"].str.contains("flow", case=False)
        ]
        if not earlier.empty:
            first = earlier.sort_values("year", kind="stable").iloc[0]
            parts.append(
                tr(
                    "Check value (transcribed, not data): {series} {year} = USD {value:,.0f} "
                    "million.",
                    series=tr(first["check_series"]),
                    year=int(first["year"]),
                    value=first["check_value_usd_millions"],
                )
            )
    return join_sentences(*parts)


def _ratio_claim(results: dict, spec: dict) -> dict:
    ratio = results["ratio"].set_index("definition")
    chosen = spec["ratio"]["claim_definition"]
    other = next(d for d in RATIO_DEFINITIONS if d != chosen)
    row = ratio.loc[chosen]
    value = float(row["ratio_times"])
    window = f"{row['window_first_year']}-{row['window_last_year']}"
    lacking = row["years_lacking_data"]
    text = tr(
        "{chosen} {value:.1f} over {years}; {other} {other_value:.1f}",
        chosen=tr(chosen.replace("_", " ")),
        value=value,
        years=verbatim(str(row["years_used"])),
        other=tr(other.replace("_", " ")),
        other_value=float(ratio.loc[other, "ratio_times"]),
    )
    if lacking:
        text = tr("{text}; no data for {years}", text=text, years=verbatim(str(lacking)))
    # English gives the table's codes (series names, flags), other languages words
    by_year = results["ratio_by_year"]
    missing = tuple(by_year.loc[~by_year["used_in_ratio"], "year"])
    in_words = _why_lacking(results["main"], spec["ratio"], missing, shown=True)
    why = i18n.by_language(
        {
            language: row["why_lacking"] if language == i18n.SOURCE_LANGUAGE else in_words
            for language in i18n.LANGUAGES
        }
    )
    explanation = (
        tr(
            "Only {used} of the {n} years {window} have both positions as data ({why}), and "
            "the two BEA files are different vintages (not spliced).",
            used=row["n_years_used"],
            n=row["n_years_window"],
            window=window,
            why=why,
        )
        if lacking
        else tr("Both BEA files cover the window; they are different vintages (not spliced).")
    )
    explanation = join_sentences(explanation, _ratio_context(results, spec))
    return {
        "claim_id": spec["claims"]["ratio"],
        "our_value": round(value, 2) if not math.isnan(value) else math.nan,
        "our_text": text,
        "satisfied": None,
        "unit": "ratio",
        "source": row["vintages"],
        "reporter_side": row["reporter_side"],
        "vintage": row["vintages"],
        "definition": (
            f"{chosen.replace('_', ' ')}: US position in China / China's position in the US, "
            f"BEA historical cost, years of {window} with both positions"
        ),
        "explanation": explanation,
        # the window's years without both positions: our ratio covers only part of the claim
        "missing": why if lacking else "",
    }


def _ratio_context(results: dict, spec: dict) -> str:
    """The mean of yearly ratios if check values stood in for the missing US positions.

    Context only: the result is quoted in the explanation, never returned as our value.
    """
    checks = results.get("check_values")
    if checks is None or checks.empty:
        return ""
    ratio = spec["ratio"]
    by_year = results["ratio_by_year"].set_index("year")
    numerator = by_year["numerator_position_usd_millions"]
    denominator = by_year["denominator_position_usd_millions"]
    stand_in = checks[
        (checks["series"] == ratio["numerator"])
        & checks["comparable_with_data"]
        & checks["year"].isin(numerator.index[numerator.isna()])
    ].set_index("year")["check_value_usd_millions"]
    if stand_in.empty:
        return ""
    filled = numerator.fillna(stand_in)
    context = position_ratio(filled.dropna(), denominator.dropna(), by_year.index)
    fields = {
        "stand_in": years_text(stand_in.index),
        "used": years_text(context.years_used),
        "mean": context.mean_of_yearly_ratios,
        "summed": context.ratio_of_summed_positions,
    }
    if context.years_missing:
        text = tr(
            "Context only: with transcribed BEA values (Statista pages) standing in for the US "
            "position in {stand_in}, the mean of yearly ratios over {used} would be {mean:.1f} "
            "and the ratio of summed positions {summed:.1f} ({missing} still lacking).",
            missing=years_text(context.years_missing),
            **fields,
        )
    else:
        text = tr(
            "Context only: with transcribed BEA values (Statista pages) standing in for the US "
            "position in {stand_in}, the mean of yearly ratios over {used} would be {mean:.1f} "
            "and the ratio of summed positions {summed:.1f}.",
            **fields,
        )
    return join_sentences(text, tr("The study does not say which definition it used."))
