"""Rule customs_aggregate_year: one year of the user's customs records, out of core."""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

from chinatrade import customs, runlog

log = runlog.to_file(snakemake.log[0])
settings = snakemake.params.settings
customs.aggregate_year(
    list(snakemake.input.records),
    int(snakemake.wildcards.year),
    snakemake.output[0],
    hs_level=settings["hs_level"],
    memory_limit=settings["memory_limit"],
    threads=snakemake.threads,
    regime_map=settings.get("regime_map"),
)
log.info("customs records of %s aggregated", snakemake.wildcards.year)
