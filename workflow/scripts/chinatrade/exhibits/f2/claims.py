"""F2's claims: our values for the study's claim ids."""

from __future__ import annotations

import math

import pandas as pd

from chinatrade import i18n
from chinatrade.i18n import join, join_sentences, tr, verbatim

from .common import REPORTER_SIDE, USER_COLUMNS


def claims(results: dict[str, pd.DataFrame], spec: dict) -> pd.DataFrame:
    """Our values for the share claim (C10) and every Table 1 cell (C11-C25)."""
    ranking = results["main"]
    year = int(ranking["year"].iloc[0])
    n = len(ranking)
    share = results["top_share"]
    here = share[(share["year"] == year) & (share["province_set"] == "top_n_of_year")]
    by_definition = here.set_index("definition")["share_of_national_pct"]
    others = join(
        "; ",
        (
            verbatim("{definition} {share:.1f}%", definition=tr(d.replace("_", " ")), share=v)
            for d, v in by_definition.items()
            if d != spec["definition"]
        ),
    )
    headline = float(ranking["cumulative_share_pct"].iloc[-1])
    source = str(ranking["source"].iloc[0])
    vintage = spec.get("vintage", "NBS fsnd provincial annual data, as scraped")
    rows = [
        {
            "claim_id": spec["share_claim"],
            "our_value": round(headline, 2),
            "our_text": f"{headline:.1f}",
            "satisfied": None,
            "unit": "percent",
            "source": source,
            "reporter_side": REPORTER_SIDE,
            "vintage": vintage,
            "definition": (
                f"exports + imports of the {n} largest provinces / sum over all 31 provinces, "
                f"{year}, provinces by {spec['definition']}"
            ),
            "explanation": join_sentences(
                _same_provinces_as_study(ranking, results),
                tr(
                    "By the other NBS definition: {others}. National total = sum over all "
                    "provinces ({total:,.1f} in {year}).",
                    others=others,
                    total=ranking["national_total_usd_100m"].iloc[0],
                    year=year,
                ),
            ),
        }
    ]
    table = results["table1"]
    study_cells = table[table["claim_id"].notna()]
    text_values = spec.get("study_text_values", {})
    for cell in study_cells.itertuples():
        ours = cell.user_net_exports_usd_100m
        has_ours = ours is not None and not math.isnan(ours)
        note = ""
        if cell.claim_id in text_values:
            note = tr(
                "The study's own text gives {text:,.2f} for this cell and its Table 1 gives "
                "{table:,.2f} (transposed digits; the text's other statements about the cell "
                "hold either way, so the table value is taken as the study's claim).",
                text=text_values[cell.claim_id],
                table=cell.study_net_exports_usd_100m,
            )
        if has_ours:
            explanation = join_sentences(
                tr(
                    "Computed from the user-supplied China Customs province x partner file "
                    "({source}); differences reflect its vintage and partner definitions (EU "
                    "membership, Asia list).",
                    source=cell.user_source,
                ),
                note,
            )
        else:
            explanation = join_sentences(
                tr(
                    "Not computable from public data: needs China Customs exports and imports "
                    "by province (location of the trading unit) and partner country for "
                    "{year}; NBS publishes only exports + imports per province. Supply them in "
                    "the user file schema ({columns}).",
                    year=cell.year,
                    columns=", ".join(USER_COLUMNS),
                ),
                note,
            )
        rows.append(
            {
                "claim_id": cell.claim_id,
                "our_value": float(ours) if has_ours else math.nan,
                "our_text": f"{ours:.2f}" if has_ours else tr("not computable from public data"),
                "satisfied": None,
                "unit": "100 million USD",
                "source": (
                    f"user file: {cell.user_source}"
                    if has_ours
                    else "none (China Customs trade by province and partner needed)"
                ),
                "reporter_side": REPORTER_SIDE,
                "vintage": "user-supplied" if has_ours else "",
                "definition": (
                    f"exports - imports of {cell.province_name_en} with "
                    f"{cell.partner_group_label}, {cell.year}"
                ),
                "explanation": explanation,
            }
        )
    out = pd.DataFrame(rows)
    # claim ids in the study's order (C10, C11, ... not C11, C20, C23)
    number = out["claim_id"].str.extract(r"(\d+)$")[0].astype(float)
    return out.assign(_n=number).sort_values("_n").drop(columns="_n").reset_index(drop=True)


def _same_provinces_as_study(ranking: pd.DataFrame, results: dict[str, pd.DataFrame]) -> str:
    """Whether our ranking names the provinces of the study's Table 1 (its net-export rows)."""
    table1 = results.get("table1")
    if table1 is None or table1["study_net_exports_usd_100m"].isna().all():
        return tr("The study's Table 1 provinces are not available to compare.")
    with_study_value = table1[table1["study_net_exports_usd_100m"].notna()]
    study = set(with_study_value["province_name_en"].dropna().str.lower())
    ours = set(ranking["province_name_en"].str.lower())
    if study == ours:
        return tr("Our largest provinces are the provinces of the study's Table 1.")
    chinese = {
        str(en).lower(): zh
        for frame in (ranking, table1)
        for en, zh in zip(frame["province_name_en"], frame["province_name_zh"], strict=True)
        if isinstance(en, str) and isinstance(zh, str)
    }

    def listed(names: set[str]) -> str:
        # English lists the names as codes; Chinese in words, from the tables' Chinese names
        chinese_names = "、".join(chinese.get(name, name) for name in sorted(names))
        return i18n.by_language({"en": str(sorted(names)), "zh": chinese_names or tr("none")})

    return tr(
        "Our largest provinces differ from the study's Table 1: ours add {ours}, the study's "
        "add {study}.",
        ours=listed(ours - study),
        study=listed(study - ours),
    )
