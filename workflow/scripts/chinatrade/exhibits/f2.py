"""F2 / T1: the nine largest trading provinces of China (2018) and their trade balances.

What public data allow (NBS provincial annual data, from China Customs, 2016-2024):
each province's total trade (exports + imports), so the ranking of the largest trading
provinces, their shares of national trade, and the share of the nine over time.

What they do not allow: the study's Table 1 (net exports of each province, in total and with
EU+US, Asia, Japan+Korea) needs each province's exports and imports separately, by partner
(China Customs trade by location of the trading unit and partner). Those cells are shown as
the study reports them, read from the study's claims file, and replaced by our values when
the user supplies such data in the documented schema (``read_user_province_partner_trade``).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.ticker import MaxNLocator, StrMethodFormatter

from chinatrade import figures, i18n, validate
from chinatrade.errors import InputDataError
from chinatrade.i18n import join_sentences, tr

# 100 million USD (亿美元), the study's unit, in USD thousands (the NBS unit).
USD_THOUSANDS_PER_100M = 100_000

REPORTER_SIDE = "own"  # China Customs / NBS figures are China's own statistics

# The schema of the user's province x partner file (one row per province, year, partner group).
USER_COLUMNS = ["province", "year", "partner_group", "exports_usd_100m", "imports_usd_100m"]
DEFAULT_PARTNER_GROUPS = ("world", "eu_us", "asia", "japan_korea")
# its name among the tables, and the key of its path in the spec's ``user_files``
USER_TABLE = "user_province_partner_trade"

# "Guangdong net exports" or "Guangdong net exports with EU+US": the claims file's wording
# of the study's Table 1 cells.
CLAIM_TEXT = re.compile(r"^(?P<province>.+?) net exports(?: with (?P<partner>.+))?$")

EXTRA_TABLES = ["panel", "top_share", "table1", "study_checks"]


# --------------------------------------------------------------------------------------
# The user's province x partner file
# --------------------------------------------------------------------------------------


def read_user_province_partner_trade(
    path: str | Path, partner_groups: list[str] | tuple[str, ...] = DEFAULT_PARTNER_GROUPS
) -> pd.DataFrame:
    """Read and check a CSV of provincial trade by partner group (China Customs).

    Schema (one row per province, year and partner group; header in row 1):

    - ``province``: the province's English name as NBS spells it (e.g. ``Guangdong``);
    - ``year``: calendar year (integer);
    - ``partner_group``: one of ``partner_groups`` (by default ``world`` = all partners,
      ``eu_us``, ``asia``, ``japan_korea``);
    - ``exports_usd_100m``, ``imports_usd_100m``: exports and imports in USD 100 million
      (亿美元), non-negative.

    Returns the rows with typed columns, plus ``source_row`` (the row number as a
    spreadsheet shows it) and ``source_file``. Raises ``InputDataError`` naming the file,
    the column and the row of the first broken rule.
    """
    path = Path(path)
    raw = validate.read_user_csv(path, USER_COLUMNS)
    rows = []
    for index, record in raw.iterrows():
        row = index + 2  # header is row 1
        province = record["province"].strip()
        if not province:
            raise InputDataError(path, "province is empty", column="province", row=row)
        year = validate.whole_year_cell(record["year"], path, "year", row)
        group = validate.choice_cell(
            record["partner_group"], partner_groups, path, "partner_group", row
        )
        exports = validate.non_negative_cell(
            record["exports_usd_100m"], path, "exports_usd_100m", row, "USD 100 million"
        )
        imports = validate.non_negative_cell(
            record["imports_usd_100m"], path, "imports_usd_100m", row, "USD 100 million"
        )
        rows.append((province, year, group, exports, imports, row))
    frame = pd.DataFrame(rows, columns=[*USER_COLUMNS, "source_row"])
    validate.unique_user_key(frame, ["province", "year", "partner_group"], path)
    frame["source_file"] = str(path)
    return frame


# --------------------------------------------------------------------------------------
# Computation
# --------------------------------------------------------------------------------------


def province_totals(nbs: pd.DataFrame) -> pd.DataFrame:
    """Provincial total trade (exports + imports) in USD 100 million, one row per key."""
    totals = nbs[nbs["flow"] == "total"].copy()
    totals["total_trade_usd_100m"] = totals["value_usd_thousands"] / USD_THOUSANDS_PER_100M
    return totals[
        [
            "province_code",
            "province_name_en",
            "province_name_zh",
            "year",
            "definition",
            "total_trade_usd_100m",
            "source",
        ]
    ].reset_index(drop=True)


def rank_provinces(totals: pd.DataFrame, definition: str, year: int, top_n: int) -> pd.DataFrame:
    """The ``top_n`` largest traders of one year: rank, share of national trade, cumulative share.

    The national total is the sum over all provinces of the same definition and year (the
    NBS tables carry no national row; SOURCES.md checks that the sum equals the customs total).
    """
    one_year = totals[(totals["definition"] == definition) & (totals["year"] == year)]
    national = one_year["total_trade_usd_100m"].sum()
    ranked = one_year.sort_values(
        ["total_trade_usd_100m", "province_code"], ascending=[False, True]
    ).head(top_n)
    ranked = ranked.reset_index(drop=True)
    ranked.insert(0, "rank", np.arange(1, len(ranked) + 1))
    ranked["national_total_usd_100m"] = national
    ranked["share_of_national_pct"] = 100 * ranked["total_trade_usd_100m"] / national
    ranked["cumulative_share_pct"] = ranked["share_of_national_pct"].cumsum()
    ranked["flow"] = "exports_plus_imports"
    ranked["reporter_side"] = REPORTER_SIDE
    return ranked[
        [
            "rank",
            "province_code",
            "province_name_en",
            "province_name_zh",
            "year",
            "definition",
            "flow",
            "total_trade_usd_100m",
            "share_of_national_pct",
            "cumulative_share_pct",
            "national_total_usd_100m",
            "source",
            "reporter_side",
        ]
    ]


def province_panel(
    totals: pd.DataFrame, definition: str, provinces: list[str], first: int, last: int
) -> pd.DataFrame:
    """Each chosen province's trade, share and rank in every year from ``first`` to ``last``."""
    chosen = totals[
        (totals["definition"] == definition) & totals["year"].between(first, last)
    ].copy()
    chosen["national_total_usd_100m"] = chosen.groupby("year")["total_trade_usd_100m"].transform(
        "sum"
    )
    chosen["share_of_national_pct"] = (
        100 * chosen["total_trade_usd_100m"] / chosen["national_total_usd_100m"]
    )
    chosen["rank_in_year"] = (
        chosen.groupby("year")["total_trade_usd_100m"]
        .rank(ascending=False, method="min")
        .astype(int)
    )
    panel = chosen[chosen["province_code"].isin(provinces)].copy()
    order = {code: i for i, code in enumerate(provinces)}
    panel = panel.sort_values(["year", "province_code"], key=lambda s: s.map(order).fillna(s))
    panel["flow"] = "exports_plus_imports"
    panel["reporter_side"] = REPORTER_SIDE
    return panel[
        [
            "year",
            "province_code",
            "province_name_en",
            "province_name_zh",
            "definition",
            "flow",
            "total_trade_usd_100m",
            "share_of_national_pct",
            "rank_in_year",
            "national_total_usd_100m",
            "source",
            "reporter_side",
        ]
    ].reset_index(drop=True)


