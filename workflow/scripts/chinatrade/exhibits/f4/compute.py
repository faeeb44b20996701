"""F4 tables: China's balance with the US by HS section and year (main), the sign changes
between the compared years, a summary by section, and the extremes.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from chinatrade import lineage
from chinatrade.sections import (
    IMPORT_VALUATION,
    SECTIONS_TABLE,
    SECTOR_TABLE,
    keep_section_names_zh,
    percent,
    section_labels,
    section_names_zh,
    section_trade,
    usd_to_billions,
)
from chinatrade.spec import check_year, require_tables, spec_error

from .common import SIGN_CHANGE_RULES

SIGN_WORDS = {1: "surplus", -1: "deficit", 0: "balanced"}


def _check_spec(tables: dict[str, pd.DataFrame], spec: dict) -> dict:
    """Validate the F4 spec against the data; return the checked settings."""
    trade = tables[SECTOR_TABLE]
    years = set(trade["year"].astype(int))
    first = check_year(spec.get("first_year"), years, "F4", "first_year")
    last = check_year(spec.get("last_year"), years, "F4", "last_year")
    if first > last:
        raise spec_error("F4", "first_year", "is after 'last_year'")
    compared = spec.get("compared_years")
    if not isinstance(compared, list) or len(compared) < 2:
        raise spec_error("F4", "compared_years", f"{compared!r} is not a list of two+ years")
    compared = sorted(check_year(y, years, "F4", "compared_years") for y in compared)
    if len(set(compared)) != len(compared):
        raise spec_error("F4", "compared_years", "repeats a year")
    if compared[0] < first or compared[-1] > last:
        raise spec_error("F4", "compared_years", f"must lie within {first}-{last}")
    flow = spec.get("import_flow")
    if flow not in IMPORT_VALUATION:
        raise spec_error("F4", "import_flow", f"{flow!r} is not one of {sorted(IMPORT_VALUATION)}")
    published = set(trade.loc[trade["flow"] == flow, "year"].astype(int))
    missing = sorted(set(range(first, last + 1)) - published)
    if missing:
        raise spec_error("F4", "import_flow", f"{flow} is not published for {missing}")
    threshold = spec.get("major_min_share_of_bilateral_trade_pct")
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or threshold < 0:
        raise spec_error(
            "F4", "major_min_share_of_bilateral_trade_pct", f"{threshold!r} is not a percent"
        )
    rule = spec.get("sign_change_rule")
    if rule not in SIGN_CHANGE_RULES:
        raise spec_error(
            "F4", "sign_change_rule", f"{rule!r} is not one of {list(SIGN_CHANGE_RULES)}"
        )
    n_extremes = spec.get("n_extremes")
    if isinstance(n_extremes, bool) or not isinstance(n_extremes, int) or n_extremes < 1:
        raise spec_error("F4", "n_extremes", f"{n_extremes!r} is not a positive whole number")
    return {
        "first_year": first,
        "last_year": last,
        "compared_years": compared,
        "threshold": float(threshold),
        "rule": rule,
        "n_extremes": n_extremes,
    }


def balance_sign(balance: pd.Series) -> pd.Series:
    """+1 surplus, -1 deficit, 0 exactly balanced (no trade either way, as a rule)."""
    return np.sign(balance).astype(int)


def major_sections(balances: pd.DataFrame, years: list[int], threshold_pct: float) -> pd.DataFrame:
    """Each section's share of China-US trade (exports + imports) summed over ``years``.

    A section is *major* if that share is at least ``threshold_pct``. Summing over the
    compared years (rather than taking one year) keeps a section from flipping in and out
    of the set because of one unusual year.
    """
    window = balances[balances["year"].isin(years)]
    trade = (
        window["china_exports_to_us_usd_billions"] + window["china_imports_from_us_usd_billions"]
    )
    by_section = trade.groupby(window["section_no"]).sum()
    out = pd.DataFrame(
        {
            "section_no": by_section.index,
            "share_of_bilateral_trade_compared_years_pct": percent(by_section, by_section.sum()),
        }
    )
    out["is_major"] = out["share_of_bilateral_trade_compared_years_pct"] >= threshold_pct
    return out.reset_index(drop=True)


def with_compared_years_ids(main: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Each row's raw files joined with those of every section in the compared years: its
    share of trade over them (:func:`major_sections`) has all of them in the denominator."""
    compared = lineage.join(main.loc[main["year"].isin(years), lineage.COLUMN])
    ids = [lineage.join([own, compared]) for own in main[lineage.COLUMN]]
    return main.assign(**{lineage.COLUMN: ids})


