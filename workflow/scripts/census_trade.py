"""Rule census_trade: US Census goods trade by partner, 1985-2024, checked.

Partners and Census aggregates (Asia 0016, EU 0003, World 0015, ...) are kept in separate
tables; 2023-2024 come from the newer-vintage extract, replacing January 2023 of the
workbook so that no year mixes two vintages.
"""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

from chinatrade import io, runlog
from chinatrade.ingest import census

log = runlog.to_file(snakemake.log[0])
tables = census.read_country_workbook(snakemake.input.workbook, snakemake.input.codes)
selected = census.read_selected_partners_2023_2024(
    snakemake.input.selected, census.code_list(tables)
)
for kind in ("partners", "aggregates"):
    annual = census.append_selected_partners(tables[f"{kind}_annual"], selected)
    io.write_parquet(annual, snakemake.output[f"{kind}_annual"])
    io.write_parquet(tables[f"{kind}_monthly"], snakemake.output[f"{kind}_monthly"])
    log.info(
        "%s: %d annual rows, years %d-%d", kind, len(annual), annual.year.min(), annual.year.max()
    )
gap = census.partner_sum_vs_world(tables["partners_annual"], tables["aggregates_annual"])
io.write_parquet(gap, snakemake.output.world_gap)
large = gap[gap["gap_usd_millions"].abs() > 1.0]
log.info(
    "itemised partners vs World (0015): %d year-flows differ by more than 1 USD mn: %s",
    len(large),
    sorted(set(large["year"])),
)
