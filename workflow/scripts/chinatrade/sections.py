"""HS sections in China's trade with the US: labels, Chinese names, trade by section, shares.

Shared by the exhibits on sections (S1, F4). Trade by section comes from the US-reported
(mirror) Comtrade rows: US imports from China stand for China's exports to the US, US
exports to China (FOB) for China's imports from the US.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from chinatrade import i18n, lineage
from chinatrade.i18n import tr
from chinatrade.spec import spec_error

SECTOR_TABLE = "sector_trade_us_china_comtrade"


SECTIONS_TABLE = "hs_sections"
#: US-side flow -> what it measures from China's side, and the valuation of that measure.
IMPORT_VALUATION = {"imports_cif": "cif", "imports_customs_value": "customs_value"}
VALUATION_WORDS = {"cif": "CIF", "customs_value": "at US customs value"}


US_EXPORT_FLOW = "exports_fob"
BILLION = 1e9


#: the key of the result tables' ``attrs`` that carries the Chinese section names
ZH_NAMES_ATTR = "section_names_zh"


def check_section(section: object, known: set[int], exhibit: str, key: str) -> int:
    """A spec HS section number as int, or a ValueError naming the key."""
    if isinstance(section, bool) or not isinstance(section, (int, np.integer)):
        raise spec_error(exhibit, key, f"{section!r} is not an HS section number")
    if int(section) not in known:
        raise spec_error(exhibit, key, f"{section} is not an HS section ({sorted(known)})")
    return int(section)


def derived_short_name(name_en: str, max_chars: int = 28) -> str:
    """A short English section name from the WCO heading: its first clause, cut at a word."""
    first = re.split(r"[;,(]", name_en, maxsplit=1)[0].strip()
    if len(first) <= max_chars:
        return first
    return first[:max_chars].rsplit(" ", 1)[0] + "..."


def section_labels(hs_sections: pd.DataFrame, short_names: dict | None) -> pd.DataFrame:
    """One row per HS section: number, Roman numeral, short English name, a chart label and
    the raw files of the section's names (``raw_file_ids``).

    ``short_names`` maps section numbers (int or str keys, as YAML gives them) to short names;
    sections it leaves out get the first clause of the WCO heading.
    """
    given = {int(k): str(v) for k, v in (short_names or {}).items()}
    unknown = sorted(set(given) - set(hs_sections["section_no"].astype(int)))
    if unknown:
        raise ValueError(f"spec 'section_short_names': {unknown} are not HS sections")
    columns = ["section_no", "section_roman", "section_name_en", lineage.COLUMN]
    labels = hs_sections[columns].copy()
    labels["section_no"] = labels["section_no"].astype(int)
    labels["section_short_name"] = [
        given.get(no, derived_short_name(name))
        for no, name in zip(labels["section_no"], labels["section_name_en"], strict=True)
    ]
    labels["section_label"] = labels["section_roman"] + " " + labels["section_short_name"]
    return labels.drop(columns="section_name_en").sort_values("section_no", ignore_index=True)


def derived_short_name_zh(name_zh: str, max_chars: int = 16) -> str:
    """A short Chinese section name from the customs heading: the heading's items (separated
    by '；' or '、') up to ``max_chars`` characters, then '等' if some are left out."""
    name = name_zh.strip().replace("；", "、")
    if len(name) <= max_chars:
        return name
    cut = name[: max_chars + 1].rfind("、")
    return (name[:cut] if cut > 0 else name[:max_chars]) + "等"


def section_names_zh(hs_sections: pd.DataFrame) -> dict[int, str]:
    """Section number -> short Chinese name, from the table's ``section_name_zh`` (if any)."""
    if "section_name_zh" not in hs_sections.columns:
        return {}
    return {
        int(no): derived_short_name_zh(str(name))
        for no, name in zip(hs_sections["section_no"], hs_sections["section_name_zh"], strict=True)
        if isinstance(name, str) and name.strip()
    }


def keep_section_names_zh(results: dict[str, pd.DataFrame], names: dict[int, str]) -> None:
    """Carry the Chinese section names with the result tables, outside their columns (the
    tables, and so their CSV files, are the same in every language)."""
    for frame in results.values():
        frame.attrs[ZH_NAMES_ATTR] = dict(names)


def display_section_labels(frame: pd.DataFrame, names: dict[int, str]) -> pd.Series:
    """The chart label of each row's section: ``section_label`` in English; in Chinese the
    Roman numeral and the short Chinese name of the sections table."""
    if i18n.current() == i18n.SOURCE_LANGUAGE:
        return frame["section_label"]
    return pd.Series(
        [
            f"{roman} {names[int(no)]}" if int(no) in names else tr(label)
            for no, roman, label in zip(
                frame["section_no"], frame["section_roman"], frame["section_label"], strict=True
            )
        ],
        index=frame.index,
    )