def year_pairs(compared: list[int], last_year: int) -> list[tuple[int, int, str]]:
    """Every pair of compared years, then the first compared year against each later year."""
    pairs = [(a, b, "compared years") for a, b in itertools.combinations(compared, 2)]
    pairs += [(compared[0], y, "extension") for y in range(compared[-1] + 1, last_year + 1)]
    return pairs


def sign_changes(main: pd.DataFrame, pairs: list[tuple[int, int, str]]) -> pd.DataFrame:
    """One row per section and year pair: the two balances, their signs, whether it flipped,
    and the raw files of both years' rows.

    A move to or from an exact zero counts as a change of sign.
    """
    wide = main.pivot_table(index="section_no", columns="year", values="balance_usd_billions")
    ids = main.pivot(index="section_no", columns="year", values=lineage.COLUMN).reindex(wide.index)
    labels = main.drop_duplicates("section_no").set_index("section_no")
    rows = []
    for year_from, year_to, kind in pairs:
        before, after = wide[year_from], wide[year_to]
        frame = pd.DataFrame(
            {
                "section_no": wide.index,
                "year_from": year_from,
                "year_to": year_to,
                "pair_kind": kind,
                "balance_from_usd_billions": before.to_numpy(),
                "balance_to_usd_billions": after.to_numpy(),
                "sign_from": balance_sign(before).map(SIGN_WORDS).to_numpy(),
                "sign_to": balance_sign(after).map(SIGN_WORDS).to_numpy(),
            }
        )
        frame["changed_sign"] = (balance_sign(before) != balance_sign(after)).to_numpy()
        pairs_ids = zip(ids[year_from], ids[year_to], strict=True)
        frame[lineage.COLUMN] = [lineage.join(pair) for pair in pairs_ids]
        rows.append(frame)
    out = pd.concat(rows, ignore_index=True)
    keep = [
        "section_roman",
        "section_label",
        "is_major",
        "share_of_bilateral_trade_compared_years_pct",
    ]
    out = out.merge(labels[keep].reset_index(), on="section_no", how="left")
    order = ["section_no", *keep[:2], "year_from", "year_to", "pair_kind"]
    out = out[order + [c for c in out.columns if c not in order]]
    return out.sort_values(
        ["pair_kind", "changed_sign", "year_from", "year_to", "section_no"],
        ascending=[True, False, True, True, True],
        ignore_index=True,
    )


def section_summary(main: pd.DataFrame, compared: list[int]) -> pd.DataFrame:
    """One row per section: its signs over the compared years, the two change flags, and the
    raw files of the section's rows in those years."""
    window = main[main["year"].isin(compared)].sort_values(["section_no", "year"])
    signs = balance_sign(window["balance_usd_billions"])
    grouped = signs.groupby(window["section_no"])
    out = (
        main.drop_duplicates("section_no")[
            [
                "section_no",
                "section_roman",
                "section_label",
                "share_of_bilateral_trade_compared_years_pct",
                "is_major",
            ]
        ]
        .set_index("section_no")
        .sort_index()
    )
    out["compared_years"] = "-".join(str(y) for y in compared)
    out["sign_pattern"] = grouped.agg(
        lambda s: " ".join("+" if v > 0 else "-" if v < 0 else "0" for v in s)
    )
    out["changed_sign_any_pair"] = grouped.nunique() > 1
    out["changed_sign_endpoints"] = grouped.first() != grouped.last()
    balances = window.pivot_table(index="section_no", columns="year", values="balance_usd_billions")
    out["balances_compared_years_usd_billions"] = balances.apply(
        lambda row: ", ".join(f"{year}: {row[year]:+.2f}" for year in compared), axis=1
    )
    out[lineage.COLUMN] = window.groupby("section_no")[lineage.COLUMN].agg(lineage.join)
    return out.reset_index()


