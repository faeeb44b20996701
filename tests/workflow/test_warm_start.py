"""The run's warm interpreter (chinatrade/warm_start.py): a job run there behaves as in a
new interpreter (streams, directory, environment, arguments, exit status, output bytes), a
killed job takes its child with it, and a job runs cold whenever no usable server answers.

The scripts here are small synthetic jobs made for these tests; the full workflow runs warm
in tests/workflow/test_e2e.py, whose interruption test recovers with every job cold and
compares the outputs with the warm first run byte for byte.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from chinatrade import warm_start

SCRIPTS = Path(__file__).resolve().parents[2] / "workflow" / "scripts"

# a rule script's shape: hand over first, then import; it reports where it ran
REPORTING_JOB = """
import sys
from chinatrade.warm_start import hand_over

hand_over()
warm = "pandas" in sys.modules  # loaded before this script imported it: a warm start
import json, os
print(json.dumps({"warm": warm, "pid": os.getpid(), "cwd": os.getcwd(), "argv": sys.argv,
                  "marker": os.environ.get("JOB_MARKER")}))
print("to stderr", file=sys.stderr)
"""

# pandas and matplotlib output written by a job: the same bytes warm or cold
WRITING_JOB = """
import sys
from chinatrade.warm_start import hand_over

hand_over()
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd

balance = pd.DataFrame({"year": range(2000, 2020), "balance_usd_millions": range(0, 40, 2)})
balance["share"] = balance["balance_usd_millions"] / 7
balance.to_csv(sys.argv[1] + ".csv", index=False)
figure, axes = plt.subplots()
axes.plot(balance["year"], balance["share"])
figure.savefig(sys.argv[1] + ".png", metadata={"Software": None})
"""


def job(body: str, folder: Path, name: str = "job.py") -> Path:
    script = folder / name
    script.write_text(body)
    return script


def environment(socket_path: Path | None, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("CHINATRADE_WARM") and k != "PYTHONPATH"
    }
    env["PYTHONPATH"] = str(SCRIPTS)
    if socket_path is not None:
        env[warm_start.SOCKET_VARIABLE] = str(socket_path)
        env[warm_start.HOST_VARIABLE] = socket.gethostname()
    return env | extra


def run(script: Path, env: dict, *arguments: str, cwd: Path | None = None):
    return subprocess.run(
        [sys.executable, str(script), *arguments],
        cwd=cwd or script.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def this_process_runs_snakemake():
    """The test process plays Snakemake's part (``start`` points ``os.environ`` at the
    server): the server is stopped and the environment restored afterwards."""
    saved = dict(os.environ)
    yield
    warm_start.stop()
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A warm server as the Snakefile starts it (its own process, stdin a pipe)."""
    folder = tmp_path_factory.mktemp("warm")
    socket_path = Path(f"/tmp/chinatrade-warm-test-{os.getpid()}.sock")
    socket_path.unlink(missing_ok=True)
    with open(folder / "server.log", "w") as log:  # the server keeps its own copy
        process = subprocess.Popen(
            [sys.executable, "-m", "chinatrade.warm_start", str(socket_path)],
            stdin=subprocess.PIPE,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=environment(None),
        )
    wait_for(socket_path.exists, "the server's socket")
    yield socket_path, process, folder / "server.log"
    process.stdin.close()
    process.wait(timeout=30)


