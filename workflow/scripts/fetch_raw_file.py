"""Rule fetch_raw_file: copy (or download) one raw file and verify its SHA-256.

Runs in its own new interpreter, not in the run's warm one (chinatrade/warm_start.py): it
imports nothing heavy, and the first fetches start before the warm interpreter is ready.
"""

from chinatrade import rawdata, runlog

log = runlog.to_file(snakemake.log[0])
raw = rawdata.raw_file(snakemake.params.entry)
source = rawdata.obtain(
    raw, snakemake.params.mirror, snakemake.output[0], vintages=snakemake.params.vintages
)
log.info("%s: sha256 %s verified; obtained from %s", raw.file, raw.sha256, source)