def extremes(main: pd.DataFrame, years: list[int], n: int) -> pd.DataFrame:
    """The ``n`` largest surpluses and ``n`` largest deficits in each of ``years``."""
    rows = []
    for year in years:
        table = main[main["year"] == year]
        surpluses = table[table["balance_usd_billions"] > 0].nlargest(n, "balance_usd_billions")
        deficits = table[table["balance_usd_billions"] < 0].nsmallest(n, "balance_usd_billions")
        for kind, part in (("surplus", surpluses), ("deficit", deficits)):
            rows.append(part.assign(kind=kind, rank=range(1, len(part) + 1)))
    out = pd.concat(rows, ignore_index=True)
    columns = [
        "year",
        "kind",
        "rank",
        "section_no",
        "section_roman",
        "section_label",
        "balance_usd_billions",
        "share_of_bilateral_trade_pct",
        "is_major",
        "import_valuation",
        "source",
        "reporter_side",
        lineage.COLUMN,
    ]
    return out[columns]


def compute(tables: dict[str, pd.DataFrame], spec: dict) -> dict[str, pd.DataFrame]:
    """The F4 tables.

    - ``main``: China's exports to, imports from and balance with the US by HS section and
      year (mirror), each section's share of bilateral trade and of the total balance, its
      sign, and whether it is *major* over the compared years.
    - ``sign_changes``: every section and year pair (the compared years, then the first
      compared year against each later year): both balances and whether the sign changed.
    - ``sections``: one row per section: sign pattern and change flags over the compared years.
    - ``extremes``: the largest surpluses and deficits in each compared year and the last year.
    """
    require_tables(tables, [SECTOR_TABLE, SECTIONS_TABLE], "F4")
    checked = _check_spec(tables, spec)
    labels = section_labels(tables[SECTIONS_TABLE], spec.get("section_short_names"))
    by_section = usd_to_billions(
        section_trade(
            tables[SECTOR_TABLE],
            labels,
            spec["import_flow"],
            checked["first_year"],
            checked["last_year"],
        )
    ).rename(columns={"china_surplus_usd_billions": "balance_usd_billions"})
    trade = (
        by_section["china_exports_to_us_usd_billions"]
        + by_section["china_imports_from_us_usd_billions"]
    )
    total_trade = (
        by_section["total_exports_to_us_usd_billions"]
        + by_section["total_imports_from_us_usd_billions"]
    )
    by_section["share_of_bilateral_trade_pct"] = percent(trade, total_trade)
    by_section["share_of_total_balance_pct"] = percent(
        by_section["balance_usd_billions"], by_section["total_surplus_usd_billions"]
    )
    by_section["balance_sign"] = balance_sign(by_section["balance_usd_billions"]).map(SIGN_WORDS)
    by_section["is_compared_year"] = by_section["year"].isin(checked["compared_years"])
    major = major_sections(by_section, checked["compared_years"], checked["threshold"])
    main = with_compared_years_ids(
        by_section.merge(major, on="section_no", how="left"), checked["compared_years"]
    )
    main["source"] = spec["source_label"]
    main["reporter_side"] = "mirror"
    main["reported_by"] = tables[SECTOR_TABLE]["reporter_iso3"].iloc[0]
    main = main.sort_values(["section_no", "year"], ignore_index=True)

    pairs = year_pairs(checked["compared_years"], checked["last_year"])
    extreme_years = sorted(set(checked["compared_years"]) | {checked["last_year"]})
    results = {
        "main": main,
        "sign_changes": sign_changes(main, pairs),
        "sections": section_summary(main, checked["compared_years"]),
        "extremes": extremes(main, extreme_years, checked["n_extremes"]),
    }
    keep_section_names_zh(results, section_names_zh(tables[SECTIONS_TABLE]))
    return results