def top_share_by_year(
    totals: pd.DataFrame, top_n: int, fixed_provinces: list[str], first: int, last: int
) -> pd.DataFrame:
    """The share of the largest traders in national trade, every year and definition.

    Two sets: ``fixed_set`` (the provinces ranked in the ranking year, followed over time)
    and ``top_n_of_year`` (each year's own ``top_n`` largest traders).
    """
    rows = []
    window = totals[totals["year"].between(first, last)]
    for (definition, year), one_year in window.groupby(["definition", "year"]):
        national = one_year["total_trade_usd_100m"].sum()
        ordered = one_year.sort_values(
            ["total_trade_usd_100m", "province_code"], ascending=[False, True]
        )
        sets = {
            "fixed_set": one_year[one_year["province_code"].isin(fixed_provinces)],
            "top_n_of_year": ordered.head(top_n),
        }
        for set_name, members in sets.items():
            subtotal = members["total_trade_usd_100m"].sum()
            rows.append(
                {
                    "year": int(year),
                    "definition": definition,
                    "province_set": set_name,
                    "n_provinces": len(members),
                    "provinces": "; ".join(
                        members.sort_values("total_trade_usd_100m", ascending=False)[
                            "province_name_en"
                        ]
                    ),
                    "set_total_usd_100m": subtotal,
                    "national_total_usd_100m": national,
                    "share_of_national_pct": 100 * subtotal / national,
                    "source": "; ".join(sorted(one_year["source"].unique())),
                    "reporter_side": REPORTER_SIDE,
                }
            )
    return pd.DataFrame(rows)


