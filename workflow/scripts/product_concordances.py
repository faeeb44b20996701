"""Rule product_concordances: HS sections and chapters, HS6 -> ISIC (OECD), WIOD -> ISIC."""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

from chinatrade import io, runlog
from chinatrade.ingest import sector

log = runlog.to_file(snakemake.log[0])
sections = sector.read_hs_sections(snakemake.input.sections, snakemake.input.sections_wco)
chapters = sector.read_hs_chapter_sections(snakemake.input.chapters, sections)
oecd_key = sector.read_oecd_hs_isic_key(snakemake.input.oecd_key)
wiod = sector.read_wiod_isic_concordance(snakemake.input.wiod)
hs6_to_wiod = sector.map_hs6_to_wiod(oecd_key, wiod, snakemake.input.wiod)
for name, table in {
    "sections": sections,
    "chapters": chapters,
    "oecd_key": oecd_key,
    "wiod": wiod,
    "hs6_to_wiod": hs6_to_wiod,
}.items():
    io.write_parquet(table, snakemake.output[name])
    log.info("%s: %d rows", name, len(table))
