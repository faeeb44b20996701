"""Rule regression: one model of config['regressions']: coefficients, tables, figure."""

from chinatrade.warm_start import hand_over

hand_over()  # in this run's warm interpreter, if there is one: before any heavy import

import pandas as pd

from chinatrade import figures, i18n, io, runlog
from chinatrade.analysis import regress

log = runlog.to_file(snakemake.log[0])
spec_id, spec = snakemake.wildcards.spec, dict(snakemake.params.spec)
i18n.set_language(snakemake.params.language)
data = pd.read_parquet(snakemake.input.data)
results = regress.fit(data, spec_id, spec)
# the note's years and counts from the rows the models used
spec = regress.caption.filled(
    spec, spec_id, regress.caption.values(data, spec_id, spec, results["fit_stats"])
)
io.write_csv(results["coefficients"], snakemake.output.coefficients)
io.write_csv(results["fit_stats"], snakemake.output.fit_stats)
io.write_csv(results["hypothesis"], snakemake.output.hypothesis)
html, latex = regress.format_table(results["coefficients"], results["fit_stats"], spec)
regress.write_tables(html, latex, snakemake.output.html, snakemake.output.latex)
figures.save(
    regress.plot(data, results, spec), snakemake.output.figure_png, snakemake.output.figure_svg
)
log.info("%s: %s", spec_id, results["fit_stats"][["by_value", "n_obs"]].to_dict("records"))
