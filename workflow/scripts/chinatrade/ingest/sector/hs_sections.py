"""HS sections and chapters (the derived tables and the WCO's section names), and trade by
chapter aggregated to sections.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from chinatrade import validate as v
from chinatrade.errors import InputDataError
from chinatrade.ingest import source_files
from chinatrade.ingest.sector.common import (
    _all_present,
    _no_blank_or_mojibake,
    _raise_at,
    _read_text_csv,
)
from chinatrade.ingest.sector.comtrade import IDENTITY_TOLERANCE_USD

ROMAN = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI",
    "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI", "XXII",
]  # fmt: skip
#: chapter ranges of the WCO's 21 sections (HS nomenclature) and China customs' section 22
SECTION_CHAPTERS = {
    1: ("01", "05"), 2: ("06", "14"), 3: ("15", "15"), 4: ("16", "24"), 5: ("25", "27"),
    6: ("28", "38"), 7: ("39", "40"), 8: ("41", "43"), 9: ("44", "46"), 10: ("47", "49"),
    11: ("50", "63"), 12: ("64", "67"), 13: ("68", "70"), 14: ("71", "71"),
    15: ("72", "83"), 16: ("84", "85"), 17: ("86", "89"), 18: ("90", "92"),
    19: ("93", "93"), 20: ("94", "96"), 21: ("97", "97"), 22: ("98", "99"),
}  # fmt: skip
RESERVED_CHAPTERS = {"77"}
SPECIAL_CHAPTERS = {"98", "99"}  # national use / not specified by kind; China's section 22
SECTION_COLUMNS = [
    "section_no",
    "section_roman",
    "section_name_en",
    "section_name_zh",
    "first_chapter",
    "last_chapter",
    "n_chapters",
    "section_name_zh_source",
    "section_name_en_source",
]
# the table read_hs_sections returns: the file's columns, then the file's name
SECTION_TABLE_COLUMNS = [*SECTION_COLUMNS, "source_file"]
CHAPTER_SOURCE_COLUMNS = [
    "chapter",
    "chapter_name_en",
    "section_no",
    "section_roman",
    "section_name_en",
    "section_name_zh",
]
CHAPTER_COLUMNS = [
    "hs_chapter",
    "chapter_name_en",
    "chapter_kind",
    "section_no",
    "section_roman",
    "section_name_en",
    "section_name_zh",
]
_CJK = re.compile(r"[\u4e00-\u9fff]")


def read_hs_sections(path: str | Path, wco_sections_path: str | Path | None = None) -> pd.DataFrame:
    """The 22 HS sections (WCO I-XXI plus China customs' XXII), English and Chinese names.

    Returns one row per ``section_no`` (int 1-22): ``section_roman``, ``section_name_en``,
    ``section_name_zh``, ``first_chapter``/``last_chapter`` (zero-padded text),
    ``n_chapters`` (int), ``section_name_zh_source``, ``section_name_en_source``,
    ``source_file`` (the name of the file at ``path``, which every row is read from; the
    WCO original is a check only). Columns ``SECTION_TABLE_COLUMNS``.

    Checks: every section once, its Roman numeral, the standard chapter ranges
    (:data:`SECTION_CHAPTERS`), n_chapters = last - first + 1, names present, Chinese
    names in Chinese characters and no U+FFFD (a sign of a wrong encoding). With
    ``wco_sections_path`` (the original datasets/harmonized-system sections.csv), the
    English names of I-XXI must equal the original's, ignoring case and outer spaces.
    """
    path = Path(path)
    frame = _read_text_csv(path)
    v.require_columns(frame, SECTION_COLUMNS, path)
    frame = v.with_csv_rows(frame[SECTION_COLUMNS])
    v.allowed(frame, "section_no", [str(n) for n in SECTION_CHAPTERS], path)
    v.unique_key(frame, ["section_no"], path)
    frame["section_no"] = frame["section_no"].astype(int)
    _all_present(frame, "section_no", SECTION_CHAPTERS, path)
    for column in ("section_name_en", "section_name_zh"):
        _no_blank_or_mojibake(frame, column, path)
    not_chinese = ~frame["section_name_zh"].str.contains(_CJK)
    if not_chinese.any():
        _raise_at(frame, not_chinese, path, "section_name_zh", "has no Chinese characters")
    expected = {
        "section_roman": frame["section_no"].map(lambda n: ROMAN[n - 1]),
        "first_chapter": frame["section_no"].map(lambda n: SECTION_CHAPTERS[n][0]),
        "last_chapter": frame["section_no"].map(lambda n: SECTION_CHAPTERS[n][1]),
        "n_chapters": frame["section_no"].map(
            lambda n: str(int(SECTION_CHAPTERS[n][1]) - int(SECTION_CHAPTERS[n][0]) + 1)
        ),
    }
    for column, values in expected.items():
        wrong = frame[column] != values
        if wrong.any():
            index = wrong.idxmax()
            _raise_at(
                frame,
                wrong,
                path,
                column,
                f"differs from {values[index]!r}, the HS nomenclature's value for section "
                f"{frame.at[index, 'section_no']}",
            )
    if wco_sections_path is not None:
        _same_english_names(frame, Path(wco_sections_path), path)
    frame["n_chapters"] = frame["n_chapters"].astype(int)
    frame["source_file"] = source_files.name_of(path)
    return frame[SECTION_TABLE_COLUMNS].sort_values("section_no").reset_index(drop=True)


def _same_english_names(frame: pd.DataFrame, wco_path: Path, path: Path) -> None:
    # the original starts with a byte-order mark
    wco = v.with_csv_rows(_read_text_csv(wco_path, encoding="utf-8-sig"))
    v.require_columns(wco, ["section", "name"], wco_path)
    v.allowed(wco, "section", ROMAN[:21], wco_path)
    v.unique_key(wco, ["section"], wco_path)
    _all_present(wco, "section", ROMAN[:21], wco_path)
    original = dict(zip(wco["section"], wco["name"].str.strip().str.casefold(), strict=True))
    ours = frame["section_name_en"].str.strip().str.casefold()
    differs = frame["section_roman"].isin(original) & (ours != frame["section_roman"].map(original))
    if differs.any():
        index = differs.idxmax()
        _raise_at(
            frame,
            differs,
            path,
            "section_name_en",
            f"of section {frame.at[index, 'section_roman']} differs from the WCO name in "
            f"'{wco_path.name}' ({original[frame.at[index, 'section_roman']]!r})",
        )


def read_hs_chapter_sections(path: str | Path, sections: pd.DataFrame) -> pd.DataFrame:
    """HS chapter -> section (22 sections), with English and Chinese section names.

    ``sections`` is the output of :func:`read_hs_sections`. Returns one row per
    ``hs_chapter`` (zero-padded text '01'-'99'): ``chapter_name_en``, ``chapter_kind``
    ('wco' for chapters in use, 'reserved' for 77, which the HS keeps empty, 'special'
    for 98-99: national use / not specified by kind, China customs' section 22),
    ``section_no`` (int), ``section_roman``, ``section_name_en``, ``section_name_zh``.

    Checks: chapters are two-digit text, each of 01-99 exactly once (so every chapter
    in use maps to exactly one section), each inside its section's chapter range, and the
    section numeral and names equal those of ``sections``.
    """
    path = Path(path)
    frame = _read_text_csv(path)
    v.require_columns(frame, CHAPTER_SOURCE_COLUMNS, path)
    frame = v.with_csv_rows(frame[CHAPTER_SOURCE_COLUMNS])
    all_chapters = [f"{c:02d}" for c in range(1, 100)]
    v.allowed(frame, "chapter", all_chapters, path)
    v.unique_key(frame, ["chapter"], path)
    _all_present(frame, "chapter", all_chapters, path)
    v.allowed(frame, "section_no", sections["section_no"].astype(str), path)
    frame["section_no"] = frame["section_no"].astype(int)
    reference = sections.set_index("section_no")
    first = frame["section_no"].map(reference["first_chapter"])
    last = frame["section_no"].map(reference["last_chapter"])
    outside = (frame["chapter"] < first) | (frame["chapter"] > last)
    if outside.any():
        index = outside.idxmax()
        _raise_at(
            frame,
            outside,
            path,
            "section_no",
            f"puts chapter {frame.at[index, 'chapter']} in section "
            f"{frame.at[index, 'section_no']}, whose chapters are {first[index]}-{last[index]}",
        )
    for column in ("section_roman", "section_name_en", "section_name_zh"):
        wrong = frame[column] != frame["section_no"].map(reference[column])
        if wrong.any():
            _raise_at(
                frame,
                wrong,
                path,
                column,
                "differs from the sections table for the same section_no",
            )
    _no_blank_or_mojibake(frame, "chapter_name_en", path)
    frame["chapter_kind"] = np.select(
        [frame["chapter"].isin(RESERVED_CHAPTERS), frame["chapter"].isin(SPECIAL_CHAPTERS)],
        ["reserved", "special"],
        default="wco",
    )
    frame = frame.rename(columns={"chapter": "hs_chapter"})
    return frame[CHAPTER_COLUMNS].sort_values("hs_chapter").reset_index(drop=True)


def aggregate_to_sections(trade: pd.DataFrame, chapters: pd.DataFrame) -> pd.DataFrame:
    """The HS2 rows of :func:`read_comtrade_us_china` summed to the 22 HS sections.

    Returns one row per (reporter_iso3, partner_iso3, year, flow, section_no) with
    ``section_roman``, ``section_name_en``, ``section_name_zh``, ``value_usd`` (current USD),
    ``n_chapters`` (chapters with a record), ``reporter_side``, ``source``,
    ``source_file`` (the files of the HS2 rows summed, '; '-joined). Only sections
    with at least one chapter record appear. A chapter missing from ``chapters`` is an
    error (nothing is dropped), and the sections add up to the TOTAL row.
    """
    hs2 = trade[trade["level"] == "HS2"]
    joined = hs2.merge(
        chapters[
            ["hs_chapter", "section_no", "section_roman", "section_name_en", "section_name_zh"]
        ],  # fmt: skip
        left_on="product_code",
        right_on="hs_chapter",
        how="left",
    )
    if joined["section_no"].isna().any():
        bad = joined[joined["section_no"].isna()].iloc[0]
        raise InputDataError(
            bad["source_file"],
            f"HS chapter {bad.product_code} (year {bad.year}, flow {bad.flow}) is not in the "
            "chapter -> section concordance",
            column="product_code",
            row=f"key {bad.product_code}",
        )
    keys = ["reporter_iso3", "partner_iso3", "year", "flow", "section_no"]
    out = (
        joined.groupby(keys + ["section_roman", "section_name_en", "section_name_zh"])
        .agg(
            value_usd=("value_usd", "sum"),
            n_chapters=("product_code", "size"),
            reporter_side=("reporter_side", "first"),
            source=("source", "first"),
            source_file=("source_file", source_files.joined),
        )
        .reset_index()
    )
    out["section_no"] = out["section_no"].astype(int)
    totals = trade[trade["level"] == "TOTAL"].set_index(["year", "flow"])["value_usd"]
    sums = out.groupby(["year", "flow"])["value_usd"].sum()
    gap = (sums - totals.reindex(sums.index)).abs()
    if (gap > IDENTITY_TOLERANCE_USD).any():
        year, flow = gap.idxmax()
        raise InputDataError(
            trade.loc[trade["year"] == year, "source_file"].iloc[0],
            f"sections of year {year}, flow {flow} sum to {sums[(year, flow)]:,.0f} USD, "
            f"the TOTAL row is {totals[(year, flow)]:,.0f}",
            column="value_usd",
            row=f"key {year}/{flow}",
        )
    return out.sort_values(keys).reset_index(drop=True)
