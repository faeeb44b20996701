"""Rule fetch_raw_file: copy (or download) one raw file and verify its SHA-256."""

from chinatrade import rawdata, runlog

log = runlog.to_file(snakemake.log[0])
entry = snakemake.params.entry
raw = rawdata.RawFile(
    id=entry["id"],
    file=entry["file"],
    sha256=entry["sha256"],
    bytes=int(entry["bytes"]),
    origin_url=entry["origin_url"] or None,
)
source = rawdata.obtain(raw, snakemake.params.mirror, snakemake.output[0])
log.info("%s: sha256 %s verified; obtained from %s", raw.file, raw.sha256, source)
