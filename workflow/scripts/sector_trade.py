"""Rule sector_trade: US-reported trade with China by HS level and section (UN Comtrade).

From China's side these are partner-reported (mirror) data; China-reported totals are kept
in their own table.
"""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

import pandas as pd

from chinatrade import io, runlog
from chinatrade.ingest import sector

log = runlog.to_file(snakemake.log[0])
trade = sector.read_comtrade_us_china(snakemake.input.rds)
chapters = pd.read_parquet(snakemake.input.chapters)
sections = sector.aggregate_to_sections(trade, chapters)
section_rows = sections.assign(
    level="section",
    product_code=sections["section_no"].map("{:02d}".format),
    product_desc=sections["section_name_en"],
)[
    [
        c
        for c in trade.columns
        if c in sections.columns or c in ("level", "product_code", "product_desc")
    ]
]
trade = pd.concat([trade, section_rows], ignore_index=True)
io.write_parquet(trade, snakemake.output.trade)
gaps = sector.hierarchy_gaps(trade[trade["level"] != "section"])
io.write_parquet(gaps, snakemake.output.gaps)
io.write_parquet(
    sector.read_china_reported_totals(snakemake.input.china_totals), snakemake.output.china_totals
)
log.info(
    "%d rows by level %s; %d parents whose detail falls short (confidential detail)",
    len(trade),
    trade.groupby("level").size().to_dict(),
    len(gaps),
)