def study_table1_cells(
    study_claims: pd.DataFrame, exhibit: str, skip: list[str], partner_groups: dict
) -> pd.DataFrame:
    """The study's Table 1 cells as the claims file states them (one row per claim id).

    The province and partner group come from the claim's wording ("Guangdong net exports
    with EU+US"); ``partner_groups`` maps each group code to the wording the claims file
    uses (``None`` for the total, i.e. net exports with all partners).
    """
    group_of_wording = {v.get("claim_wording"): code for code, v in partner_groups.items()}
    cells = study_claims[
        (study_claims["exhibit"] == exhibit) & ~study_claims["id"].isin(skip)
    ].reset_index(drop=True)
    rows = []
    for claim in cells.itertuples(index=False):
        match = CLAIM_TEXT.match(str(claim.claim).strip())
        if match is None:
            raise ValueError(
                f"spec key 'study_table_exhibit': claim {claim.id} ('{claim.claim}') is not "
                "worded '<province> net exports[ with <partner group>]'"
            )
        wording = match["partner"]
        if wording not in group_of_wording:
            raise ValueError(
                f"spec key 'table1_partner_groups': no group has claim_wording '{wording}' "
                f"(claim {claim.id})"
            )
        rows.append(
            {
                "claim_id": claim.id,
                "province_name_en": match["province"],
                "partner_group": group_of_wording[wording],
                "year": int(claim.year),
                "study_net_exports_usd_100m": float(claim.paper_value),
                "study_unit": claim.unit,
            }
        )
    return pd.DataFrame(rows)


def user_net_exports(user: pd.DataFrame) -> pd.DataFrame:
    """Net exports (exports - imports) and exports + imports from the user's file."""
    out = user.rename(
        columns={
            "province": "province_name_en",
            "exports_usd_100m": "user_exports_usd_100m",
            "imports_usd_100m": "user_imports_usd_100m",
        }
    ).copy()
    out["user_net_exports_usd_100m"] = out["user_exports_usd_100m"] - out["user_imports_usd_100m"]
    out["user_exports_plus_imports_usd_100m"] = (
        out["user_exports_usd_100m"] + out["user_imports_usd_100m"]
    )
    return out


def table1(
    study: pd.DataFrame,
    user: pd.DataFrame | None,
    totals: pd.DataFrame,
    spec: dict,
    province_order: list[str],
) -> pd.DataFrame:
    """Table 1: the study's cells beside ours (from the user's file, when given).

    Where the user's file has a ``world`` row, its exports + imports is set beside the NBS
    total of the same province and year, so that a file in another unit or with another
    province definition shows up at once.
    """
    total_group = spec["total_partner_group"]
    definition = spec["definition"]
    names = totals.drop_duplicates("province_name_en").set_index("province_name_en")
    key = ["province_name_en", "partner_group", "year"]
    table = study.copy()
    table["study_source"] = spec["study_label"]
    if user is not None and not user.empty:
        user = user_net_exports(_match_user_provinces(user, names.index))
        table = table.merge(
            user[
                [
                    *key,
                    "user_exports_usd_100m",
                    "user_imports_usd_100m",
                    "user_net_exports_usd_100m",
                    "user_exports_plus_imports_usd_100m",
                    "source_file",
                ]
            ],
            on=key,
            how="outer",
        ).rename(columns={"source_file": "user_source"})
    else:
        for column in (
            "user_exports_usd_100m",
            "user_imports_usd_100m",
            "user_net_exports_usd_100m",
            "user_exports_plus_imports_usd_100m",
        ):
            table[column] = math.nan
        table["user_source"] = ""
    table["user_source"] = table["user_source"].fillna("")
    table["study_source"] = table["study_source"].fillna("")  # cells only the user file has
    table["user_minus_study_usd_100m"] = (
        table["user_net_exports_usd_100m"] - table["study_net_exports_usd_100m"]
    )
    nbs = totals[totals["definition"] == definition].set_index(["province_name_en", "year"])
    at = list(zip(table["province_name_en"], table["year"], strict=True))
    table["nbs_total_trade_usd_100m"] = [
        nbs["total_trade_usd_100m"].get(k, math.nan) if g == total_group else math.nan
        for k, g in zip(at, table["partner_group"], strict=True)
    ]
    table["province_code"] = table["province_name_en"].map(names["province_code"])
    table["province_name_zh"] = table["province_name_en"].map(names["province_name_zh"])
    labels = {code: v["label"] for code, v in spec["table1_partner_groups"].items()}
    table["partner_group_label"] = table["partner_group"].map(labels)
    table["reporter_side"] = REPORTER_SIDE
    group_order = {code: i for i, code in enumerate(spec["table1_partner_groups"])}
    rank = {name: i for i, name in enumerate(province_order)}
    table = table.assign(
        _p=table["province_name_en"].map(rank).fillna(len(rank)),
        _g=table["partner_group"].map(group_order),
    ).sort_values(["year", "_p", "province_name_en", "_g"])
    return table[
        [
            "year",
            "province_code",
            "province_name_en",
            "province_name_zh",
            "partner_group",
            "partner_group_label",
            "claim_id",
            "study_net_exports_usd_100m",
            "study_source",
            "user_exports_usd_100m",
            "user_imports_usd_100m",
            "user_net_exports_usd_100m",
            "user_minus_study_usd_100m",
            "user_exports_plus_imports_usd_100m",
            "nbs_total_trade_usd_100m",
            "user_source",
            "reporter_side",
        ]
    ].reset_index(drop=True)


