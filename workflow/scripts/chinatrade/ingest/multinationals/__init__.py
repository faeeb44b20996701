"""What multinational firms sell and where: the activity of affiliates, beside the positions
(stocks) of ``chinatrade.ingest.fdi``.

Sources (see ../shared/data/multinationals/SOURCES.md):

* BEA, Activities of U.S. Multinational Enterprises, majority-owned foreign affiliates of US
  parents, Part II group E workbooks 2016-2019 (2016-2017 revised, 2018-2019 preliminary):
  goods and services supplied by host country and destination (``bea_amne``). US-reported
  (BEA's outward survey); there is no Chinese counterpart in the snapshot.
* OECD Analytical AMNE database, 2005-2016: output by host, industry and parent economy (tab1)
  and value added, gross exports and imports by host, industry and ownership (tab2)
  (``oecd_amne``). Model-based estimates consistent with the OECD ICIO tables.

All values are USD millions at current prices. The names below are re-exported here.
"""

from chinatrade.ingest.multinationals.bea_amne import KEY as BEA_KEY
from chinatrade.ingest.multinationals.bea_amne import REPORTED_BY as BEA_REPORTED_BY
from chinatrade.ingest.multinationals.bea_amne import read_area_names, read_bea_affiliate_sales
from chinatrade.ingest.multinationals.oecd_amne import (
    OUTPUT_KEY,
    OWNERSHIP_KEY,
    read_oecd_amne_by_ownership,
    read_oecd_amne_output_by_parent,
)

__all__ = [
    "BEA_KEY",
    "BEA_REPORTED_BY",
    "OUTPUT_KEY",
    "OWNERSHIP_KEY",
    "read_area_names",
    "read_bea_affiliate_sales",
    "read_oecd_amne_by_ownership",
    "read_oecd_amne_output_by_parent",
]
