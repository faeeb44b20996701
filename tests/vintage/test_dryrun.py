"""The job counts of a Snakemake dry run."""

from chinatrade.vintage import dryrun

OUTPUT = """Building DAG of jobs...
Job stats:
job                  count
-----------------  -------
fetch_raw_file           1
census_trade             1
regression               6
all                      1
total                    9

Job stats:
job                  count
-----------------  -------
fetch_raw_file           1
total                    1
"""


def test_the_first_job_table_is_read_without_its_total():
    jobs = dryrun.parse_job_stats(OUTPUT)
    assert jobs == {"fetch_raw_file": 1, "census_trade": 1, "regression": 6, "all": 1}
    assert dryrun.summary(jobs).splitlines()[-1].split() == ["total", "9"]


def test_nothing_to_do():
    assert dryrun.parse_job_stats("Nothing to be done (all requested files are present)") == {}
    assert dryrun.summary({}) == "nothing to re-run"
