"""Sector trade (UN Comtrade, US reporter, partner China, by HS) and the product concordances.

Sources (see ../shared/data/sector/SOURCES.md and gvc_province/SOURCES.md):

* ``sector/original/nikhilm2009_us_china*.rds``: UN Comtrade annual records as pulled by
  the R package comtradr (one R data frame per file): reporter USA, partner China, HS
  levels 0 (TOTAL), 2, 4 and 6, flows Import and Export, 2015-2025. For US imports the
  primary value is CIF; Comtrade also carries the US customs value (in its ``fobvalue``
  column) for 2019 and 2022-2025 only. US exports are FOB. A valuation Comtrade did not
  publish is stored as 0 (2017-2021) or NA (other years) for the whole year and flow.
* ``sector/original/DMK041218_TradeData_China_USA.csv``: the Comtrade API's CSV, reporter
  China, partner USA, TOTAL only, 2013-2023 (exports FOB, imports CIF).
* ``sector/hs_sections_22.csv`` and ``sector/hs_chapter_to_section_concordance.csv``
  (derived, with the WCO's original English section names in
  ``sector/original/datasets_harmonized-system_sections.csv``).
* ``sector/original/oecd_ConversionKeyBTDIxE4PUB.xlsx``: the OECD BTDIxE HS6 -> ISIC ->
  end-use key (sheet ``FromHSToISICToEC``).
* ``gvc_province/wiod56_to_isic4_btdixe_hs_concordance.csv``: WIOD industry -> ISIC Rev.4
  divisions -> BTDIxE ISIC4 codes (built by the data curator).

Comtrade hides confidential detail in chapter 99: e.g. US exports of civil aircraft
(chapter 88, USD 18.2 bn in 2018) are in chapter 88 at HS2 but in heading 9999 at HS4 and
6-digit 999999 at HS6. So each HS level adds up to the TOTAL row exactly, but a chapter
or heading need not equal the sum of its own detail. The parser checks the totals
exactly and allows a parent's detail to fall short only where chapter 99 takes up the
difference; :func:`hierarchy_gaps` lists every such gap.

Modules: ``comtrade`` (US-reported Comtrade trade), ``china_totals`` (China-reported totals),
``hs_sections`` (HS sections and chapters), ``oecd`` (the OECD HS6 -> ISIC key),
``wiod_concordance`` (WIOD industries -> ISIC) and ``common`` (shared helpers). The names
below are re-exported here.
"""

from chinatrade.ingest.sector.china_totals import (
    CHINA_CSV_COLUMNS,
    CHINA_CSV_CONSTANTS,
    CHINA_TOTALS_COLUMNS,
    CHINA_TOTALS_SOURCE,
    read_china_reported_totals,
)
from chinatrade.ingest.sector.common import ROW
from chinatrade.ingest.sector.comtrade import (
    CODE_PATTERN,
    COMTRADE_SOURCE,
    COMTRADE_US_CHINA_RDS,
    FLOWS,
    HS_CLASSIFICATIONS,
    IDENTITY_TOLERANCE_USD,
    LEVEL_ORDER,
    LEVELS,
    RDS_COLUMNS,
    RDS_CONSTANTS,
    TRADE_COLUMNS,
    TRADE_KEY,
    UNSPECIFIED_CHAPTER,
    US_FLOWS,
    VALID_CHAPTERS,
    hierarchy_gaps,
    read_comtrade_us_china,
)
from chinatrade.ingest.sector.hs_sections import (
    CHAPTER_COLUMNS,
    CHAPTER_SOURCE_COLUMNS,
    RESERVED_CHAPTERS,
    ROMAN,
    SECTION_CHAPTERS,
    SECTION_COLUMNS,
    SECTION_TABLE_COLUMNS,
    SPECIAL_CHAPTERS,
    aggregate_to_sections,
    read_hs_chapter_sections,
    read_hs_sections,
)
from chinatrade.ingest.sector.oecd import (
    END_USE_CATEGORIES,
    HS6_PATTERN,
    HS_VERSIONS,
    OECD_HEADER,
    OECD_KEY_COLUMNS,
    OECD_SHEET,
    read_oecd_hs_isic_key,
)
from chinatrade.ingest.sector.wiod_concordance import (
    BTD_ISIC4_PATTERN,
    UNMAPPED_BTD_ISIC4,
    WIOD56,
    WIOD_COLUMNS,
    WIOD_SOURCE_COLUMNS,
    map_hs6_to_wiod,
    read_wiod_isic_concordance,
)

__all__ = [
    "BTD_ISIC4_PATTERN",
    "CHAPTER_COLUMNS",
    "CHAPTER_SOURCE_COLUMNS",
    "CHINA_CSV_COLUMNS",
    "CHINA_CSV_CONSTANTS",
    "CHINA_TOTALS_COLUMNS",
    "CHINA_TOTALS_SOURCE",
    "CODE_PATTERN",
    "COMTRADE_SOURCE",
    "COMTRADE_US_CHINA_RDS",
    "END_USE_CATEGORIES",
    "FLOWS",
    "HS6_PATTERN",
    "HS_CLASSIFICATIONS",
    "HS_VERSIONS",
    "IDENTITY_TOLERANCE_USD",
    "LEVELS",
    "LEVEL_ORDER",
    "OECD_HEADER",
    "OECD_KEY_COLUMNS",
    "OECD_SHEET",
    "RDS_COLUMNS",
    "RDS_CONSTANTS",
    "RESERVED_CHAPTERS",
    "ROMAN",
    "ROW",
    "SECTION_CHAPTERS",
    "SECTION_COLUMNS",
    "SECTION_TABLE_COLUMNS",
    "SPECIAL_CHAPTERS",
    "TRADE_COLUMNS",
    "TRADE_KEY",
    "UNMAPPED_BTD_ISIC4",
    "UNSPECIFIED_CHAPTER",
    "US_FLOWS",
    "VALID_CHAPTERS",
    "WIOD56",
    "WIOD_COLUMNS",
    "WIOD_SOURCE_COLUMNS",
    "aggregate_to_sections",
    "hierarchy_gaps",
    "map_hs6_to_wiod",
    "read_china_reported_totals",
    "read_comtrade_us_china",
    "read_hs_chapter_sections",
    "read_hs_sections",
    "read_oecd_hs_isic_key",
    "read_wiod_isic_concordance",
]
