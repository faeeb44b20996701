"""The whole workflow, run with Snakemake in a temporary copy of the project.

The copy reads a private copy of the raw-data snapshot as its mirror, so the tests can
touch and replace raw files without changing ../shared.
"""

from __future__ import annotations

import hashlib
import math
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import openpyxl
import pandas as pd
import pytest
import yaml

from chinatrade import i18n
from chinatrade.replication import VERDICTS
from vintage_case import CHINA_2024, CHINA_2024_REVISED, SELECTED, SELECTED_ID
from workflow_copy import SNAKEMAKE, copy_project, executed_rules, snakemake

pytestmark = pytest.mark.e2e

DOTS_CHINA = "bilateral/original/imf_dots_DOTS_40_China_mainland.xlsx"


def own_rows(f1_csv: Path) -> pd.DataFrame:
    """The China-reported (IMF DOTS) rows of the F1 table, by partner and year."""
    table = pd.read_csv(f1_csv)
    return table[table.source == "IMF DOTS, China-reported"].set_index(["partner", "year"])


# chinatrade/atomic.py writes each output to `.<name>.<random>.partial` beside it and renames
# it when complete; a killed job leaves that file behind, until the next run starts
UNFINISHED = re.compile(r"^\..+\.partial$")


def produced_reports(workdir: Path) -> dict[str, str]:
    """Every figure, table and report the run wrote, by path, with its SHA-256 (not the
    temporary files that killed jobs left)."""
    return {
        str(path.relative_to(workdir)): digest(path)
        for path in sorted((workdir / "reports").rglob("*"))
        if path.is_file() and path.name != "README.md" and not UNFINISHED.match(path.name)
    }


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def mirror(tmp_path_factory, shared_data) -> Path:
    folder = tmp_path_factory.mktemp("mirror") / "data"
    shutil.copytree(shared_data, folder)
    return folder


@pytest.fixture(scope="module")
def workdir(tmp_path_factory, project, mirror) -> Path:
    workdir = copy_project(project, tmp_path_factory.mktemp("run") / "project", mirror)
    result = snakemake(workdir)
    assert result.returncode == 0, result.stderr[-5000:]
    return workdir


def test_outputs_exist(workdir):
    config = yaml.safe_load((workdir / "config/config.yaml").read_text())
    outputs = ["reports/report.html", "reports/tables/replication.csv"]
    for exhibit, spec in config["exhibits"].items():
        outputs.append(f"reports/tables/{exhibit}.csv")
        outputs += [f"reports/tables/{exhibit}_{name}.csv" for name in spec.get("extra_tables", [])]
        if spec.get("figure", True):
            outputs += [f"reports/figures/{exhibit}.png", f"reports/figures/{exhibit}.svg"]
    for output in outputs:
        assert (workdir / output).stat().st_size > 0, output
    for log in ["logs/exhibits/F1.log", "logs/report/report.log", f"logs/raw/{DOTS_CHINA}.log"]:
        assert (workdir / log).is_file(), log


def test_known_values(workdir):
    """China-reported China-US 2018 (SOURCES.md): exports 480,689, imports 156,259, balance
    324,430 USD mn; EU28 +138.4 bn, Korea -93.5 bn, Australia -57.5 bn."""
    full = pd.read_csv(workdir / "reports/tables/F1.csv")
    table = full[full.source == "IMF DOTS, China-reported"].set_index(["partner", "year"])
    us = table.loc[("USA", 2018)]
    assert us["china_exports_usd_millions"] == pytest.approx(480_689, abs=1)
    assert us["china_imports_usd_millions"] == pytest.approx(156_259, abs=1)
    assert us["balance_usd_millions"] == pytest.approx(324_430, abs=1)
    assert table.loc[("EU28", 2018), "balance_usd_millions"] == pytest.approx(138_400, abs=100)
    assert table.loc[("KOR", 2018), "balance_usd_millions"] == pytest.approx(-93_500, abs=100)
    assert table.loc[("AUS", 2018), "balance_usd_millions"] == pytest.approx(-57_500, abs=100)
    assert table.index.get_level_values("year").min() == 2000
    assert table.index.get_level_values("year").max() == 2020
    assert set(table["reporter_side"]) == {"own"} and set(table["reporter_iso3"]) == {"CHN"}
    # the US-reported mirror: China's 2018 surplus with the US as the US Census reports it
    mirror = full[(full.reporter_side == "mirror") & (full.partner == "USA")].set_index("year")
    assert mirror.loc[2018, "balance_usd_millions"] == pytest.approx(418_232.9, abs=0.5)


