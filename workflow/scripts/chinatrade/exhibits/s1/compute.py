"""S1 tables: the focus section's shares by year (main), the top sections, and the regime and
partner context; the spec is checked against the data first.
"""

from __future__ import annotations

import pandas as pd

from chinatrade import lineage
from chinatrade.sections import (
    BILLION,
    IMPORT_VALUATION,
    SECTIONS_TABLE,
    SECTOR_TABLE,
    check_section,
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


def _with_china_reported_ids(main: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """The mirror rows' raw files joined with the China-reported totals' of the year (of all
    of them in a year without any: where the missing totals were looked for)."""
    reported = main["year"].map(lineage.aggregate(totals, "year"))
    reported = reported.fillna(lineage.join(totals[lineage.COLUMN]))
    return main.assign(**{lineage.COLUMN: lineage.by_row(main[lineage.COLUMN], reported)})


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
            lineage.COLUMN,
        ]
    ].copy()
    out["cumulative_share_of_exports_pct"] = out.groupby("year")["share_of_exports_pct"].cumsum()
    out.insert(1, "import_valuation", valuation)
    return out.reset_index(drop=True)


def _regime_context(regime: pd.DataFrame, year: int) -> pd.DataFrame:
    """China's exports, all goods, by regime aggregate in ``year`` (China Customs, own); each
    row's raw files with the total's (the share's denominator)."""
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
    total = rows.loc[rows["regime_code"] == "total"].iloc[0]
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
    out["share_of_exports_pct"] = 100 * out["value_usd_100m"] / total["value_usd_100m"]
    out["method"] = rows["method"].to_numpy()
    out["source"] = rows["source"].iloc[0]
    out["reporter_side"] = "own"
    out[lineage.COLUMN] = [
        lineage.join([ids, total[lineage.COLUMN]]) for ids in rows[lineage.COLUMN]
    ]
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
    ids = rows.groupby("partner_code")[lineage.COLUMN].agg(lineage.join)
    out[lineage.COLUMN] = ids.reindex(wide.index).to_numpy()
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
    totals = tables[CHINA_TOTALS_TABLE]
    main = focus.merge(_china_reported_totals(totals), on="year", how="left")
    main["mirror_to_china_reported_exports_ratio"] = (
        main["total_exports_to_us_usd_billions"] / main["china_reported_exports_to_us_usd_billions"]
    )
    main["mirror_source"] = spec["source_label"]
    main["mirror_reporter_side"] = "mirror"
    main = _with_china_reported_ids(main, totals)
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