def _match_user_provinces(user: pd.DataFrame, known: pd.Index) -> pd.DataFrame:
    """Map the user's province names onto the NBS spelling (case and spaces ignored)."""
    canonical = {" ".join(name.lower().split()): name for name in known}
    out = user.copy()
    mapped = out["province"].map(lambda s: canonical.get(" ".join(str(s).lower().split())))
    unknown = out[mapped.isna()]
    if not unknown.empty:
        first = unknown.iloc[0]
        raise InputDataError(
            first.get("source_file", "user province x partner file"),
            f"province '{first.province}' is not an NBS province name (expected one of "
            f"{sorted(known)})",
            column="province",
            row=int(first["source_row"]) if "source_row" in out.columns else None,
        )
    out["province"] = mapped
    return out


def study_checks(study: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """Arithmetic on the study's own Table 1 values, to see whether its text and table agree.

    Each check relates cells of the table (via claim ids) or a figure the study's text gives
    for a cell (``study_text_values``); it computes nothing from data of ours.
    """
    value = study.set_index("claim_id")["study_net_exports_usd_100m"]
    rows = []
    for check in spec.get("study_checks", []):
        numerator = value.get(check["claim"], math.nan)
        if "text_value_of" in check:
            # the text's figure for the same cell as the table
            base = spec["study_text_values"][check["text_value_of"]]
            result = numerator - base
            how = f"{check['claim']} (Table 1) - text figure for {check['text_value_of']}"
        elif "share_of" in check:
            base = check["share_of"]
            base_value = (
                spec["study_text_values"][base[5:]]
                if str(base).startswith("text:")
                else value.get(base, math.nan)
            )
            result = 100 * numerator / base_value
            how = f"100 x {check['claim']} / {base}"
        else:
            result = numerator - value.get(check["minus"], math.nan)
            how = f"{check['claim']} - {check['minus']}"
        rows.append(
            {
                "check": check["name"],
                "computation": how,
                "result": result,
                "result_unit": "percent" if "share_of" in check else "100 million USD",
                "study_statement": check.get("study_statement", ""),
                "source": spec["study_label"],
                "reporter_side": REPORTER_SIDE,
            }
        )
    total = value[study["partner_group"].eq(spec["total_partner_group"]).to_numpy()]
    rows.append(
        {
            "check": "sum of the provinces' net exports (total) in the study's Table 1",
            "computation": " + ".join(total.index),
            "result": float(total.sum()),
            "result_unit": "100 million USD",
            "study_statement": "",
            "source": spec["study_label"],
            "reporter_side": REPORTER_SIDE,
        }
    )
    return pd.DataFrame(rows)


def _study_claims(tables: dict[str, pd.DataFrame], spec: dict) -> pd.DataFrame:
    if "study_claims" in tables:
        return tables["study_claims"]
    if spec.get("study_claims"):
        return pd.read_csv(spec["study_claims"], dtype=str, keep_default_na=False)
    raise ValueError(
        "spec key 'study_claims': give the study's claims file (path) or pass it as "
        "tables['study_claims']"
    )


def _user_table(tables: dict[str, pd.DataFrame], spec: dict) -> pd.DataFrame | None:
    """The user's province x partner data: a table passed in, else the file in the spec."""
    if USER_TABLE in tables:
        return tables[USER_TABLE]
    path = (spec.get("user_files") or {}).get(USER_TABLE)
    if path:
        return read_user_province_partner_trade(path, list(spec["table1_partner_groups"]))
    return None


def check_spec(spec: dict, totals: pd.DataFrame, study_claims: pd.DataFrame) -> None:
    """Refuse a spec the data cannot answer; the message names the spec key."""
    for key in (
        "province_table",
        "definition",
        "ranking_year",
        "top_n",
        "panel_first_year",
        "panel_last_year",
        "share_claim",
        "study_table_exhibit",
        "table1_partner_groups",
        "total_partner_group",
        "study_label",
        "source_note",
    ):
        if key not in spec:
            raise ValueError(f"spec key '{key}' is missing")
    definitions = sorted(totals["definition"].unique())
    if spec["definition"] not in definitions:
        raise ValueError(
            f"spec key 'definition': '{spec['definition']}' is not in the table "
            f"(available: {definitions})"
        )
    years = sorted(totals["year"].unique())
    for key in ("ranking_year", "panel_first_year", "panel_last_year"):
        if spec[key] not in years:
            raise ValueError(
                f"spec key '{key}': {spec[key]} is outside the data ({years[0]}-{years[-1]})"
            )
    if spec["panel_first_year"] > spec["panel_last_year"]:
        raise ValueError("spec key 'panel_first_year': it is after 'panel_last_year'")
    n_provinces = totals["province_code"].nunique()
    if not isinstance(spec["top_n"], int) or not 1 <= spec["top_n"] <= n_provinces:
        raise ValueError(f"spec key 'top_n': must be a whole number from 1 to {n_provinces}")
    if spec["total_partner_group"] not in spec["table1_partner_groups"]:
        raise ValueError(
            f"spec key 'total_partner_group': '{spec['total_partner_group']}' is not a key of "
            "'table1_partner_groups'"
        )
    if spec["share_claim"] not in set(study_claims["id"]):
        raise ValueError(f"spec key 'share_claim': {spec['share_claim']} is not a study claim")
    for check in spec.get("study_checks", []):
        for field in ("claim", "minus", "share_of"):
            ref = check.get(field)
            if ref and not str(ref).startswith("text:") and ref not in set(study_claims["id"]):
                raise ValueError(f"spec key 'study_checks': {ref} is not a study claim")


def compute(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, pd.DataFrame]:
    """F2/T1 tables: 2018 ranking (main), panel, share of the nine, Table 1, study checks."""
    if spec.get("province_table") not in tables:
        raise ValueError(
            f"spec key 'province_table': '{spec.get('province_table')}' is not among the "
            "tables given"
        )
    totals = province_totals(tables[spec["province_table"]])
    claims_file = _study_claims(tables, spec)
    check_spec(spec, totals, claims_file)
    ranking = rank_provinces(totals, spec["definition"], spec["ranking_year"], spec["top_n"])
    provinces = list(ranking["province_code"])
    first, last = spec["panel_first_year"], spec["panel_last_year"]
    study = study_table1_cells(
        claims_file,
        spec["study_table_exhibit"],
        [spec["share_claim"]],
        spec["table1_partner_groups"],
    )
    unknown = sorted(set(study["province_name_en"]) - set(totals["province_name_en"]))
    if unknown:
        raise ValueError(
            f"spec key 'study_table_exhibit': the claims name provinces {unknown} that NBS "
            "does not spell that way"
        )
    return {
        "main": ranking,
        "panel": province_panel(totals, spec["definition"], provinces, first, last),
        "top_share": top_share_by_year(totals, spec["top_n"], provinces, first, last),
        "table1": table1(
            study, _user_table(tables, spec), totals, spec, list(ranking["province_name_en"])
        ),
        "study_checks": study_checks(study, spec),
    }


# --------------------------------------------------------------------------------------
# Figure
# --------------------------------------------------------------------------------------


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
            share["year"].min(), threshold + 0.15, f"{threshold:g}%", fontsize=8.5, color="0.3"
        )
    first, last = int(share["year"].min()), int(share["year"].max())
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


# --------------------------------------------------------------------------------------
# Claims
# --------------------------------------------------------------------------------------


def claims(results: dict[str, pd.DataFrame], spec: dict) -> pd.DataFrame:
    """Our values for the share claim (C10) and every Table 1 cell (C11-C25)."""
    ranking = results["main"]
    year = int(ranking["year"].iloc[0])
    n = len(ranking)
    share = results["top_share"]
    here = share[(share["year"] == year) & (share["province_set"] == "top_n_of_year")]
    by_definition = here.set_index("definition")["share_of_national_pct"]
    others = "; ".join(
        f"{tr(d.replace('_', ' '))} {v:.1f}%"
        for d, v in by_definition.items()
        if d != spec["definition"]
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
        if i18n.current() == "zh":
            return "、".join(chinese.get(name, name) for name in sorted(names)) or tr("none")
        return str(sorted(names))

    return tr(
        "Our largest provinces differ from the study's Table 1: ours add {ours}, the study's "
        "add {study}.",
        ours=listed(ours - study),
        study=listed(study - ours),
    )