def section_trade(
    trade: pd.DataFrame,
    labels: pd.DataFrame,
    import_flow: str,
    first_year: int,
    last_year: int,
) -> pd.DataFrame:
    """China's trade with the US by HS section and year, from the US-reported (mirror) rows.

    Returns one row per year and section with China's exports to the US (= US imports at
    the valuation of ``import_flow``), China's imports from the US (= US exports FOB) and
    China's surplus (exports - imports), in USD, plus the year totals from the TOTAL rows.
    Years in which ``import_flow`` is not published are dropped. ``raw_file_ids``: see
    :func:`_trade_ids`.
    """
    rows = trade[
        (trade["year"] >= first_year)
        & (trade["year"] <= last_year)
        & (trade["flow"].isin([import_flow, US_EXPORT_FLOW]))
    ]
    sections = rows[rows["level"] == "section"].assign(
        section_no=lambda d: d["product_code"].astype(int)
    )
    wide = sections.pivot_table(
        index=["year", "section_no"], columns="flow", values="value_usd", aggfunc="sum"
    )
    total_rows = rows[rows["level"] == "TOTAL"]
    totals = total_rows.pivot_table(
        index="year", columns="flow", values="value_usd", aggfunc="sum"
    ).dropna()
    if import_flow not in wide.columns or totals.empty:
        return pd.DataFrame()
    years = sorted(totals.index)
    # A section without trade in a year has no row in Comtrade: it traded zero.
    index = pd.MultiIndex.from_product([years, labels["section_no"]], names=wide.index.names)
    wide = wide.reindex(index).fillna(0.0)
    out = pd.DataFrame(
        {
            "china_exports_to_us_usd": wide[import_flow],
            "china_imports_from_us_usd": wide[US_EXPORT_FLOW],
        }
    ).reset_index()
    out["china_surplus_usd"] = out["china_exports_to_us_usd"] - out["china_imports_from_us_usd"]
    year_totals = pd.DataFrame(
        {
            "year": totals.index,
            "total_exports_to_us_usd": totals[import_flow].to_numpy(),
            "total_imports_from_us_usd": totals[US_EXPORT_FLOW].to_numpy(),
        }
    )
    year_totals["total_surplus_usd"] = (
        year_totals["total_exports_to_us_usd"] - year_totals["total_imports_from_us_usd"]
    )
    out = out.merge(year_totals, on="year", how="left")
    out = labels.drop(columns=lineage.COLUMN).merge(out, on="section_no", how="right")
    out.insert(0, "import_valuation", IMPORT_VALUATION.get(import_flow, import_flow))
    vintages = rows.groupby("year")["hs_vintage"].first()
    out["hs_vintage"] = out["year"].map(vintages)
    out[lineage.COLUMN] = _trade_ids(out, sections, total_rows, labels)
    return out


def _trade_ids(
    out: pd.DataFrame, sections: pd.DataFrame, total_rows: pd.DataFrame, labels: pd.DataFrame
) -> list[str]:
    """The raw files of each year-section row of :func:`section_trade`: the section's rows of
    the two flows, the year's TOTAL rows (the shares' denominators) and the section's names
    (``labels``). A section without rows in a year (a zero) names the files of all the year's
    section rows: where it was looked for."""
    own = lineage.aggregate(sections, ["year", "section_no"])
    searched = lineage.aggregate(sections, "year")
    totals = lineage.aggregate(total_rows, "year")
    names = labels.set_index("section_no")[lineage.COLUMN]
    keys = pd.MultiIndex.from_frame(out[["year", "section_no"]])
    # a year without any section row still names its TOTAL rows' files
    year_ids = out["year"].map(searched).fillna("").set_axis(keys)
    section_ids = own.reindex(keys).fillna(year_ids)
    return [
        lineage.join(ids)
        for ids in zip(
            section_ids,
            out["year"].map(totals),
            out["section_no"].map(names),
            strict=True,
        )
    ]


def usd_to_billions(frame: pd.DataFrame) -> pd.DataFrame:
    """Rename every ``*_usd`` column to ``*_usd_billions`` and divide by 1e9."""
    renames = {c: f"{c}_billions" for c in frame.columns if c.endswith("_usd")}
    out = frame.rename(columns=renames)
    for column in renames.values():
        out[column] = out[column] / BILLION
    return out


def percent(part: pd.Series | float, whole: pd.Series | float) -> pd.Series | float:
    """100 * part / whole, NaN where the whole is zero."""
    if isinstance(whole, pd.Series):
        return 100 * part / whole.where(whole != 0)
    return 100 * part / whole if whole else math.nan
