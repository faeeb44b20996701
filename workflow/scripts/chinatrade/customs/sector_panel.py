"""The sector-year panel: processing and ordinary shares of trade from the yearly aggregates."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from chinatrade.customs.schema import FLOWS, REGIME_GROUPS

SHARE_KEY = ["level", "sector_code", "year"]


def processing_share(
    aggregated: pd.DataFrame,
    chapter_sections: pd.DataFrame | None = None,
    partner: str | Sequence[str] | None = None,
    partner_group: str | None = None,
) -> pd.DataFrame:
    """Trade by regime group, processing shares and balances by sector and year.

    ``aggregated``: rows of :func:`aggregate_year` outputs (one or more years), columns
    ``year``, ``hs_chapter``, ``regime_group``, ``partner_iso3``, ``flow``, ``value_usd``
    (USD). ``chapter_sections``: the chapter -> section table (columns ``hs_chapter``,
    ``section_no``; names ``chapter_name_en``, ``section_name_en`` used if present, e.g.
    ``data/processed/hs_chapter_sections.parquet``); with it, HS-section rows are added.
    ``partner``: ISO3 code(s) of a partner group (named ``partner_group``, by default the
    codes joined with '+'): China's trade and balance with that group are added.

    One row per (``level``, ``sector_code``, ``year``): ``level`` ``hs2`` (``sector_code`` the
    chapter) or ``hs_section`` (``sector_code`` the section number, ``01``-``22``);
    ``sector_name``; ``hs_section`` (the chapter's section, '' without the table);
    ``exports_<group>_usd`` and ``imports_<group>_usd`` for the groups ``ordinary``,
    ``processing_customs``, ``other`` (USD); ``exports_usd``, ``imports_usd``, ``trade_usd``
    (X+M), ``balance_usd`` (X-M); ``normalised_balance`` (X-M)/(X+M);
    ``processing_share_customs`` (processing_customs exports+imports / X+M) and
    ``processing_share_non_ordinary`` ((X+M - ordinary) / X+M: the study's "processing");
    ``processing_export_share_customs`` and ``processing_export_share_non_ordinary``, the
    same on exports only; with ``partner``: ``partner_group``, ``partner_exports_usd``,
    ``partner_imports_usd``, ``partner_balance_usd``, ``partner_normalised_balance``. Shares
    are NaN where their denominator is zero.
    """
    needed = ["year", "hs_chapter", "regime_group", "partner_iso3", "flow", "value_usd"]
    missing = [c for c in needed if c not in aggregated.columns]
    if missing:
        raise ValueError(f"aggregated: column(s) {missing} missing; expected {needed}")
    frame = aggregated[needed].copy()
    bad_group = ~frame["regime_group"].isin(REGIME_GROUPS)
    if bad_group.any():
        raise ValueError(
            f"aggregated: regime_group {frame.loc[bad_group, 'regime_group'].iloc[0]!r} is "
            f"not one of {REGIME_GROUPS}"
        )
    bad_flow = ~frame["flow"].isin(FLOWS)
    if bad_flow.any():
        raise ValueError(
            f"aggregated: flow {frame.loc[bad_flow, 'flow'].iloc[0]!r} is not one of {FLOWS}"
        )
    if (frame["value_usd"] < 0).any() or frame["value_usd"].isna().any():
        raise ValueError("aggregated: value_usd must be non-negative numbers (USD)")
    frame["hs_chapter"] = frame["hs_chapter"].astype(str).str.zfill(2)

    sections = None
    if chapter_sections is not None:
        for column in ("hs_chapter", "section_no"):
            if column not in chapter_sections.columns:
                raise ValueError(f"chapter_sections: column {column!r} missing")
        sections = chapter_sections.copy()
        sections["hs_chapter"] = sections["hs_chapter"].astype(str).str.zfill(2)
        sections["hs_section"] = sections["section_no"].astype(int).map("{:02d}".format)
        unmapped = sorted(set(frame["hs_chapter"]) - set(sections["hs_chapter"]))
        if unmapped:
            raise ValueError(f"chapter_sections: chapter(s) {unmapped} have no section")

    if partner is not None:
        codes = [partner] if isinstance(partner, str) else list(partner)
        if not codes:
            raise ValueError("partner: empty list of ISO3 codes")
        label = partner_group or "+".join(codes)
    else:
        codes, label = [], None

    def table(keyed: pd.DataFrame, key: str) -> pd.DataFrame:
        cells = keyed.groupby(["year", key, "flow", "regime_group"])["value_usd"].sum()
        wide = cells.unstack(["flow", "regime_group"])
        wide = wide.reindex(
            columns=pd.MultiIndex.from_product([FLOWS, REGIME_GROUPS]), fill_value=0.0
        ).fillna(0.0)
        wide.columns = [f"{f}_{g}_usd" for f, g in wide.columns]
        out = wide.reset_index().rename(columns={key: "sector_code"})
        if codes:
            with_partner = keyed[keyed["partner_iso3"].isin(codes)]
            bilateral = (
                with_partner.groupby(["year", key, "flow"])["value_usd"].sum().unstack("flow")
            )
            bilateral = bilateral.reindex(columns=list(FLOWS), fill_value=0.0).fillna(0.0)
            bilateral.columns = [f"partner_{f}_usd" for f in bilateral.columns]
            bilateral = bilateral.reset_index().rename(columns={key: "sector_code"})
            out = out.merge(bilateral, on=["year", "sector_code"], how="left")
            for f in FLOWS:
                out[f"partner_{f}_usd"] = out[f"partner_{f}_usd"].fillna(0.0)
        return out

    levels = [table(frame, "hs_chapter").assign(level="hs2")]
    if sections is not None:
        keyed = frame.merge(sections[["hs_chapter", "hs_section"]], on="hs_chapter")
        levels.append(table(keyed, "hs_section").assign(level="hs_section"))
    out = pd.concat(levels, ignore_index=True)

    out["exports_usd"] = out[[f"exports_{g}_usd" for g in REGIME_GROUPS]].sum(axis=1)
    out["imports_usd"] = out[[f"imports_{g}_usd" for g in REGIME_GROUPS]].sum(axis=1)
    x, m = out["exports_usd"], out["imports_usd"]
    trade = x + m
    out["trade_usd"] = trade
    out["balance_usd"] = x - m
    out["normalised_balance"] = _ratio(x - m, trade)
    processing = out["exports_processing_customs_usd"] + out["imports_processing_customs_usd"]
    ordinary = out["exports_ordinary_usd"] + out["imports_ordinary_usd"]
    out["processing_share_customs"] = _ratio(processing, trade)
    out["processing_share_non_ordinary"] = _ratio(trade - ordinary, trade)
    out["processing_export_share_customs"] = _ratio(out["exports_processing_customs_usd"], x)
    out["processing_export_share_non_ordinary"] = _ratio(x - out["exports_ordinary_usd"], x)
    if codes:
        px, pm = out["partner_exports_usd"], out["partner_imports_usd"]
        out["partner_group"] = label
        out["partner_balance_usd"] = px - pm
        out["partner_normalised_balance"] = _ratio(px - pm, px + pm)

    out["sector_name"] = ""
    out["hs_section"] = ""
    if sections is not None:
        chapter_rows = out["level"] == "hs2"
        by_chapter = sections.set_index("hs_chapter")
        out.loc[chapter_rows, "hs_section"] = out.loc[chapter_rows, "sector_code"].map(
            by_chapter["hs_section"]
        )
        out.loc[~chapter_rows, "hs_section"] = out.loc[~chapter_rows, "sector_code"]
        if "chapter_name_en" in sections.columns:
            out.loc[chapter_rows, "sector_name"] = out.loc[chapter_rows, "sector_code"].map(
                by_chapter["chapter_name_en"]
            )
        if "section_name_en" in sections.columns:
            names = sections.drop_duplicates("hs_section").set_index("hs_section")
            out.loc[~chapter_rows, "sector_name"] = out.loc[~chapter_rows, "sector_code"].map(
                names["section_name_en"]
            )
    out["sector_name"] = out["sector_name"].fillna("")

    columns = [
        "level",
        "sector_code",
        "sector_name",
        "hs_section",
        "year",
        *[f"{f}_{g}_usd" for f in FLOWS for g in REGIME_GROUPS],
        "exports_usd",
        "imports_usd",
        "trade_usd",
        "balance_usd",
        "normalised_balance",
        "processing_share_customs",
        "processing_share_non_ordinary",
        "processing_export_share_customs",
        "processing_export_share_non_ordinary",
    ]
    if codes:
        columns += [
            "partner_group",
            "partner_exports_usd",
            "partner_imports_usd",
            "partner_balance_usd",
            "partner_normalised_balance",
        ]
    out["year"] = out["year"].astype(int)
    return out[columns].sort_values(SHARE_KEY).reset_index(drop=True)


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return (numerator / denominator.where(denominator != 0)).astype(float)