def test_replication_table_covers_every_claim(workdir, project):
    study = pd.read_csv(project.parent / "shared/paper/claims.csv", dtype=str)
    replication = pd.read_csv(workdir / "reports/tables/replication.csv", dtype=str)
    assert sorted(replication["claim_id"]) == sorted(study["id"])
    assert set(replication["verdict"]) <= set(VERDICTS)
    # the study's 62 claims and the 4 news claims apart
    assert replication["claim_of"].value_counts().to_dict() == {"study": 62, "news": 4}
    # every verdict other than "reproduced" says why
    assert replication.loc[replication.verdict != "reproduced", "explanation"].notna().all()


def test_report_is_self_contained_and_computed(workdir):
    html = (workdir / "reports/report.html").read_text()
    assert html.count('src="data:image/png;base64,') >= 1  # the figure is embedded
    # every figure carries its title as the text a screen reader reads, not nbconvert's
    # stand-in for an image without one
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) >= 20
    for image in images:
        alt = re.search(r'alt="([^"]*)"', image)
        assert alt and len(alt.group(1)) > 10, image[:200]
        assert "No description has been provided" not in alt.group(1)
    assert 'data-mime-type="application/vnd.jupyter.stderr"' not in html  # no warnings
    executed = nbformat.read(workdir / "data/interim/report/report.executed.ipynb", as_version=4)
    outputs = [o for cell in executed.cells for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    assert "import pandas" not in html  # code hidden
    table = pd.read_csv(workdir / "reports/tables/F1.csv")
    table = table[table.source == "IMF DOTS, China-reported"]
    config = yaml.safe_load((workdir / "config/config.yaml").read_text())
    year = config["report"]["executive_summary"]["headline_year"]
    us_headline = table[(table.partner == "USA") & (table.year == year)]
    # the executive summary quotes the headline year's US surplus as computed in the table
    assert f"USD {us_headline.balance_usd_millions.iloc[0] / 1000:,.1f} billion" in html


def test_second_run_does_nothing(workdir):
    result = snakemake(workdir, "--dry-run")
    assert result.returncode == 0
    assert "Nothing to be done" in result.stdout + result.stderr


def planned_jobs(workdir: Path) -> tuple[list[str], list[str]]:
    """The rules a dry run would run, and the regression specs among its jobs."""
    result = snakemake(workdir, "--dry-run")
    assert result.returncode == 0, result.stderr[-3000:]
    output = result.stdout + result.stderr
    rules = sorted(set(re.findall(r"^(?:local)?rule (\w+):", output, re.MULTILINE)))
    specs = sorted(set(re.findall(r"^\s+wildcards: spec=(\w+)", output, re.MULTILINE)))
    return rules, specs


def test_editing_a_deep_helper_reruns_exactly_the_jobs_that_import_it(workdir):
    """ingest/wiod.py is imported by the WIOD parser's script and, through analysis/gvc.py,
    by the two analysis datasets built on the WIOD table: those jobs, the dataset built from
    them (amne_industry_year), the regressions on those datasets and the report re-run; the
    other 90-odd jobs do not."""
    helper = workdir / "workflow/scripts/chinatrade/ingest/wiod.py"
    original = helper.read_text()
    try:
        helper.write_text(original + "\n# an edit\n")
        rules, specs = planned_jobs(workdir)
        assert rules == sorted(
            [
                "all",
                "amne_industry_year",
                "china_us_wiod_industry",
                "regression",
                "report",
                "wiod_industry_year",
                "wiod_niot",
            ]
        )
        config = yaml.safe_load((workdir / "config/config.yaml").read_text())
        assert specs == sorted(
            spec_id
            for spec_id, spec in config["regressions"].items()
            if spec["dataset"]
            in {"wiod_industry_year", "china_us_wiod_industry", "amne_industry_year"}
        )
    finally:
        helper.write_text(original)
    # the same bytes again: Snakemake compares the content of small inputs, nothing re-runs
    assert planned_jobs(workdir) == ([], [])


def test_editing_a_module_no_job_imports_reruns_nothing(workdir):
    module = workdir / "workflow/scripts/chinatrade/customs_synthetic.py"
    original = module.read_text()
    try:
        module.write_text(original + "\n# an edit\n")
        assert planned_jobs(workdir) == ([], [])
    finally:
        module.write_text(original)


def test_touching_an_unused_raw_file_reruns_nothing(workdir, mirror):
    os.utime(mirror / "bilateral/census_us_goods_trade_by_partner_annual_1985_2023.csv")
    result = snakemake(workdir, "--dry-run")
    assert "Nothing to be done" in result.stdout + result.stderr


def test_touching_the_dots_workbook_without_changing_it_reruns_nothing(workdir, mirror):
    """Snakemake compares the content of inputs under 1 MB, not only their timestamps."""
    os.utime(mirror / DOTS_CHINA)
    result = snakemake(workdir, "--dry-run")
    assert "Nothing to be done" in result.stdout + result.stderr


def copy_of_the_run(workdir: Path, destination: Path) -> Path:
    """A copy of the module's run, its outputs and Snakemake's records, for a test that leaves
    it out of date: Snakemake removes the output of a job that fails (a fetch refused for its
    checksum), and the later tests read the module's run as the default data made it."""
    return shutil.copytree(workdir, destination, symlinks=True)


def test_a_changed_raw_file_stops_the_run_and_keeps_earlier_results(workdir, mirror, tmp_path):
    """A replaced workbook whose manifest entry was not updated fails its checksum."""
    workdir = copy_of_the_run(workdir, tmp_path / "project")
    before = produced_reports(workdir)
    workbook = mirror / DOTS_CHINA
    original = workbook.read_bytes()
    try:
        workbook.write_bytes(original + b"\0")
        result = snakemake(workdir)
        assert result.returncode != 0
        expected = hashlib.sha256(original).hexdigest()
        found = hashlib.sha256(original + b"\0").hexdigest()
        assert DOTS_CHINA in result.stderr and str(mirror) in result.stderr
        assert f"expected sha256 {expected}" in result.stderr
        assert f"found {found}" in result.stderr
        assert produced_reports(workdir) == before
    finally:
        workbook.write_bytes(original)
        shutil.rmtree(workdir, ignore_errors=True)


# Set to replay a failed interruption test: the seed is printed by the test and in its message.
KILL_SEED = "CHINATRADE_KILL_SEED"
PROGRESS = re.compile(r"^(\d+) of (\d+) steps \(.*\) done$", re.MULTILINE)


def run_killed_at_a_random_job(workdir: Path, rng: random.Random) -> tuple[int, int]:
    """Start `snakemake --cores 2` in ``workdir`` in a process group of its own and, once the
    job number drawn by ``rng`` (between 10% and 80% of the run's jobs) has finished, SIGKILL
    the whole group: Snakemake and every job it is running. (that job number, the jobs of
    the run). The run has a temporary folder of its own, removed after the kill: SIGKILL
    leaves the warm server's socket folder there (a signal it can catch does not)."""
    scratch = Path(tempfile.mkdtemp(prefix="killed-run-"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"TMPDIR": str(scratch)}
    run = subprocess.Popen(
        [SNAKEMAKE, "--cores", "2"],
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    kill_at = total = done = 0
    tail: list[str] = []
    try:
        for line in run.stderr:
            tail = [*tail[-40:], line]
            progress = PROGRESS.match(line.strip())
            if progress is None:
                continue
            done, total = map(int, progress.groups())
            if not kill_at:
                kill_at = rng.randint(math.ceil(total * 0.1), math.floor(total * 0.8))
            if done >= kill_at:
                os.killpg(run.pid, signal.SIGKILL)
                break
    finally:
        if run.poll() is None and done < kill_at:  # the test itself failed: end the run
            os.killpg(run.pid, signal.SIGKILL)
        run.wait()
        run.stderr.close()
        shutil.rmtree(scratch, ignore_errors=True)
    assert run.returncode == -signal.SIGKILL, "".join(tail)
    # no job of the killed run lives on to write into the copy during the recovery
    deadline = time.monotonic() + 10
    while group_members(run.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not group_members(run.pid), group_members(run.pid)
    return kill_at, total


def group_members(group: int) -> list[str]:
    """The living (not zombie) processes of a process group, as "pid command" (Linux)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # ended meanwhile
            continue
        name, fields = text[text.index("(") + 1 : text.rindex(")")], text.rsplit(")", 1)[1]
        state, _parent, process_group = fields.split()[:3]
        if int(process_group) == group and state != "Z":
            members.append(f"{stat.parent.name} {name}")
    return members


def recover(
    workdir: Path, environment: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Run again as README.md ("When a run stops") tells a user after an interruption: the
    same command; `snakemake --unlock` first if Snakemake says the directory is locked;
    `--rerun-incomplete` added if it names incomplete files. (the last run, the commands)"""
    commands, arguments = [], []
    for _ in range(4):
        result = snakemake(workdir, *arguments, environment=environment)
        commands.append(" ".join(["snakemake --cores 2", *arguments]))
        said = result.stdout + result.stderr
        if result.returncode and "Directory cannot be locked" in said:
            unlock = snakemake(workdir, "--unlock")
            assert unlock.returncode == 0, unlock.stderr[-3000:]
            commands.append("snakemake --unlock")
        elif result.returncode and "seem to be incomplete" in said and not arguments:
            arguments = ["--rerun-incomplete"]
        else:
            break
    return result, commands


def test_a_run_killed_at_a_random_job_recovers_to_identical_outputs(
    workdir, tmp_path, project, mirror
):
    """A clean run in a fresh copy (the same mirror) is SIGKILLed, process group and all,
    after a job drawn at random (10-80% of the jobs; the seed is printed, and env
    CHINATRADE_KILL_SEED replays it), then recovered as the README's "When a run stops"
    says. The recovery succeeds without re-running the jobs finished before the kill, and
    every report, table and figure is byte-identical to the module's first clean run: this
    recovered run is also the second clean run that shows the workflow deterministic.

    The killed run starts its jobs in the run's warm interpreter (chinatrade/warm_start.py),
    which the kill must take down with it; the recovery runs every job in a new interpreter
    (CHINATRADE_WARM_START=0), so the comparison also shows a job's outputs the same either
    way, for at least the last fifth of the jobs, the report's among them."""
    seed = int(os.environ.get(KILL_SEED) or random.randrange(1_000_000))
    second = copy_project(project, tmp_path / "second", mirror)
    kill_at, total = run_killed_at_a_random_job(second, random.Random(seed))
    result, commands = recover(second, environment={"CHINATRADE_WARM_START": "0"})
    progress = PROGRESS.search(result.stderr)
    rerun = int(progress.group(2)) if progress else 0
    left = [
        str(path.relative_to(second))
        for folder in ("data", "reports")
        for path in sorted((second / folder).rglob(".*"))
        if UNFINISHED.match(path.name)
    ]
    replay = (
        f"{KILL_SEED}={seed}: killed after job {kill_at} of {total}; recovered with "
        f"{commands}, which ran {rerun} jobs; temporary files left by killed jobs: {left}"
    )
    print(replay)
    assert result.returncode == 0, f"{replay}\n{result.stderr[-3000:]}"
    assert 0 < rerun <= total - kill_at, replay  # the jobs finished before the kill stay done
    assert not left, replay  # the recovery's first step removes them (chinatrade/atomic.py)
    first_run, second_run = produced_reports(workdir), produced_reports(second)
    assert set(first_run) == set(second_run), replay
    assert len(first_run) >= 10
    differ = [output for output, sha in first_run.items() if second_run[output] != sha]
    assert not differ, f"{replay}; differ from the first clean run: {differ}"


def test_a_new_vintage_reruns_only_its_slice(workdir, mirror, tmp_path):
    """A user drops in an edited DOTS workbook and updates its manifest row: the fetch,
    the DOTS parse and clean, F1 and the report re-run, and F1 shows the new value (in a
    copy of the module's run, which stays as the default data made it)."""
    workdir = copy_of_the_run(workdir, tmp_path / "project")
    workbook_path = mirror / DOTS_CHINA
    manifest_path = workdir / "config/raw_data_manifest.csv"
    original_workbook, original_manifest = workbook_path.read_bytes(), manifest_path.read_text()
    before = own_rows(workdir / "reports/tables/F1.csv")
    try:
        workbook = openpyxl.load_workbook(workbook_path)
        sheet = workbook["Exports, FOB"]
        last_column = sheet.max_column
        assert sheet.cell(7, last_column).value == "2020"
        # a revised 2020 value for the US, and the World total revised with it (the
        # workflow checks that partners add up to World)
        for partner in ("United States", "World"):
            row = next(r for r in range(9, sheet.max_row + 1) if sheet.cell(r, 2).value == partner)
            sheet.cell(row, last_column).value += 1000.0
        workbook.save(workbook_path)
        manifest = pd.read_csv(manifest_path, dtype=str, keep_default_na=False)
        row = manifest["file"] == DOTS_CHINA
        manifest.loc[row, "sha256"] = digest(workbook_path)
        manifest.loc[row, "bytes"] = str(workbook_path.stat().st_size)
        manifest.to_csv(manifest_path, index=False, lineterminator="\n")

        result = snakemake(workdir)
        assert result.returncode == 0, result.stderr[-3000:]
        config = yaml.safe_load((workdir / "config/config.yaml").read_text())
        dots_exhibits = [
            f"{job}_{exhibit}"
            for exhibit, spec in config["exhibits"].items()
            if {"bilateral_dots", "china_trade_both_sides_dots"} & set(spec["tables"])
            for job in ("exhibit", "figure")
            if job == "exhibit" or spec.get("figure", True)
        ]
        # only what depends on the DOTS workbook: its fetch, parse and clean, the combined
        # DOTS table, the exhibits that read it (tables and claims; figures), the
        # plausibility checks that compare DOTS with other sources, the replication table and
        # the report
        assert executed_rules(result) == sorted(
            [
                "all",
                "bilateral_dots",
                "clean_dots_workbook",
                "fetch_raw_file",
                "parse_dots_workbook",
                "plausibility_checks",
                "replication_table",
                "report",
                *dots_exhibits,
            ]
        )
        after = own_rows(workdir / "reports/tables/F1.csv")
        change = after["china_exports_usd_millions"] - before["china_exports_usd_millions"]
        assert change[("USA", 2020)] == pytest.approx(1000.0)
        assert (change.drop(("USA", 2020)) == 0).all()
    finally:
        workbook_path.write_bytes(original_workbook)
        manifest_path.write_text(original_manifest)
        shutil.rmtree(workdir, ignore_errors=True)


def test_real_values_of_the_exhibits(workdir):
    """A handful of the study's numbers recomputed by the run (values from SOURCES.md)."""
    provinces = pd.read_parquet(workdir / "data/processed/province_trade_nbs.parquet")
    by_location = provinces[
        (provinces.year == 2018) & (provinces.definition == "location_of_trading_unit")
    ]
    f2 = pd.read_csv(workdir / "reports/tables/F2.csv")
    # the 2018 national total is the sum of the 31 provinces (USD thousand -> 100 million)
    assert f2["national_total_usd_100m"].iloc[0] == pytest.approx(
        by_location["value_usd_thousands"].sum() / 1e5
    )
    assert f2["national_total_usd_100m"].iloc[0] == pytest.approx(46_224.2, abs=0.1)
    assert len(f2) == 9 and f2.iloc[0]["province_name_en"] == "Guangdong"
    f7 = pd.read_csv(workdir / "reports/tables/F7.csv")
    china_2018 = f7[(f7.year == 2018) & (f7.partner == "CHN")].set_index("asia_series")
    # China's share of the US deficit with Asia in 2018: Census Asia (0016) and the study's
    # seven economies in IMF DOTS (the study: 68%)
    share = china_2018["partner_share_of_us_asia_deficit_pct"]
    assert share["census_0016"] == pytest.approx(67.48, abs=0.01)
    assert share["dots_asia_study"] == pytest.approx(69.54, abs=0.01)
    replication = pd.read_csv(workdir / "reports/tables/replication.csv").set_index("claim_id")
    assert replication.loc["C10", "verdict"] == "reproduced"  # nine provinces' share, 82%
    # the headline Asia is the study's documented one (the named economies, Taiwan, Hong Kong)
    assert replication.loc["C61", "our_value"] == pytest.approx(71.39, abs=0.01)
    assert replication.loc["C49", "verdict"] == replication.loc["C50", "verdict"] == "reproduced"
    assert replication.loc["C48", "verdict"] == "partly computable"
    assert replication.loc["N04", "verdict"] == "not a data claim"


def test_every_row_of_every_exhibit_table_names_its_raw_files(workdir):
    """Column raw_file_ids: manifest ids (or the study's claims table) on every row, and the
    number the issue traced through 19 files, China's 2018 surplus with the US in F1, names
    the DOTS China workbook in one step."""
    manifest = pd.read_csv(workdir / "config/raw_data_manifest.csv", dtype=str)
    config = yaml.safe_load((workdir / "config/config.yaml").read_text())
    tables = [
        path
        for exhibit in config["exhibits"]
        for path in sorted((workdir / "reports/tables").glob(f"{exhibit}*.csv"))
    ]
    assert len(tables) > 40
    for path in tables:
        ids = pd.read_csv(path, dtype=str, keep_default_na=False)["raw_file_ids"]
        named = {i for value in ids for i in value.split("; ")}
        assert "" not in named, path.name
        assert named - set(manifest["id"]) <= {"study:claims.csv"}, path.name
    dots_china = manifest.set_index("file").loc[DOTS_CHINA, "id"]
    assert own_rows(workdir / "reports/tables/F1.csv").loc[("USA", 2018), "raw_file_ids"] == (
        dots_china
    )


def test_regressions_ran_on_the_default_data(workdir):
    config = yaml.safe_load((workdir / "config/config.yaml").read_text())
    for spec_id, spec in config["regressions"].items():
        coefficients = workdir / f"reports/tables/regressions/{spec_id}_coefficients.csv"
        # the customs model needs the user's records, which the default run does not have
        assert coefficients.is_file() == (spec["dataset"] != "customs_sector_year"), spec_id
    fit = pd.read_csv(workdir / "reports/tables/regressions/fdi_asymmetry_fe_fit.csv").iloc[0]
    assert fit["n_obs"] == 495 and fit["n_clusters"] == 101 and fit["se_type"] == "cluster"
    # what its note says of the partner-years it drops: each lacks the position ratio, for a
    # position zero or negative, suppressed, not shown, below USD 0.5 million or not applicable
    panel = pd.read_parquet(workdir / "data/processed/analysis/fdi_asymmetry_panel.parquet")
    dropped = panel[
        panel[["log_position_ratio", "balance_share_of_bilateral_trade"]].isna().any(axis=1)
    ]
    assert len(dropped) == fit["n_dropped_missing"] and dropped["log_position_ratio"].isna().all()
    reasons = {part for flag in dropped["log_ratio_flag"] for part in flag.split("; ")}
    assert reasons <= {
        f"{side}_position_{reason}"
        for side in ("us", "partner")
        for reason in (
            "not_positive",
            "suppressed",
            "not_shown",
            "below_half_million",
            "not_applicable",
        )
    }, reasons
    wiod = pd.read_parquet(workdir / "data/processed/analysis/wiod_industry_year.parquet")
    national = wiod.groupby("year")["national_import_content_of_exports_share"].first()
    # gvc_province/SOURCES.md: about 17% in 2000, 24% in 2007, 17% in 2014
    assert national[2000] == pytest.approx(0.1667, abs=0.0005)
    assert national[2007] == pytest.approx(0.2405, abs=0.0005)
    assert national[2014] == pytest.approx(0.1685, abs=0.0005)
    # what the note of sector_between_normalised says of electronics (C26), between industries
    # (means over the years): the highest import content, one of the largest surpluses, and a
    # normalised balance below the median industry's
    goods = wiod[wiod["is_goods"]].dropna(subset=["import_content_of_exports_share"])
    means = goods.groupby("industry")[
        ["import_content_of_exports_share", "balance_usd_millions", "normalised_balance"]
    ].mean()
    assert means["import_content_of_exports_share"].idxmax() == "C26"
    assert means["balance_usd_millions"].rank(ascending=False)["C26"] <= 3
    assert means.at["C26", "normalised_balance"] < means["normalised_balance"].median()


def render_in_browser(report: Path, screenshot: Path) -> tuple[list, list]:
    """(natural sizes of every image, script errors) of ``report`` opened in Chromium."""
    chromium = shutil.which("chromium")
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (.ci/run installs Debian's chromium)")
        pytest.skip("Debian's chromium is not installed: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(report.as_uri(), wait_until="load")
        images = page.evaluate(
            """async () => {
                const images = Array.from(document.images);
                await Promise.all(images.map(i => i.decode().catch(() => null)));
                return images.map(i => [i.naturalWidth, i.naturalHeight]);
            }"""
        )
        page.screenshot(path=str(screenshot), full_page=False)
        browser.close()
    return images, errors


def expected_images(workdir: Path) -> int:
    config = yaml.safe_load((workdir / "config/config.yaml").read_text())
    figures = sum(spec.get("figure", True) for spec in config["exhibits"].values())
    return figures + len(list((workdir / "reports/figures/regressions").glob("*.png")))


def test_report_renders_in_a_headless_browser(workdir, tmp_path):
    """Every figure of the report decodes and shows in Chromium, and no script fails."""
    images, errors = render_in_browser(workdir / "reports/report.html", tmp_path / "report.png")
    assert len(images) == expected_images(workdir)
    assert all(width > 100 and height > 100 for width, height in images), images
    assert errors == []


def _headings(html: str) -> list[str]:
    """The text of every h1-h3 heading of an HTML page."""
    import re
    from html import unescape

    found = re.findall(r"<h([123])[^>]*>(.*?)</h\1>", html, flags=re.S)
    return [unescape(re.sub(r"<[^>]+>", "", text)).replace("¶", "").strip() for _, text in found]


@pytest.fixture(scope="module")
def chinese(workdir, tmp_path_factory) -> tuple[Path, object, dict]:
    """A copy of the English run (outputs and Snakemake's records), brought up to date in
    English (earlier tests may have changed a raw file of the mirror), then switched to zh and
    re-run: (copy, result of the zh run, the English outputs' digests and report)."""
    copy = tmp_path_factory.mktemp("zh") / "project"
    shutil.copytree(workdir, copy, symlinks=True)
    result = snakemake(copy)
    assert result.returncode == 0, result.stderr[-5000:]
    english = produced_reports(copy)
    english["report_text"] = (copy / "reports/report.html").read_text(encoding="utf-8")
    config_path = copy / "config/config.yaml"
    config = yaml.safe_load(config_path.read_text())
    config["report"]["language"] = "zh"
    config_path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    result = snakemake(copy)
    assert result.returncode == 0, result.stderr[-5000:]
    return copy, result, english


def test_the_language_setting_reruns_only_the_presentation(chinese):
    """The figures and the report follow the language; the claims (texts stored with their
    messages, rendered by the report) and so the replication table do not."""
    copy, result, before = chinese
    ran = set(executed_rules(result))
    presentation = {"all", "regression", "report"}
    assert ran, "switching the language re-ran nothing"
    assert {rule for rule in ran if not rule.startswith("figure_")} <= presentation, ran
    assert "report" in ran and "figure_F1" in ran
    path = "reports/tables/replication.csv"
    assert digest(copy / path) == before[path], "replication.csv changed with the language"


def test_the_chinese_report_keeps_the_numbers_and_changes_the_words(chinese):
    copy, _, before = chinese
    html = (copy / "reports/report.html").read_text(encoding="utf-8")
    english = before["report_text"]
    assert 'lang="zh' in html and 'lang="zh' not in english
    headings = _headings(html)
    assert len(headings) == len(_headings(english)) >= 6
    for heading in headings:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in heading), heading
        assert not i18n.untranslated_words(heading), heading
    assert "MissingTranslation" not in html and "Traceback" not in html
    # the study's claims in the replication tables: the Chinese summary of each claim id
    # (workflow/report/text/zh/claims.yaml), the English one of claims.csv in English
    assert ">中国货物贸易顺差</td>" in html and ">China goods trade surplus</td>" in english
    assert "China goods trade surplus" not in html
    # the figures change, the tables of numbers do not
    for exhibit in ("F1", "F4", "B1"):
        figure = f"reports/figures/{exhibit}.png"
        assert digest(copy / figure) != before[figure], figure
    for table in ("F1", "F2", "F4", "F5", "S1"):
        path = f"reports/tables/{table}.csv"
        assert digest(copy / path) == before[path], path


def test_the_chinese_report_renders_in_a_headless_browser(chinese, tmp_path):
    copy, _, _ = chinese
    images, errors = render_in_browser(copy / "reports/report.html", tmp_path / "report_zh.png")
    assert len(images) == expected_images(copy)
    assert all(width > 100 and height > 100 for width, height in images), images
    assert errors == []


def test_the_report_prints_to_pdf(workdir):
    """`snakemake reports/report.pdf` (not in the default run) prints the HTML with Chromium."""
    if shutil.which("chromium") is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (.ci/run installs Debian's chromium)")
        pytest.skip("Debian's chromium is not installed: apt-get install chromium")
    result = snakemake(workdir, "reports/report.pdf")
    assert result.returncode == 0, result.stderr[-3000:]
    # only the PDF: the tests before left the module's run up to date (a test that changes a
    # raw file works in a copy of the run, or is the last to run)
    assert executed_rules(result) == ["report_pdf"], executed_rules(result)
    pdf = (workdir / "reports/report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 500_000  # the figures are in it
    (workdir / "reports/report.pdf").unlink()  # not part of the compared outputs


def test_snakemakes_own_report_has_a_caption_for_every_registered_output(workdir, project):
    """`snakemake --report` works, and every output registered with report() has a caption."""
    import re

    for rules in (project / "workflow/rules").glob("*.smk"):
        text = rules.read_text()
        for match in re.finditer(r"\breport\(", text):
            # the call's arguments, up to its own closing bracket (they may contain calls)
            depth, end = 1, match.end()
            while depth:
                depth += {"(": 1, ")": -1}.get(text[end], 0)
                end += 1
            call = text[match.end() : end - 1]
            assert "caption=" in call, f"{rules.name}: report() without a caption: {call!r}"
    target = workdir / "reports/workflow-report.html"
    result = snakemake(workdir, "--report", str(target))
    try:
        assert result.returncode == 0, result.stderr[-3000:]
        page = target.read_text(encoding="utf-8", errors="replace")
        for name in ("F1.png", "replication.csv"):
            assert name in page, name
        # the captions read the titles from the jobs' specs (the config holds no texts)
        assert "The data behind exhibit F1\\n(China's goods balance with the EU" in page
        # a regression's caption points to its note, which its job fills with the years of
        # the sample (the .rst, which cannot compute them, would show "{first}-{last}")
        assert "The note, with\\nthe years and counts of this run's sample" in page
    finally:
        target.unlink(missing_ok=True)  # not part of the compared outputs


def test_a_vintage_taken_in_by_the_command_reruns_its_dependants_and_says_what_changed(
    workdir, mirror, tmp_path
):
    """Issue 15: China's 2024 row of the Census extract revised (a synthetic edit that keeps
    exports - imports = balance), taken in with the command: the history keeps the old entry,
    the dry run it prints plans only the file's dependants, and the report's section "What the
    new data changed" names the changed value and the headline number that moved."""
    new = tmp_path / Path(SELECTED).name
    new.write_text((mirror / SELECTED).read_text().replace(CHINA_2024, CHINA_2024_REVISED))
    manifest = workdir / "config/raw_data_manifest.csv"
    original = manifest.read_text()
    config = yaml.safe_load((workdir / "config/config.yaml").read_text())
    try:
        command = [sys.executable, "workflow/tools/new_vintage.py", "add", SELECTED_ID, str(new)]
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        result = subprocess.run(command, cwd=workdir, capture_output=True, text=True, env=env)
        assert result.returncode == 0, result.stderr
        (replaced,) = pd.read_csv(workdir / "config/raw_data_history.csv", dtype=str).to_dict(
            "records"
        )
        assert replaced["id"] == SELECTED_ID and replaced["sha256"] in original
        assert replaced["replaced_by"] == digest(new) and digest(new) in manifest.read_text()
        planned = dict(
            re.findall(r"^  (\w+)\s+(\d+)$", result.stdout.split("will re-run")[1], re.M)
        )
        census = {"census_us_trade_partners_annual", "census_us_trade_aggregates_annual"}
        readers = {e for e, spec in config["exhibits"].items() if census & set(spec["tables"])}
        assert planned["fetch_raw_file"] == "1" and planned["census_trade"] == "1"
        assert {"revisions", "replication_table", "report"} <= set(planned)
        clean_rules = set(
            re.findall(r"^rule (\w+):", (workdir / "workflow/rules/clean.smk").read_text(), re.M)
        )
        assert clean_rules & set(planned) == {"census_trade"}
        assert {r.split("_", 1)[1] for r in planned if r.startswith("exhibit_")} == readers

        result = snakemake(workdir)
        assert result.returncode == 0, result.stderr[-3000:]
        revisions = pd.read_csv(workdir / "reports/tables/revisions.csv").set_index("column")
        assert set(revisions["key"]) == {"year=2024; cty_code=5700"}
        balance = revisions.loc["balance_usd_millions"]
        assert (balance["old_value"], balance["new_value"]) == (-297047.7, -307047.7)
        html = (workdir / "reports/report.html").read_text()
        assert "What the new data changed" in html and "-307,047.70" in html
        assert "307.05" in html  # B1's US deficit with China in 2024, beside 297.05
        assert "Nothing to be done" in snakemake(workdir, "--dry-run").stdout
    finally:
        manifest.write_text(original)
        (workdir / "config/raw_data_history.csv").unlink(missing_ok=True)
        shutil.rmtree(workdir / "data/vintages", ignore_errors=True)