def test_a_job_runs_warm_with_its_own_directory_arguments_environment_and_streams(server, tmp_path):
    socket_path, _, _ = server
    script = job(REPORTING_JOB, tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run(script, environment(socket_path, JOB_MARKER="F3"), "a", "b", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    reported = json.loads(result.stdout)
    assert reported["warm"] is True
    assert reported["cwd"] == str(elsewhere)
    assert reported["argv"] == [str(script), "a", "b"]
    assert reported["marker"] == "F3"
    assert result.stderr.strip() == "to stderr"


@pytest.mark.parametrize(
    "ending, status, says",
    [
        ("sys.exit(3)", 3, ""),
        ("raise ValueError('F3.csv, column share, row 4: not a number')", 1, "ValueError: F3"),
        ("sys.exit('config key misspelled')", 1, "config key misspelled"),
        ("print('done')", 0, ""),
    ],
)
def test_the_job_exits_with_its_scripts_status_and_message(server, tmp_path, ending, status, says):
    socket_path, _, _ = server
    script = job(REPORTING_JOB + ending + "\n", tmp_path)
    warm = run(script, environment(socket_path))
    cold = run(script, environment(None))
    assert json.loads(warm.stdout.splitlines()[0])["warm"] is True
    assert json.loads(cold.stdout.splitlines()[0])["warm"] is False
    assert warm.returncode == cold.returncode == status
    assert says in warm.stderr and says in cold.stderr


def test_a_warm_job_writes_the_same_bytes_as_a_cold_one(server, tmp_path):
    socket_path, _, _ = server
    script = job(WRITING_JOB, tmp_path)
    assert run(script, environment(socket_path), str(tmp_path / "warm")).returncode == 0
    assert run(script, environment(None), str(tmp_path / "cold")).returncode == 0
    for suffix in (".csv", ".png"):
        warm = (tmp_path / f"warm{suffix}").read_bytes()
        assert warm == (tmp_path / f"cold{suffix}").read_bytes(), suffix


def test_a_killed_job_takes_its_warm_child_with_it(server, tmp_path):
    socket_path, _, _ = server
    client, child = start_sleeping_job(socket_path, tmp_path)
    assert child != client.pid  # the script runs in the server's child, not in the client
    client.send_signal(signal.SIGKILL)
    client.wait()
    assert not alive_within(child, seconds=10)


def start_sleeping_job(socket_path: Path, folder: Path) -> tuple[subprocess.Popen, int]:
    """A job that sleeps once started; (its process, the pid its script runs in)."""
    pid_file = folder / "child.pid"
    script = job(
        "from chinatrade.warm_start import hand_over\nhand_over()\n"
        f"import os, time\nopen({str(pid_file)!r}, 'w').write(str(os.getpid()))\n"
        "time.sleep(120)\n",
        folder,
    )
    client = subprocess.Popen([sys.executable, str(script)], env=environment(socket_path))
    wait_for(lambda: pid_file.exists() and pid_file.read_text(), "the job")
    return client, int(pid_file.read_text())


def wait_for(condition, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"{what} did not appear within {seconds} s"
        time.sleep(0.05)


def alive_within(pid: int, seconds: float) -> bool:
    """Whether ``pid`` still runs (not a zombie) after up to ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return False
        if state == "Z":
            return False
        time.sleep(0.05)
    return True


@pytest.mark.parametrize(
    "case",
    ["no server at the address", "switched off", "another host", "other thread settings"],
)
def test_a_job_runs_cold_without_a_usable_server(server, tmp_path, case):
    socket_path, _, _ = server
    env = {
        "no server at the address": environment(tmp_path / "none.sock"),
        "switched off": environment(socket_path, CHINATRADE_WARM_START="0"),
        "another host": environment(socket_path) | {warm_start.HOST_VARIABLE: "elsewhere"},
        "other thread settings": environment(socket_path, OPENBLAS_NUM_THREADS="2"),
    }[case]
    result = run(job(REPORTING_JOB, tmp_path), env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["warm"] is False


def test_a_job_runs_cold_when_the_server_goes_before_starting_it(tmp_path):
    """A server that accepts the job and closes without starting it (e.g. it stopped while
    the job was queued): the job has not run anywhere, so it runs cold."""
    socket_path = Path(f"/tmp/chinatrade-warm-test-{os.getpid()}-closing.sock")
    socket_path.unlink(missing_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(socket_path))
    listener.listen(1)

    def accept_and_close():
        connection, _ = listener.accept()
        connection.recv(1 << 16)
        connection.close()

    closer = threading.Thread(target=accept_and_close)
    closer.start()
    try:
        result = run(job(REPORTING_JOB, tmp_path), environment(socket_path))
    finally:
        closer.join(timeout=30)
        listener.close()
        socket_path.unlink(missing_ok=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["warm"] is False


def test_a_job_does_not_wait_for_a_server_still_loading(tmp_path, this_process_runs_snakemake):
    """The server listens only once its imports are done: a job that starts earlier runs
    cold at once (waiting would cost a small run more than it saves)."""
    warm_start.start(tmp_path / "server.log")
    socket_path = Path(os.environ[warm_start.SOCKET_VARIABLE])
    result = run(job(REPORTING_JOB, tmp_path), environment(socket_path))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["warm"] is False
    assert "ready" not in (tmp_path / "server.log").read_text()


@pytest.mark.parametrize(
    "scripts, starts",
    [
        (["workflow/scripts/regression.py"] * warm_start.MIN_JOBS, True),
        (["workflow/scripts/regression.py"] * (warm_start.MIN_JOBS - 1) + [None] * 9, False),
        (["workflow/scripts/fetch_raw_file.py"] * 50, False),
    ],
    ids=["enough jobs", "too few (rules without a script do not count)", "only fetches"],
)
def test_a_run_starts_a_server_only_with_enough_jobs_to_start_warm(
    tmp_path, scripts, starts, this_process_runs_snakemake
):
    log = tmp_path / "warm_start.log"
    assert warm_start.worth_starting(scripts) is starts
    warm_start.start_for(scripts, log)
    assert (warm_start.SOCKET_VARIABLE in os.environ) is starts
    assert ("no warm interpreter" in log.read_text()) is not starts


def test_the_server_stops_with_snakemake_and_takes_its_jobs_along(
    tmp_path, this_process_runs_snakemake
):
    """Its standard input closing (Snakemake finished or killed) stops the server, ends
    the jobs still running there and removes its socket; ``start``/``stop`` set and clear
    the address the jobs read."""
    warm_start.start(tmp_path / "server.log")
    socket_path = Path(os.environ[warm_start.SOCKET_VARIABLE])
    assert os.environ[warm_start.HOST_VARIABLE] == socket.gethostname()
    wait_for(socket_path.exists, "the server's socket")
    client, child = start_sleeping_job(socket_path, tmp_path)
    warm_start.stop()
    assert warm_start.SOCKET_VARIABLE not in os.environ
    assert not socket_path.exists() and not socket_path.parent.exists()
    assert not alive_within(child, seconds=10)
    assert client.wait(timeout=30) != 0  # its job did not finish: it failed, visibly
    assert "stopped" in (tmp_path / "server.log").read_text()


@pytest.mark.parametrize("stopping", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_server_sent_a_signal_stops_and_leaves_no_folder_behind(
    tmp_path, stopping, this_process_runs_snakemake
):
    """Ctrl-C (to the process group), `kill` or a closed terminal, where Snakemake may have
    no chance to stop the server: it stops by itself, ends its jobs, and removes its socket
    and the socket's folder from the temporary folder."""
    warm_start.start(tmp_path / "server.log")
    socket_path = Path(os.environ[warm_start.SOCKET_VARIABLE])
    wait_for(socket_path.exists, "the server's socket")
    client, child = start_sleeping_job(socket_path, tmp_path)
    warm_start._running.send_signal(stopping)
    assert warm_start._running.wait(timeout=30) != 0
    assert not socket_path.exists() and not socket_path.parent.exists()
    assert not alive_within(child, seconds=10)
    assert client.wait(timeout=30) != 0
    assert "stopped" in (tmp_path / "server.log").read_text()


@pytest.mark.parametrize("script", sorted(p.name for p in SCRIPTS.glob("*.py")))
def test_every_rule_script_hands_over_before_it_imports_anything_else(script):
    """A script that imported pandas before handing over would pay for it twice."""
    import ast

    body = ast.parse((SCRIPTS / script).read_text()).body
    statements = body[1:] if isinstance(body[0], ast.Expr) else body  # the docstring
    first_two = [ast.unparse(statement) for statement in statements[:2]]
    hands_over = first_two == ["from chinatrade.warm_start import hand_over", "hand_over()"]
    assert hands_over != (script in warm_start.COLD_SCRIPTS), first_two
