"""Direct-investment positions (FDI stocks): BEA country tables and the EWN database.

Sources (see ../shared/data/fdi/SOURCES.md):

* BEA "U.S. Direct Investment Position Abroad on a Historical-Cost Basis, By Country Only",
  1982-2014, interactive-table CSV downloaded 21 Jun 2016 (July-2015 vintage). Hierarchy by
  indentation (two spaces per level); no "All countries" row; a legend ends the table.
* BEA "Foreign Direct Investment in the United States: Selected Items by Detailed Country,
  2008-2019", historical-cost position block (July-2020 release). No indentation: regions,
  sub-regions and "Other" lines are recognised by name; labels carry footnote digits
  ("Europe 1"); the "All countries" label sits in the year header line and its values on the
  next line.
* Lane & Milesi-Ferretti, External Wealth of Nations (version 12 Dec 2022), sheet "Dataset":
  FDI assets (outward stock) and liabilities (inward stock) of 214 economies, 1970-2021.
* Two files of check values typed from web pages; they are read as a checks table, never as
  data.

All positions are year-end stocks in millions of current US dollars. BEA positions are on
the directional basis at historical cost and by the immediate partner country; EWN follows each
economy's IIP (market value for the United States, BPM6 or BPM5 by economy), so the two are not
comparable for the same pair.

BEA cell symbols (legend of the USDIA file, SOURCES.md): "(D)" suppressed to avoid disclosure
of individual companies; "(*)" a non-zero value between -$0.5m and +$0.5m; "n.s." not shown on
this line (shown on another line, or not available); "--" not applicable (the country was not
separately shown or did not exist; USDIA also writes "---" and "----"); "..." not available.
Each becomes a missing value with a flag; none is ever read as zero. Any other text in a
number cell is an error.

Direct-investment positions can be negative (a parent's debt to its affiliate can exceed its
equity in it), so negative values are allowed throughout.

Modules: ``positions`` (measures, flags, columns, the name table), ``bea`` (the two BEA
tables), ``ewn`` (External Wealth of Nations), ``check_values`` and ``ratio`` (the US-China
position ratio). The names below are re-exported here.
"""

from chinatrade.ingest.fdi.bea import (
    BEA_AMERICAS,
    BEA_LEAF_REGIONS,
    BEA_OTHER,
    BEA_REGIONS,
    BEA_ROOT,
    BEA_SUBREGIONS,
    FDIUS_SOURCE,
    PATH_SEPARATOR,
    USDIA_SOURCE,
    read_bea_fdius,
    read_bea_usdia,
)
from chinatrade.ingest.fdi.check_values import (
    CHECK_COLUMNS,
    CHECK_KEY,
    CHECK_SERIES_MEASURE,
    CHECK_UNITS,
    read_fdi_check_values,
)
from chinatrade.ingest.fdi.ewn import (
    EWN_FDI,
    EWN_KEY_COLUMNS,
    EWN_SHEET,
    EWN_SOURCE,
    EWN_TOTALS,
    EWN_UNIT_SHEET,
    EWN_UNIT_TEXT,
    read_ewn_fdi,
)
from chinatrade.ingest.fdi.positions import (
    BEA_SYMBOLS,
    BLANK,
    EWN_ASSETS,
    EWN_LIABILITIES,
    FDIUS,
    HISTORICAL_COST,
    MARKET_OR_MIXED,
    MEASURES,
    NAME_TABLE,
    POSITION_COLUMNS,
    POSITION_KEY,
    REPORTED,
    USDIA,
    VALUE_FLAGS,
    combine_positions,
    read_name_table,
)
from chinatrade.ingest.fdi.ratio import PositionRatio, position_ratio

__all__ = [
    "BEA_AMERICAS",
    "BEA_LEAF_REGIONS",
    "BEA_OTHER",
    "BEA_REGIONS",
    "BEA_ROOT",
    "BEA_SUBREGIONS",
    "BEA_SYMBOLS",
    "BLANK",
    "CHECK_COLUMNS",
    "CHECK_KEY",
    "CHECK_SERIES_MEASURE",
    "CHECK_UNITS",
    "EWN_ASSETS",
    "EWN_FDI",
    "EWN_KEY_COLUMNS",
    "EWN_LIABILITIES",
    "EWN_SHEET",
    "EWN_SOURCE",
    "EWN_TOTALS",
    "EWN_UNIT_SHEET",
    "EWN_UNIT_TEXT",
    "FDIUS",
    "FDIUS_SOURCE",
    "HISTORICAL_COST",
    "MARKET_OR_MIXED",
    "MEASURES",
    "NAME_TABLE",
    "PATH_SEPARATOR",
    "POSITION_COLUMNS",
    "POSITION_KEY",
    "PositionRatio",
    "REPORTED",
    "USDIA",
    "USDIA_SOURCE",
    "VALUE_FLAGS",
    "combine_positions",
    "position_ratio",
    "read_bea_fdius",
    "read_bea_usdia",
    "read_ewn_fdi",
    "read_fdi_check_values",
    "read_name_table",
]
