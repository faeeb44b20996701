"""Direct-investment position series from the ``fdi_positions`` table, year by year.

Shared by the exhibits on direct investment (F5, F6): one investor -> host position over a
span of years, with gaps flagged and never filled, who compiled it, and the years as text.
"""

from __future__ import annotations

import pandas as pd

from chinatrade import lineage
from chinatrade.ingest.fdi import EWN_ASSETS, EWN_LIABILITIES, FDIUS, REPORTED, USDIA

# A year outside the file's years, or without a row for the pair: a gap, not a zero.
NOT_COVERED = "not_covered"


# The economy that compiles each measure: BEA (the US) for its two files; EWN positions
# follow each economy's own IIP (None: the non-WORLD side of the row).
COMPILED_BY = {USDIA: "USA", FDIUS: "USA", EWN_ASSETS: None, EWN_LIABILITIES: None}


def pair_rows(positions: pd.DataFrame, entry: dict) -> pd.DataFrame:
    return positions[
        (positions["measure"] == entry["measure"])
        & (positions["investor_iso3"] == entry["investor"])
        & (positions["host_iso3"] == entry["host"])
    ]


def reporter_side(reported_by: str, viewpoint: str) -> str:
    """``own`` if the viewpoint economy compiled the statistic, else ``mirror``."""
    return "own" if reported_by == viewpoint else "mirror"


def compiled_by(measure: str, investor: str, host: str) -> str:
    """The economy whose statistics a position is: BEA's files are the US's; EWN the economy's."""
    who = COMPILED_BY.get(measure)
    if who is not None:
        return who
    return host if investor == "WORLD" else investor


def position_series(
    positions: pd.DataFrame,
    entry: dict,
    first_year: int,
    last_year: int,
    viewpoint: str,
) -> pd.DataFrame:
    """One row per year ``first_year``-``last_year`` for one investor -> host position.

    ``entry`` has ``measure``, ``investor``, ``host``. Years outside the file's years (the
    span of the measure in ``positions``) or without a row get ``value_flag`` 'not_covered'
    and ``in_file`` False; flagged BEA cells keep their flag (suppressed, ...) and a missing
    position. Nothing is filled in. Columns: ``SERIES_COLUMNS`` without the series name and
    label. ``raw_file_ids``: the raw files of the year's row; for a year without one, those of
    the measure's rows (the files the position was looked for in).
    """
    of_measure = positions[positions["measure"] == entry["measure"]]
    file_first, file_last = int(of_measure["year"].min()), int(of_measure["year"].max())
    rows = pair_rows(positions, entry).set_index("year")
    years = pd.RangeIndex(first_year, last_year + 1, name="year")
    table = rows.reindex(years)
    in_file = table["value_flag"].notna().to_numpy()
    who = compiled_by(entry["measure"], entry["investor"], entry["host"])
    flag = table["value_flag"].fillna(NOT_COVERED)
    value = table["position_usd_millions"].where(flag == REPORTED)
    searched = lineage.join(of_measure[lineage.COLUMN])
    out = pd.DataFrame(
        {
            "measure": entry["measure"],
            "investor_iso3": entry["investor"],
            "host_iso3": entry["host"],
            "year": years.to_numpy(),
            "position_usd_millions": value.to_numpy(),
            "position_usd_billions": value.to_numpy() / 1000,
            "value_flag": flag.to_numpy(),
            "in_file": in_file,
            "file_first_year": file_first,
            "file_last_year": file_last,
            "valuation_basis": one_value(rows, "valuation_basis"),
            "reported_by": who,
            "reporter_side": reporter_side(who, viewpoint),
            "source": one_value(rows, "source"),
            "source_file": one_value(rows, "source_file"),
            lineage.COLUMN: table[lineage.COLUMN].fillna(searched).to_numpy(),
        }
    )
    return out


def one_value(rows: pd.DataFrame, column: str) -> str:
    values = rows[column].dropna().unique()
    return "; ".join(sorted(values))
