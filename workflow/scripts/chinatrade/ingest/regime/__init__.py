"""China Customs (GACC) trade by customs regime (贸易方式) and the transcribed China series.

Sources (see ../shared/data/regime/SOURCES.md, gacc/SOURCES.md and series/SOURCES.md):

* GACC English-site monthly bulletin tables, transcribed by hand into text files
  (``regime/raw/*.txt``, ``gacc/raw/*.txt``). Each file starts with ``#`` comment lines that
  give the table title in quotes, ``URL:``, ``Unit:`` and ``Columns:``; then one line per
  regime (the published English label followed by one number per column) and under it the
  line of % changes over the same period of the previous year. Numbers are whole US$1,000
  with thousands separators; ``-`` is printed for nil. Table (5) has exports and imports for
  the month and the year to date; tables (6) and (7) have exports and imports by type of
  enterprise. Table (18) has imports of selected commodities by four regime groups,
  quantity and value, with ``|`` between the groups and ``[?]`` where a cell is not printed.
* Tidy CSVs in the snapshot were derived from these text files. ``read_regime_bulletin``
  parses the text files themselves; ``snapshot_layout`` and ``commodity_snapshot_layout``
  put the result in the layout of those CSVs so a test can show that they agree.
* ``regime/china_trade_by_regime_annual_summary.csv`` (USD 100 million, with 2018 and 2022
  derived from y/y changes) is rebuilt from the parsed bulletins by
  ``regime_annual_summary`` and read, with its identities checked, by
  ``read_regime_annual_summary``.
* Hand-copied press figures: ``gacc/gacc_press_release_check_values.csv`` (check values),
  ``series/china_trade_totals_and_by_mode_transcribed.csv``,
  ``series/china_bilateral_trade_transcribed.csv`` and ``series/raw/transcription_log.csv``.

Units are kept as published and named in the columns: ``value_usd_thousands`` (bulletins),
``value_usd_100m`` (亿美元) and ``value_cny_100m`` (亿元). Nothing is rescaled except by the
explicit, documented conversions of the summary (US$1,000 -> 100 million: / 100,000) and of
the press check values (trillion / billion -> 100 million).

One module per source family: ``codes`` (regime codes and names), ``text`` (the bulletin
text-file format), ``bulletin`` (tables (5)-(7)), ``commodity`` (table (18)), ``summary``
(annual summary), ``press`` (press check values) and ``series`` (transcribed totals, partner
trade and the transcription log). The names below are re-exported here.
"""

from chinatrade.ingest.regime.bulletin import (
    BLANK_CELLS,
    BULLETIN_COLUMNS,
    BULLETIN_KEY,
    BULLETIN_SUM_TOLERANCE_USD_THOUSANDS,
    VALUE_STATUSES,
    previous_year_from_yoy,
    read_regime_bulletin,
    read_regime_bulletins,
    snapshot_layout,
)
from chinatrade.ingest.regime.codes import (
    AGGREGATES,
    ENTERPRISE_COLUMNS,
    ENTERPRISE_PARTS,
    FIE_PARTS,
    PROCESSING_REGIMES,
    REGIME_LABELS,
    REGIMES,
    SOURCE_BULLETIN,
    TABLE_FLOWS,
    TABLE_REGIMES,
)
from chinatrade.ingest.regime.commodity import (
    COMMODITY_COLUMNS,
    COMMODITY_KEY,
    COMMODITY_REGIMES,
    QUANTITY_UNITS,
    commodity_snapshot_layout,
    read_commodity_regime_table,
)
from chinatrade.ingest.regime.press import (
    PRESS_COLUMNS,
    PRESS_FLOWS,
    PRESS_UNITS,
    read_press_release_checks,
)
from chinatrade.ingest.regime.series import (
    BILATERAL_COLUMNS,
    KNOWN_INCONSISTENT,
    PARTNERS,
    SERIES_FLOWS,
    SERIES_STATUSES,
    SERIES_UNITS,
    TOTALS_COLUMNS,
    TRADE_MODES,
    read_china_bilateral_transcribed,
    read_china_trade_totals_transcribed,
    read_transcription_log,
    rounding_unit,
    unlogged_pages,
)
from chinatrade.ingest.regime.summary import (
    SUMMARY_COLUMNS,
    SUMMARY_DERIVED_RELATIVE_TOLERANCE,
    SUMMARY_KEY,
    SUMMARY_SUM_TOLERANCE_USD_100M,
    USD_THOUSANDS_PER_100M,
    add_total_flow,
    read_regime_annual_summary,
    regime_annual_summary,
)

__all__ = [
    "AGGREGATES",
    "BILATERAL_COLUMNS",
    "BLANK_CELLS",
    "BULLETIN_COLUMNS",
    "BULLETIN_KEY",
    "BULLETIN_SUM_TOLERANCE_USD_THOUSANDS",
    "COMMODITY_COLUMNS",
    "COMMODITY_KEY",
    "COMMODITY_REGIMES",
    "ENTERPRISE_COLUMNS",
    "ENTERPRISE_PARTS",
    "FIE_PARTS",
    "KNOWN_INCONSISTENT",
    "PARTNERS",
    "PRESS_COLUMNS",
    "PRESS_FLOWS",
    "PRESS_UNITS",
    "PROCESSING_REGIMES",
    "QUANTITY_UNITS",
    "REGIMES",
    "REGIME_LABELS",
    "SERIES_FLOWS",
    "SERIES_STATUSES",
    "SERIES_UNITS",
    "SOURCE_BULLETIN",
    "SUMMARY_COLUMNS",
    "SUMMARY_DERIVED_RELATIVE_TOLERANCE",
    "SUMMARY_KEY",
    "SUMMARY_SUM_TOLERANCE_USD_100M",
    "TABLE_FLOWS",
    "TABLE_REGIMES",
    "TOTALS_COLUMNS",
    "TRADE_MODES",
    "USD_THOUSANDS_PER_100M",
    "VALUE_STATUSES",
    "add_total_flow",
    "commodity_snapshot_layout",
    "previous_year_from_yoy",
    "read_china_bilateral_transcribed",
    "read_china_trade_totals_transcribed",
    "read_commodity_regime_table",
    "read_press_release_checks",
    "read_regime_annual_summary",
    "read_regime_bulletin",
    "read_regime_bulletins",
    "read_transcription_log",
    "regime_annual_summary",
    "rounding_unit",
    "snapshot_layout",
    "unlogged_pages",
]
