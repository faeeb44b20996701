"""Rule multinationals: BEA affiliate sales by host and destination (2016-2019) and the OECD
Analytical AMNE tables of output by parent and activity by ownership (2005-2016), checked."""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

from chinatrade import io, runlog
from chinatrade.ingest import multinationals

log = runlog.to_file(snakemake.log[0])
names = multinationals.read_area_names(snakemake.input.names)
sales = multinationals.read_bea_affiliate_sales(snakemake.input.bea, names)
io.write_parquet(sales, snakemake.output.bea_affiliate_sales)
output = multinationals.read_oecd_amne_output_by_parent(snakemake.input.output_by_parent)
io.write_parquet(output, snakemake.output.oecd_amne_output_by_parent)
ownership = multinationals.read_oecd_amne_by_ownership(snakemake.input.by_ownership)
io.write_parquet(ownership, snakemake.output.oecd_amne_by_ownership)
log.info(
    "BEA affiliate sales %d rows (years %s, %d suppressed); AMNE output by parent %d rows; "
    "AMNE by ownership %d rows",
    len(sales),
    sorted(int(year) for year in sales["year"].unique()),
    int((sales["suppression"] != "").sum()),
    len(output),
    len(ownership),
)
