"""The regressions' verdicts in words: for each model, the sign the study predicts, the
estimate with its 95% interval, the smallest effect the data could detect and what follows;
for each mechanism of the study, a verdict over its main models.

The numbers come from each model's ``<spec>_hypothesis.csv``
(:mod:`chinatrade.analysis.regress.power`); the sentences are English with their Chinese in
the catalogue, like every sentence the code writes (``chinatrade.i18n.tr``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from chinatrade.i18n import tr

if TYPE_CHECKING:  # annotations only: the Snakefile imports this module (config checks)
    import pandas as pd

READING_SENTENCES = {
    "consistent": (
        "The interval lies on the predicted side of zero: an association with the predicted "
        "sign, which this model does not show to be causal."
    ),
    "opposite": (
        "The interval lies on the other side of zero from the prediction: in this form the data "
        "go against the hypothesis."
    ),
    "no_plausible_effect": (
        "The interval contains zero but excludes an effect of the plausible size: the data rule "
        "out an association as large as the hypothesis suggests."
    ),
    "uninformative": (
        "The interval contains both zero and an effect of the plausible size: these data cannot "
        "tell whether the hypothesis holds."
    ),
    "not estimated": "The model could not be estimated.",
}
SIGN_WORDS = {"positive": "positive", "negative": "negative"}
# verdicts of a mechanism over its main models
SUPPORTED = "supported"
NOT_SUPPORTED = "not supported"
NOT_TESTABLE = "not testable with public data"
VERDICT_REASONS = {
    SUPPORTED: (
        "A main model finds the predicted sign and none goes against it; these are "
        "associations, not causal effects."
    ),
    NOT_SUPPORTED: (
        "A main model finds the opposite sign or rules out an effect of plausible size."
    ),
    NOT_TESTABLE: (
        "Every main model's interval contains both zero and an effect of plausible size: with "
        "the industries and economies public data cover, the test cannot decide."
    ),
}
VERDICT_WORDS = {
    SUPPORTED: "supported",
    NOT_SUPPORTED: "not supported",
    NOT_TESTABLE: "not testable with public data",
}


def number(value: float) -> str:
    """A coefficient at a precision its size warrants (USD millions or shares alike)."""
    if value is None or not math.isfinite(value):
        return "–"
    size = abs(value)
    if size >= 100:
        return f"{value:,.0f}"
    if size >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def model_reading(hypothesis: pd.DataFrame, term_label: str) -> str:
    """What one model says about the hypothesis, in the reader's language."""
    if hypothesis.empty:
        return ""
    if len(hypothesis) > 1:
        return _several_models(hypothesis, term_label)
    row = hypothesis.iloc[0]
    if row["reading"] == "not estimated":
        return tr(READING_SENTENCES["not estimated"])
    return " ".join(
        [
            tr(
                "The study predicts a {sign} coefficient on {term}. Estimate {estimate} (95% "
                "interval {low} to {high}; N = {n}).",
                sign=tr(SIGN_WORDS[row["predicted_sign"]]),
                term=term_label,
                estimate=number(row["estimate"]),
                low=number(row["ci_low"]),
                high=number(row["ci_high"]),
                n=int(row["n_obs"]),
            ),
            tr(READING_SENTENCES[row["reading"]]),
            tr(
                "With 80% power these data detect a coefficient of {mde} or more ({mde_sd} s.d. "
                "of the outcome per s.d. of the term); against an effect of {size} s.d. ({effect} "
                "here) their power is {power}%.",
                mde=number(row["mde_80"]),
                mde_sd=f"{row['mde_80_sd']:.2f}",
                size=f"{row['plausible_effect_sd']:.1f}",
                effect=number(row["plausible_effect"]),
                power=f"{100 * row['power_at_plausible']:.0f}",
            ),
        ]
    )


def _several_models(hypothesis: pd.DataFrame, term_label: str) -> str:
    estimated = hypothesis[hypothesis["reading"] != "not estimated"]
    counts = estimated["reading"].value_counts()
    return tr(
        "The study predicts a {sign} coefficient on {term}. Of {count} separate estimates, "
        "{consistent} lie on the predicted side of zero with their whole interval, {opposite} on "
        "the other side, and {open} have intervals that contain zero; their median power "
        "against an effect of {size} s.d. is {power}%.",
        sign=tr(SIGN_WORDS[hypothesis.iloc[0]["predicted_sign"]]),
        term=term_label,
        count=len(estimated),
        consistent=int(counts.get("consistent", 0)),
        opposite=int(counts.get("opposite", 0)),
        open=int(counts.get("no_plausible_effect", 0) + counts.get("uninformative", 0)),
        size=f"{hypothesis.iloc[0]['plausible_effect_sd']:.1f}",
        power=f"{100 * estimated['power_at_plausible'].median():.0f}",
    )


def mechanism_verdict(readings: list[str]) -> str:
    """The verdict over a mechanism's main models (one reading each).

    Supported: at least one main model finds the predicted sign and none goes against it or
    rules out a plausible effect. Not testable with public data: every main model is
    uninformative (or not estimated). Not supported: otherwise (a main model goes against the
    prediction or rules out an effect of plausible size)."""
    if not readings:
        raise ValueError("a mechanism needs at least one main model")
    against = {"opposite", "no_plausible_effect"}
    if any(r in against for r in readings):
        return NOT_SUPPORTED
    if any(r == "consistent" for r in readings):
        return SUPPORTED
    return NOT_TESTABLE


