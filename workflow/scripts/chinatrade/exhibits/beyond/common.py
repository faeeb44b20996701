"""B1's shared pieces: the canonical tables it reads, the summary rows of the change table,
the processing definitions and flows, and the labels and notes that both the tables and the
report's sentences use.
"""

from __future__ import annotations

import pandas as pd

from chinatrade import regimes
from chinatrade.i18n import join_items, tr

CENSUS_PARTNERS_TABLE = "census_us_trade_partners_annual"
CENSUS_AGGREGATES_TABLE = "census_us_trade_aggregates_annual"
REGIME_TABLES = ("trade_by_regime_annual", "trade_by_regime_gacc", "china_trade_totals_transcribed")
FX_TABLE = "fx_fed_h10"


# the rows of deficit_change that sum the partners counted in the total
SUM_ALL = "SUM_LISTED"
SUM_OTHERS = "SUM_LISTED_EXCL_CHINA"

PROCESSING_DEFINITIONS = regimes.DEFINITIONS  # ("non_ordinary", "customs")
PROCESSING_FLOWS = ("trade", "exports", "imports")


def _english(text: str, /, **fields: object) -> str:
    """``text`` with its fields filled, in English whatever the language (table columns)."""
    return text.format(**fields) if fields else text


def gap_note(rows: pd.DataFrame, first: int, last: int, text=_english) -> str:
    """Why a partner's first- or last-year value is missing ('' when both are there).

    In English for the table; ``findings`` passes ``tr`` to have it in the current language.
    """
    notes = []
    for year in (first, last):
        row = rows[rows["year"] == year]
        if row.empty or pd.isna(row["us_deficit_usd_billions"].iloc[0]):
            without = row["members_without_data"].iloc[0] if not row.empty else ""
            without = "" if pd.isna(without) else without  # empty, as read back from CSV
            available = rows.dropna(subset=["us_deficit_usd_billions"])["year"]
            # a group says which members lack data; a single economy is its own member
            group = not row.empty and row["members"].iloc[0] != row["partner"].iloc[0]
            note = (
                text("no Census data for {year} for members {members}", year=year, members=without)
                if group and without
                else text("no Census data for {year}", year=year)
            )
            if len(available):
                note = text(
                    "{note}; latest year with data {latest}",
                    note=note,
                    latest=int(available.max()),
                )
            notes.append(note)
    return join_items(notes, "{listing}; {item}", text)


def group_and_left_out(label: str) -> tuple[str, list[str]]:
    """A partner label of the tables split into the group and the members left out of its
    sum: 'ASEAN-10 excl. Vietnam' -> ('ASEAN-10', ['Vietnam']); 'Mexico' -> ('Mexico', [])."""
    group, excluded, left_out = str(label).partition(" excl. ")
    return group, left_out.split(", ") if excluded else []


def shown_label(label: str) -> str:
    """A partner label of the tables (English, as computed) in the current language.

    A group that lost members ('ASEAN-10 excl. Vietnam') is translated part by part.
    """
    group, left_out = group_and_left_out(label)
    if not left_out:
        return tr(group)
    members = join_items((tr(m) for m in left_out), "{listing}, {item}")
    return tr("{group} excl. {members}", group=tr(group), members=members)
