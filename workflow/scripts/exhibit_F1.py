"""Rule exhibit_F1: China's balance with major partners (table, growth, figure)."""

import pandas as pd

from chinatrade import figures, io, partners, runlog
from chinatrade.exhibits import f1

log = runlog.to_file(snakemake.log[0])
spec = snakemake.params.spec
labels = {p: partners.group_label(p, snakemake.params.partner_groups) for p in spec["partners"]}
bilateral = pd.read_parquet(snakemake.input.bilateral)
balances, growth = f1.compute(bilateral, spec, snakemake.params.resolved_groups, labels)
io.write_csv(balances, snakemake.output.table)
io.write_csv(growth, snakemake.output.growth)
figures.save(f1.plot(balances, spec), snakemake.output.figure_png, snakemake.output.figure_svg)
log.info("F1: %d partner-years, %s-%s", len(balances), balances.year.min(), balances.year.max())
