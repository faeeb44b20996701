"""Text and tables of the report, built from the workflow's outputs.

Every number in the report's prose comes from here, computed from the tables the
workflow wrote on this run; the notebook only displays what these functions return.
"""

from __future__ import annotations

import hashlib
import math

import pandas as pd


def billions(value_usd_millions: float) -> str:
    """'USD 324.4 billion' from a value in USD millions."""
    return f"USD {abs(value_usd_millions) / 1000:,.1f} billion"


def percent(value: float, digits: int = 1) -> str:
    return "n/a" if value is None or math.isnan(value) else f"{value:.{digits}f}%"


def f1_summary(
    balances: pd.DataFrame, growth: pd.DataFrame, claims: pd.DataFrame, spec: dict
) -> str:
    """A paragraph on China's balance with its main partners, with the study's figures.

    Uses the China-reported rows of the F1 table (``source`` = the spec's source label).
    """
    if "source" in balances.columns:
        balances = balances[balances["source"] == spec["source_label"]]
    last = int(balances.dropna(subset=["balance_usd_millions"])["year"].max())
    at_last = balances[balances["year"] == last].set_index("partner")
    surpluses = at_last[at_last["balance_usd_millions"] > 0].sort_values(
        "balance_usd_millions", ascending=False
    )
    deficits = at_last[at_last["balance_usd_millions"] < 0].sort_values("balance_usd_millions")

    def listing(rows: pd.DataFrame) -> str:
        parts = [
            f"{r.partner_label} ({billions(r.balance_usd_millions)})" for r in rows.itertuples()
        ]
        return ", ".join(parts) if parts else "none of the partners shown"

    text = [
        f"In {last}, the last year of the China-reported data ({spec['source_label']}), "
        f"China ran goods-trade surpluses with {listing(surpluses)} and deficits with "
        f"{listing(deficits)}."
    ]
    g = spec["growth"]
    for partner, claim_id in g.get("claims", {}).items():
        row = growth[growth["partner"] == partner].iloc[0]
        claim = claims.set_index("id").loc[claim_id]
        text.append(
            f"From {g['first_year']} to {g['last_year']} China's {row.measure} with "
            f"{row.partner_label} grew by {percent(row.growth_compound_pct_per_year)} a year "
            f"(compound rate; {percent(row.growth_mean_of_yearly_pct_per_year)} as the mean "
            f"of yearly rates); the study reports {claim.paper_value}% (claim {claim_id})."
        )
    return " ".join(text)


def selected_years_table(
    balances: pd.DataFrame, years: list[int], source: str | None = None
) -> pd.DataFrame:
    """Balance in USD billion, partners in rows, the chosen years in columns (one source)."""
    chosen = balances[balances["year"].isin(years)]
    if source is not None:
        chosen = chosen[chosen["source"] == source]
    if chosen.duplicated(["partner_label", "year"]).any():
        raise ValueError("selected_years_table: more than one value per partner and year")
    table = chosen.pivot_table(
        index="partner_label",
        columns="year",
        values="balance_usd_millions",
        sort=False,
        aggfunc="first",
    )
    table.index.name = "partner"
    table.columns.name = None
    return (table / 1000).round(1)