def models_verdict(models: list[tuple[str, pd.DataFrame]]) -> str:
    """The verdict over a mechanism's main models, each (title, its hypothesis table): the one
    the summary of findings and the mechanism's paragraph both show."""
    return mechanism_verdict(
        [table.iloc[0]["reading"] if not table.empty else "not estimated" for _, table in models]
    )


def mechanism_paragraph(
    name: str, statement: str, models: list[tuple[str, pd.DataFrame]], extra: str = ""
) -> str:
    """One paragraph: the mechanism, its verdict, and one clause per main model."""
    verdict = models_verdict(models)
    clauses = []
    for title, table in models:
        row = table.iloc[0]
        clauses.append(
            tr(
                "{title}: estimate {estimate} (95% interval {low} to {high}, N = {n}, power "
                "{power}% against a plausible effect): {reading}",
                title=title,
                estimate=number(row["estimate"]),
                low=number(row["ci_low"]),
                high=number(row["ci_high"]),
                n=int(row["n_obs"]) if math.isfinite(row["n_obs"]) else 0,
                power=f"{100 * row['power_at_plausible']:.0f}"
                if math.isfinite(row["power_at_plausible"])
                else "–",
                reading=tr(READING_WORDS[row["reading"]]),
            )
        )
    body = (
        tr(
            "**{name}** ({statement}) — verdict: **{verdict}**.",
            name=name,
            statement=statement,
            verdict=tr(VERDICT_WORDS[verdict]),
        )
        + " "
        + tr(VERDICT_REASONS[verdict])
    )
    return " ".join([body, "; ".join(clauses) + ".", extra]).strip()


READING_WORDS = {
    "consistent": "the predicted sign",
    "opposite": "the opposite sign",
    "no_plausible_effect": "no effect of plausible size",
    "uninformative": "uninformative",
    "not estimated": "not estimated",
}


# --- descriptive evidence beside the verdicts: one sentence from an exhibit's tables --------


def value_added_evidence(tables: dict[str, pd.DataFrame]) -> str:
    """China's surplus with the US in value added against gross (V1, latest world table), the
    foreign share of China's exports to the US and its largest sources."""
    from chinatrade.partners import short_name

    us = tables["main"][tables["main"]["partner"] == "USA"].sort_values("year")
    latest = us.iloc[-1]
    sources = tables["sources"]
    in_exports = sources[(sources["year"] == latest["year"]) & (sources["importer"] == "USA")]
    returning = in_exports.loc[in_exports["source_country"] == "USA", "share_of_exports_pct"]
    others = in_exports[
        (in_exports["foreign_rank"].notna()) & (in_exports["source_country"] != "USA")
    ].sort_values("foreign_rank")
    va_to_gross = 100 * us["va_balance_usd_billions"] / us["gross_balance_usd_billions"]
    ratios = [
        f"{int(year)}: {ratio:.0f}%" for year, ratio in zip(us["year"], va_to_gross, strict=True)
    ]
    return tr(
        "In value added (exhibit V1: WIOD world input-output tables, modelled data), China's "
        "surplus with the US was USD {va} bn in {year} against {gross} bn gross (value added "
        "as a share of gross, {ratios}); {foreign}% of China's gross exports to the US were "
        "value added from outside China ({returning}% US value added returning home; the "
        "largest other sources {top}). These tables do not separate processing exporters, so "
        "the foreign share is understated.",
        va=f"{latest['va_balance_usd_billions']:.0f}",
        year=int(latest["year"]),
        gross=f"{latest['gross_balance_usd_billions']:.0f}",
        ratios="; ".join(ratios),
        foreign=f"{latest['foreign_va_share_of_exports_pct']:.0f}",
        returning=f"{returning.sum():.1f}",
        top=", ".join(
            f"{tr(short_name(code))} {share:.1f}%"
            for code, share in zip(
                others["source_country"].head(3),
                others["share_of_exports_pct"].head(3),
                strict=True,
            )
        ),
    )


def affiliate_sales_evidence(tables: dict[str, pd.DataFrame]) -> str:
    """What US-owned affiliates in China sell there against US goods exports to China (M1)."""
    sales = tables["main"].sort_values("year")
    latest, first = sales.iloc[-1], sales.iloc[0]
    return tr(
        "Descriptively (exhibit M1), US-owned affiliates in China sold USD {local} bn in China "
        "in {year} (BEA, {release}), {times} times US goods exports to China that year "
        "({exports} bn, Census; {first_times} times in {first_year}): the US serves China's "
        "market mostly from inside it. Affiliate sales include imported inputs and services, "
        "so they are not a balance.",
        local=f"{latest['affiliate_sales_local_usd_billions']:.0f}",
        year=int(latest["year"]),
        release=tr(str(latest["bea_release"])),
        times=f"{latest['local_sales_to_us_exports_times']:.1f}",
        exports=f"{latest['us_goods_exports_usd_billions']:.0f}",
        first_times=f"{first['local_sales_to_us_exports_times']:.1f}",
        first_year=int(first["year"]),
    )


# exhibit module -> the sentence of evidence the summary shows beside a mechanism's verdict
EVIDENCE_MODULES = {"v1": value_added_evidence, "m1": affiliate_sales_evidence}
