"""GACC table (18): imports of selected commodities by major customs regime groups, and the
layout of the snapshot's tidy CSV.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

from chinatrade.errors import InputDataError
from chinatrade.ingest.regime.codes import SOURCE_BULLETIN
from chinatrade.ingest.regime.text import (
    _NOT_PRINTED,
    _Column,
    _is_yoy_line,
    _parse_cell,
    _parse_yoy,
    _read_header,
    _read_lines,
)

COMMODITY_REGIMES = ("ordinary", "processing", "bonded_logistics", "other")
QUANTITY_UNITS = {"10000T": "quantity_10k_tonnes", "T": "quantity_tonnes"}
COMMODITY_COLUMNS = [
    "year",
    "period",
    "is_partial_year",
    "flow",
    "commodity",
    "regime",
    "quantity_10k_tonnes",
    "quantity_tonnes",
    "quantity_unit_as_published",
    "quantity_yoy_pct",
    "quantity_status",
    "value_usd_thousands",
    "value_yoy_pct",
    "value_status",
    "source",
    "source_title",
    "source_url",
    "source_file",
    "source_line",
]
COMMODITY_KEY = ["year", "period", "flow", "commodity", "regime"]


def read_commodity_regime_table(path: str | Path) -> pd.DataFrame:
    """Parse the transcribed table (18), imports of selected commodities by regime group.

    Output (key ``COMMODITY_KEY``: year, period, flow, commodity, regime), one row per
    commodity and regime group:

    - ``year``, ``period`` ('1-12' for Jan-Dec), ``is_partial_year``, ``flow`` ('imports')
    - ``commodity`` as printed; ``regime``: 'ordinary', 'processing' (来料 + 进料),
      'bonded_logistics' (bonded sites + special customs areas), 'other'
    - ``quantity_10k_tonnes`` or ``quantity_tonnes`` (the page's unit for the commodity; the
      other column is NaN), ``quantity_unit_as_published`` ('10000T' or 'T'),
      ``quantity_yoy_pct``, ``quantity_status``
    - ``value_usd_thousands``, ``value_yoy_pct``, ``value_status``
    - statuses: 'reported'; 'nil' where the page prints '-' (value NaN); 'not_printed' where
      the transcription marks '[?]' (value NaN; gacc/SOURCES.md lists these 7 cells)
    - ``source``, ``source_title``, ``source_url``, ``source_file``, ``source_line``

    The table has no total row, so no sum can be checked; each value line must have 4 groups
    of (quantity, value) and its y/y line 8 entries.
    """
    path = Path(path)
    lines = _read_lines(path)
    header = _read_header(path, lines)
    if header.table != "18":
        raise InputDataError(path, f"table ({header.table}) is not table (18)", row=1)
    match = re.search(r"(\d{1,2})\.\s*(\d{4})\s*$", header.title)
    if not match:
        raise InputDataError(path, f"title {header.title!r} does not end with 'M. YYYY'", row=1)
    last, year = int(match.group(1)), int(match.group(2))
    data = [
        (number, line.strip())
        for number, line in enumerate(lines, start=1)
        if line.strip() and not line.startswith("#") and not line.strip().startswith("[excerpt")
    ]
    records = []
    seen: dict[str, int] = {}
    for index in range(0, len(data), 2):
        number, line = data[index]
        groups = [g.split() for g in line.split("|")]
        unit_at = [i for i, t in enumerate(groups[0]) if t in QUANTITY_UNITS]
        if not unit_at:
            raise InputDataError(
                path,
                f"no quantity unit ({' or '.join(QUANTITY_UNITS)}) after the commodity name",
                column="commodity",
                row=number,
            )
        commodity = " ".join(groups[0][: unit_at[-1]])
        unit_token = groups[0][unit_at[-1]]
        unit_column = QUANTITY_UNITS[unit_token]
        groups[0] = groups[0][unit_at[-1] + 1 :]
        if commodity in seen:
            raise InputDataError(
                path,
                f"duplicate key: commodity {commodity!r} appears twice (first at line "
                f"{seen[commodity]})",
                column="commodity",
                row=number,
            )
        seen[commodity] = number
        if len(groups) != 4 or any(len(g) != 2 for g in groups):
            raise InputDataError(
                path,
                f"{commodity!r}: expected 4 groups 'quantity value' separated by '|', found "
                f"{[' '.join(g) for g in groups]}",
                column="commodity",
                row=number,
            )
        if index + 1 >= len(data) or not _is_yoy_line(data[index + 1][1].split()):
            raise InputDataError(
                path, f"{commodity!r} has no y/y line under it", column="commodity", row=number
            )
        yoy_number, yoy_line = data[index + 1]
        labels = [f"{r} {m}" for r in COMMODITY_REGIMES for m in ("quantity", "value")]
        yoy_columns = [_Column(label, "imports", year, "", "") for label in labels]
        yoy = _parse_yoy(path, yoy_number, yoy_columns, yoy_line.split())
        for position, (regime, (quantity_token, value_token)) in enumerate(
            zip(COMMODITY_REGIMES, groups, strict=True)
        ):
            if quantity_token == _NOT_PRINTED:
                quantity, quantity_status = math.nan, "not_printed"
            else:
                quantity, quantity_status = _parse_cell(
                    path, number, f"{regime} quantity", quantity_token
                )
            value, value_status = _parse_cell(path, number, f"{regime} value", value_token)
            records.append(
                {
                    "year": year,
                    "period": f"1-{last}",
                    "is_partial_year": last != 12,
                    "flow": "imports",
                    "commodity": commodity,
                    "regime": regime,
                    "quantity_10k_tonnes": (
                        quantity if unit_column == "quantity_10k_tonnes" else math.nan
                    ),
                    "quantity_tonnes": quantity if unit_column == "quantity_tonnes" else math.nan,
                    "quantity_unit_as_published": unit_token,
                    "quantity_yoy_pct": yoy[2 * position],
                    "quantity_status": quantity_status,
                    "value_usd_thousands": value,
                    "value_yoy_pct": yoy[2 * position + 1],
                    "value_status": value_status,
                    "source": SOURCE_BULLETIN,
                    "source_title": header.title,
                    "source_url": header.url,
                    "source_file": path.name,
                    "source_line": number,
                }
            )
    if not records:
        raise InputDataError(path, "no commodity lines after the comment header", row=len(lines))
    return pd.DataFrame.from_records(records)[COMMODITY_COLUMNS]


def commodity_snapshot_layout(table: pd.DataFrame) -> pd.DataFrame:
    """Table (18) in the layout of its snapshot CSV, for a cross-check.

    That CSV is ``gacc/gacc_import_selected_commodities_by_regime_2019_long.csv``: reported
    rows as printed plus the previous year derived as value / (1 + yoy / 100) (quantities
    rounded to 0.1 unit, values to whole US$1,000).
    """
    rows = []
    for record in table.itertuples(index=False):
        unit_column = QUANTITY_UNITS[record.quantity_unit_as_published]
        quantity_unit = "10,000 tonnes" if unit_column == "quantity_10k_tonnes" else "tonnes"
        measures = [
            (
                "quantity",
                getattr(record, unit_column),
                quantity_unit,
                record.quantity_yoy_pct,
                record.quantity_status,
                1,
            ),
            (
                "value",
                record.value_usd_thousands,
                "USD thousand",
                record.value_yoy_pct,
                record.value_status,
                0,
            ),
        ]
        for measure, value, unit, yoy, status, digits in measures:
            common = {
                "flow": "import",
                "commodity": record.commodity,
                "regime": record.regime,
                "measure": measure,
                "unit": unit,
                "period_type": "year (Jan-Dec)",
                "source_url": record.source_url,
            }
            rows.append(
                {
                    **common,
                    "period": str(record.year),
                    "value": value,
                    "yoy_pct": yoy,
                    "method": "missing" if status == "not_printed" else "reported",
                }
            )
            if status == "reported" and not math.isnan(yoy):
                rows.append(
                    {
                        **common,
                        "period": str(record.year - 1),
                        "value": round(value / (1 + yoy / 100), digits),
                        "yoy_pct": math.nan,
                        "method": f"derived: value_{record.year}/(1+yoy_{record.year}/100)",
                    }
                )
    columns = [
        "period",
        "period_type",
        "flow",
        "commodity",
        "regime",
        "measure",
        "value",
        "unit",
        "yoy_pct",
        "method",
        "source_url",
    ]
    return pd.DataFrame(rows)[columns]