def growth_comparison(growth: pd.DataFrame, claims: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """Our average growth rates beside the study's, where the study states one."""
    claim_of = spec["growth"].get("claims", {})
    claims = claims.set_index("id")
    rows = []
    for row in growth.itertuples():
        claim_id = claim_of.get(row.partner)
        study = float(claims.at[claim_id, "paper_value"]) if claim_id else math.nan
        rows.append(
            {
                "partner": row.partner_label,
                "balance": row.measure,
                "study claim": claim_id or "",
                "study, % per year": study,
                "ours, compound, % per year": round(row.growth_compound_pct_per_year, 1),
                "ours, mean of yearly rates, % per year": round(
                    row.growth_mean_of_yearly_pct_per_year, 1
                ),
            }
        )
    return pd.DataFrame(rows)


def raw_files_markdown(manifest: pd.DataFrame, raw_ids: list[str]) -> str:
    """The data appendix: every raw file behind the report, with its checksum."""
    entries = manifest.set_index("id", drop=False).loc[raw_ids]
    lines = []
    for entry in entries.itertuples():
        origin = entry.origin_url or entry.source_pages or "(no public address: snapshot only)"
        lines.append(
            f"- **{entry.file}** ({entry.kind}): {entry.publisher}, {entry.dataset}. "
            f"Units: {entry.units}. Coverage: {entry.coverage}. "
            f"SHA-256 `{entry.sha256}`, {int(entry.bytes):,} bytes. Origin: {origin}"
        )
    return "\n".join(lines)


VERDICT_ORDER = ["reproduced", "differs", "not computable"]


def replication_summary(replication: pd.DataFrame) -> str:
    """One sentence: how many of the study's claims we reproduce, and how many not."""
    counts = replication["verdict"].value_counts()
    parts = [f"{counts.get(v, 0)} {v}" for v in VERDICT_ORDER]
    return (
        f"Of the study's {len(replication)} numbered claims, {parts[0]}, {parts[1]} "
        f"(the table says why: definition, vintage, reporter side or an error in the study) "
        f"and {parts[2]} from public data (the table says what data would be needed)."
    )


def claims_view(replication: pd.DataFrame, computed_in: str | None = None) -> pd.DataFrame:
    """The replication rows for the report: claim, the study's value, ours, verdict, why."""
    rows = (
        replication
        if computed_in is None
        else replication[replication["computed_in"] == computed_in]
    )

    def ours(row) -> str:
        if pd.notna(row.our_value) and row.unit == "year":
            return f"{row.our_value:.0f}"
        if pd.notna(row.our_value):
            return f"{row.our_value:,.2f}".rstrip("0").rstrip(".")
        return row.our_text if isinstance(row.our_text, str) and row.our_text else "n/a"

    return pd.DataFrame(
        {
            "id": rows["claim_id"],
            "claim": rows["claim"],
            "year": rows["year"].fillna(""),
            "study": rows["study_value"],
            "ours": [ours(r) for r in rows.itertuples()],
            "unit": rows["unit"],
            "verdict": rows["verdict"],
            "why, and the data used": rows["explanation"].fillna("")
            + " ["
            + rows["source"].fillna("")
            + "; "
            + rows["reporter_side"].fillna("")
            + "]",
        }
    )


def show(table: pd.DataFrame, digits: int = 1):
    """A table for the report: no index column, fixed decimals, 'n/a' for missing.

    The HTML id comes from the table's content instead of pandas' random one, so two
    runs write the same report.
    """
    uuid = hashlib.sha256(table.to_csv().encode()).hexdigest()[:8]
    styled = table.style.set_uuid(uuid).hide(axis="index")
    # text reads from the left; numbers stay right-aligned so that digits line up
    text_columns = [c for c in table.columns if table[c].dtype == object]
    styled = styled.set_properties(subset=text_columns, **{"text-align": "left"})
    styled = styled.set_table_styles([{"selector": "th", "props": [("text-align", "left")]}])
    styled = styled.format(precision=digits, na_rep="n/a", thousands=",")
    years = [c for c in table.columns if str(c).lower() == "year"]
    return styled.format("{}", subset=years) if years else styled


def regression_reading(coefficients: pd.DataFrame, spec_id: str, title: str) -> str:
    """One plain sentence per model: the estimate, its standard error, N and what it says."""
    rows = coefficients[coefficients["term_role"] == "regressor"]
    if rows["by_value"].nunique() > 1:
        significant = rows[rows["p_value"] < 0.05]
        return (
            f"**{title}** ({spec_id}): {len(rows)} separate estimates, from "
            f"{rows['estimate'].min():.3f} to {rows['estimate'].max():.3f}; "
            f"{len(significant)} of them differ from zero at the 5% level."
        )
    row = rows.iloc[0]
    verdict = (
        "differs from zero at the 5% level"
        if row["p_value"] < 0.05
        else "is not distinguishable from zero at the 5% level"
    )
    return (
        f"**{title}** ({spec_id}): the coefficient on {row['term']} is {row['estimate']:.3f} "
        f"(standard error {row['std_error']:.3f}, p = {row['p_value']:.2f}); it {verdict}."
    )


# One paragraph per question of the study: sentences with slots filled from the replication
# table on each run ({ours}, {study}: the values of a claim id; {verdict}: its verdict).
QUESTION_SENTENCES = {
    "Provinces": [
        (
            "C10",
            "The nine largest trading provinces carried {ours}% of China's goods trade in {year} "
            "(the study: {study}%; {verdict}).",
        ),
    ],
    "Trade regimes": [
        (
            "C29",
            "Processing trade in the study's sense (everything that is not ordinary trade) was "
            "{ours}% of China's trade in {year} (the study: {study}%; {verdict}),",
        ),
        (
            "C31",
            "and carried {ours}% of the goods surplus (the study: {study}%; {verdict}); F3 shows "
            "the same under the customs definition of processing trade.",
        ),
    ],
    "Sectors": [
        (
            "C33",
            "HS section XVI (machinery and electrical equipment) made up {ours}% of China's "
            "exports to the US in {year} in US-reported data (the study, China-reported: "
            "{study}%; {verdict})",
        ),
        ("C35", "and {ours}% of the surplus with the US (the study: {study}%; {verdict})."),
        (
            "C45",
            "That no major HS section changed the sign of its balance with the US over {year} is "
            "{verdict} in our data ({ours}).",
        ),
    ],
    "Investment": [
        (
            "C48",
            "The US direct-investment position in China relative to China's position in the US "
            "over {year} comes to {ours} in the years with data for both (the study: {study}; "
            "{verdict}; F5 names the years that lack data).",
        ),
    ],
}


def question_summary(replication: pd.DataFrame) -> str:
    """Markdown: a short paragraph per question, every number taken from the replication."""
    table = replication.set_index("claim_id")

    def fill(claim_id: str, template: str) -> str:
        row = table.loc[claim_id]
        if pd.notna(row["our_value"]):
            ours = f"{float(row['our_value']):,.1f}"
        else:
            text = row["our_text"] if isinstance(row["our_text"], str) else ""
            ours = text.split(":")[0] if text else "n/a"
        return template.format(
            ours=ours, study=row["study_value"], verdict=row["verdict"], year=row["year"]
        )

    paragraphs = []
    for question, sentences in QUESTION_SENTENCES.items():
        body = " ".join(fill(claim_id, template) for claim_id, template in sentences)
        paragraphs.append(f"**{question}.** {body}")
    return "\n\n".join(paragraphs)
