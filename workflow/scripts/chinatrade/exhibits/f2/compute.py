"""F2's tables: provincial totals, the ranking, the panel, the top share, Table 1 and the
study checks; and the reader of the user's province x partner file."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from chinatrade import lineage, validate
from chinatrade.errors import InputDataError

from .checks import check_spec
from .common import REPORTER_SIDE, USER_COLUMNS

# 100 million USD (亿美元), the study's unit, in USD thousands (the NBS unit).
USD_THOUSANDS_PER_100M = 100_000

# The partner groups of the user's province x partner file (its columns: ``USER_COLUMNS``).
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
    spreadsheet shows it), ``source_file`` and ``raw_file_ids`` (``user:<file name>``).
    Raises ``InputDataError`` naming the file, the column and the row of the first broken
    rule.
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
    frame[lineage.COLUMN] = lineage.user_file(path)
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
            lineage.COLUMN,
        ]
    ].reset_index(drop=True)


def rank_provinces(totals: pd.DataFrame, definition: str, year: int, top_n: int) -> pd.DataFrame:
    """The ``top_n`` largest traders of one year: rank, share of national trade, cumulative share.

    The national total is the sum over all provinces of the same definition and year (the
    NBS tables carry no national row; SOURCES.md checks that the sum equals the customs total).
    Every row names the raw files of all the year's provinces (its shares' national total).
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
    ranked[lineage.COLUMN] = lineage.join(one_year[lineage.COLUMN])
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
            lineage.COLUMN,
        ]
    ]


def province_panel(
    totals: pd.DataFrame, definition: str, provinces: list[str], first: int, last: int
) -> pd.DataFrame:
    """Each chosen province's trade, share and rank in every year from ``first`` to ``last``,
    with the raw files of all the year's provinces (its share and rank)."""
    chosen = totals[
        (totals["definition"] == definition) & totals["year"].between(first, last)
    ].copy()
    chosen["national_total_usd_100m"] = chosen.groupby("year")["total_trade_usd_100m"].transform(
        "sum"
    )
    chosen["share_of_national_pct"] = (
        100 * chosen["total_trade_usd_100m"] / chosen["national_total_usd_100m"]
    )
    chosen[lineage.COLUMN] = chosen.groupby("year")[lineage.COLUMN].transform(lineage.join)
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
            lineage.COLUMN,
        ]
    ].reset_index(drop=True)


def top_share_by_year(
    totals: pd.DataFrame, top_n: int, fixed_provinces: list[str], first: int, last: int
) -> pd.DataFrame:
    """The share of the largest traders in national trade, every year and definition.

    Two sets: ``fixed_set`` (the provinces ranked in the ranking year, followed over time)
    and ``top_n_of_year`` (each year's own ``top_n`` largest traders). Each row names the
    raw files of all the year's provinces (its national total).
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
                    lineage.COLUMN: lineage.join(one_year[lineage.COLUMN]),
                }
            )
    return pd.DataFrame(rows)


def study_table1_cells(
    study_claims: pd.DataFrame, exhibit: str, skip: list[str], partner_groups: dict
) -> pd.DataFrame:
    """The study's Table 1 cells as the claims file states them (one row per claim id).

    The province and partner group come from the claim's wording ("Guangdong net exports
    with EU+US"); ``partner_groups`` maps each group code to the wording the claims file
    uses (``None`` for the total, i.e. net exports with all partners). ``raw_file_ids``:
    the claim row's (the study's claims table).
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
                lineage.COLUMN: getattr(claim, lineage.COLUMN),
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
    province definition shows up at once. Raw files: :func:`_table1_ids`.
    """
    total_group = spec["total_partner_group"]
    definition = spec["definition"]
    names = totals.drop_duplicates("province_name_en").set_index("province_name_en")
    key = ["province_name_en", "partner_group", "year"]
    table = study.copy()
    table["study_source"] = spec["study_label"]
    user_ids = ""
    if user is not None and not user.empty:
        user_ids = lineage.join(user[lineage.COLUMN])
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
    table[lineage.COLUMN] = _table1_ids(table, nbs[lineage.COLUMN], total_group, user_ids)
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
            lineage.COLUMN,
        ]
    ].reset_index(drop=True)


def _table1_ids(
    table: pd.DataFrame, nbs_ids: pd.Series, total_group: str, user_ids: str
) -> list[str]:
    """Each Table 1 row's raw files: the study's claims table for a study cell; the user's
    file when one is given (every row's user values were looked for in it); for the total,
    the NBS row of the province and year (the NBS files of the definition where none is).

    ``nbs_ids``: raw_file_ids of the NBS totals of the definition by (province, year).
    """
    searched = lineage.join(nbs_ids)
    ids = []
    for study, province, year, group in zip(
        table[lineage.COLUMN],
        table["province_name_en"],
        table["year"],
        table["partner_group"],
        strict=True,
    ):
        parts = [study if isinstance(study, str) else "", user_ids]
        if group == total_group:
            parts.append(nbs_ids.get((province, year), searched))
        ids.append(lineage.join(parts))
    return ids


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
    for a cell (``study_text_values``); it computes nothing from data of ours. Each row names
    the raw files of the cells it uses (the study's claims table).
    """
    value = study.set_index("claim_id")["study_net_exports_usd_100m"]
    ids = study.set_index("claim_id")[lineage.COLUMN]
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
                lineage.COLUMN: lineage.join(
                    ids.get(check.get(key), "") for key in ("claim", "minus", "share_of")
                ),
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
            lineage.COLUMN: lineage.join(ids[total.index]),
        }
    )
    return pd.DataFrame(rows)


def _study_claims(tables: dict[str, pd.DataFrame], spec: dict) -> pd.DataFrame:
    if "study_claims" in tables:
        return tables["study_claims"]
    if spec.get("study_claims"):
        claims = pd.read_csv(spec["study_claims"], dtype=str, keep_default_na=False)
        return claims.assign(**{lineage.COLUMN: lineage.study_file(spec["study_claims"])})
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
