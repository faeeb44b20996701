"""One warm interpreter per run: jobs start from a process that has pandas & co. loaded.

Why: every job of the workflow is a new Python process, and most spend more CPU importing
pandas, matplotlib, seaborn and statsmodels (2-5 s each on a 2-core machine) than doing
their work. Merging jobs would cost the grain of the DAG (a changed setting re-runs only
what depends on it), so instead, for the length of one ``snakemake`` run on one machine, a
server process imports those libraries once and forks a copy of itself for each job that
asks (the pattern of :mod:`multiprocessing`'s ``forkserver``).

How a job runs there: Snakemake starts the rule's script as usual; its first statement,
:func:`hand_over`, connects to the server and passes it the job's command line, working
directory, environment, ``sys.path`` and its standard streams. The server forks; the child
takes over those streams, directory and environment, runs the same script file from the
top (where :func:`hand_over` now returns at once) and exits with the script's status, which
the waiting job process exits with in turn. The package's own code is never preloaded, so
each job imports it fresh from disk, as a cold interpreter would.

When: the Snakefile starts the server before the first job of a local run that has at
least ``MIN_JOBS`` jobs to start warm (the server needs about 5 s of CPU to load, and a
job started warm saves 1-4 s: a run of a few jobs is over before the server pays off), and
the server listens once its imports are done. A job runs cold, in its own interpreter, as
before, whenever no server is listening (a small or dry run, the first seconds of a run, a
cluster job on another machine, ``CHINATRADE_WARM_START=0``) or its thread settings differ
from the server's: a job never waits for the server. If the job process is
killed, the server kills the job's child; if Snakemake goes away, the server sees its
standard input close and stops with its children. Outputs are the same either way
(``tests/workflow/test_warm_start.py`` compares them byte for byte).

Only the standard library is imported here: a job pays for this module before it knows
whether it will run warm.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# set by Snakemake's hooks for the jobs of one run; the host is checked because a cluster
# job may see the same environment on another machine
SOCKET_VARIABLE = "CHINATRADE_WARM_SOCKET"
HOST_VARIABLE = "CHINATRADE_WARM_HOST"
CHILD_VARIABLE = "CHINATRADE_WARM_CHILD"
SWITCH_VARIABLE = "CHINATRADE_WARM_START"

# below this many jobs to start warm, a run starts no server (see the module's docstring)
MIN_JOBS = 8
# rule scripts that always run cold: a fetch imports nothing heavy, and the first fetches
# start before the server could be ready
COLD_SCRIPTS = frozenset({"fetch_raw_file.py"})

# The libraries whose import dominates a job's CPU time (measured with `python -X
# importtime`); what is not listed is imported by the job itself, as in a cold start.
PRELOAD = (
    "numpy",
    "pandas",
    "pyarrow.parquet",
    "matplotlib.pyplot",
    "scipy.stats",
    "seaborn",
    "statsmodels.api",
    "statsmodels.formula.api",
    "python_calamine",
    "nbclient",
    "nbconvert",
    "yaml",
    "snakemake.iocontainers",
    "snakemake.logging",
)

# Snakemake sets these to a job's `threads:` for the job's process; linear-algebra
# libraries read them when they load, so a job runs warm only where they match the server's
THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "GOTO_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)
SERVER_THREADS = "1"

_HEADER = struct.Struct("!I")
_STATUS = struct.Struct("!i")
_STARTED = b"S"  # sent once the job's child exists: from then on the job runs there
_STREAMS = (0, 1, 2)
_FOLDER_PREFIX = "chinatrade-warm-"  # the socket's folder, in the temporary folder


# ---------------------------------------------------------------- the job's side


def hand_over() -> None:
    """Run the calling rule script in the run's warm interpreter, if there is one.

    Returns at once (and the script goes on here) when there is no usable server;
    otherwise waits for the job's child to finish and exits with its status.
    """
    if os.environ.get(CHILD_VARIABLE) == "1":
        return  # this is the warm child: the script runs here
    connection = _connect(os.environ)
    if connection is None:
        return
    request = {
        "argv": sys.argv,
        "cwd": os.getcwd(),
        "environ": dict(os.environ),
        "path": sys.path,
    }
    with connection:
        payload = json.dumps(request).encode()
        try:
            socket.send_fds(connection, [_HEADER.pack(len(payload)) + payload], list(_STREAMS))
            started = _receive_exactly(connection, len(_STARTED))
        except OSError:
            started = None
        if started != _STARTED:
            return  # the server went away before it began this job: run it here, cold
        status = _receive_exactly(connection, _STATUS.size)
    if status is None:
        sys.exit(
            f"warm start: the warm interpreter stopped before reporting the exit status of "
            f"{sys.argv[0]}; the job is marked failed and runs again on the next run"
        )
    sys.exit(_STATUS.unpack(status)[0])


def _connect(environ) -> socket.socket | None:
    path = environ.get(SOCKET_VARIABLE)
    if not path or environ.get(SWITCH_VARIABLE, "1") == "0":
        return None
    if environ.get(HOST_VARIABLE) != socket.gethostname():
        return None
    if any(environ.get(name, SERVER_THREADS) != SERVER_THREADS for name in THREAD_VARIABLES):
        return None
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(path)
    except OSError:  # not started yet, or gone: run cold
        connection.close()
        return None
    return connection


def _receive_exactly(connection: socket.socket, size: int) -> bytes | None:
    received = b""
    while len(received) < size:
        chunk = connection.recv(size - len(received))
        if not chunk:
            return None
        received += chunk
    return received


# ---------------------------------------------------------------- Snakemake's side


_running: subprocess.Popen | None = None
_socket_folder: Path | None = None


def _warm_scripts(scripts) -> list:
    return [s for s in scripts if s is not None and Path(s).name not in COLD_SCRIPTS]


def worth_starting(scripts) -> bool:
    """Whether a run whose jobs run ``scripts`` (one path or None per job) needs a server."""
    return len(_warm_scripts(scripts)) >= MIN_JOBS


def start_for(scripts, log_path: Path) -> None:
    """Start a server for a run whose jobs run ``scripts``, if it is worth it (Snakefile
    ``onstart``); the log says either way."""
    scripts = list(scripts)
    switched_off = os.environ.get(SWITCH_VARIABLE, "1") == "0"
    if worth_starting(scripts) and not switched_off:
        start(log_path)
        return
    log_path.parent.mkdir(parents=True, exist_ok=True)
    reason = (
        f"{SWITCH_VARIABLE}=0"
        if switched_off
        else f"{len(_warm_scripts(scripts))} of its {len(scripts)} jobs would start warm, "
        f"fewer than {MIN_JOBS}"
    )
    log_path.write_text(f"{_now()} no warm interpreter for this run: {reason}\n")


def start(log_path: Path) -> None:
    """Start this run's server and point the jobs at it (``os.environ``)."""
    global _running, _socket_folder
    if _running is not None:
        return
    _socket_folder = Path(tempfile.mkdtemp(prefix=_FOLDER_PREFIX))  # mode 0700: ours
    socket_path = _socket_folder / "jobs.sock"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    environ = dict(os.environ) | dict.fromkeys(THREAD_VARIABLES, SERVER_THREADS)
    # the server imports this module as a script of the package (`-m`), from beside it
    package_parent = str(Path(__file__).resolve().parents[1])
    environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [package_parent, environ.get("PYTHONPATH")])
    )
    with open(log_path, "w") as log:
        _running = subprocess.Popen(
            [sys.executable, "-m", "chinatrade.warm_start", str(socket_path)],
            stdin=subprocess.PIPE,
            stdout=log,
            stderr=log,
            env=environ,
        )
    os.environ[SOCKET_VARIABLE] = str(socket_path)
    os.environ[HOST_VARIABLE] = socket.gethostname()


def stop() -> None:
    """Stop this run's server (Snakefile ``onsuccess``/``onerror``): close its stdin."""
    global _running, _socket_folder
    os.environ.pop(SOCKET_VARIABLE, None)
    if _running is None:
        return
    _running.stdin.close()
    try:
        _running.wait(timeout=10)
    except subprocess.TimeoutExpired:
        _running.kill()
        _running.wait()
    shutil.rmtree(_socket_folder, ignore_errors=True)  # the server removes it as it stops
    _running = _socket_folder = None


# ---------------------------------------------------------------- the server


def serve(socket_path: str, preload: tuple[str, ...] = PRELOAD) -> None:
    """Import ``preload``, then listen and fork a child per job until stdin closes.

    The socket exists only once the imports are done: a job that starts earlier finds no
    server and runs cold rather than wait.
    """
    import importlib

    # Ctrl-C reaches the whole process group, and `kill` or a closing terminal send
    # SIGTERM/SIGHUP: the server then stops as on Snakemake's end, children, socket and
    # socket folder included (only SIGKILL leaves the folder behind, in the temporary folder)
    for stopping in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stopping, _raise_system_exit)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    job_of_connection: dict[socket.socket, int] = {}
    connection_of_job: dict[int, socket.socket] = {}
    try:
        print(f"{_now()} loading {', '.join(preload)}", flush=True)
        for name in preload:
            if _snakemake_gone(timeout=0):
                return  # e.g. a run that failed at once
            try:
                importlib.import_module(name)
            except ImportError as error:  # a job that needs it imports it (and fails) itself
                print(f"{_now()} not preloaded: {name} ({error})", flush=True)
        listener.bind(socket_path)
        listener.listen(64)
        print(f"{_now()} ready", flush=True)
        stdin = sys.stdin.fileno()
        while True:
            waiting = [listener, stdin, *job_of_connection]
            readable, _, _ = select.select(waiting, [], [], 0.05)
            if stdin in readable and _snakemake_gone(timeout=0):
                break  # Snakemake has finished, or is gone
            if listener in readable:
                connection, _ = listener.accept()
                pid = _start_job(connection, listener)
                if pid is not None:
                    job_of_connection[connection] = pid
                    connection_of_job[pid] = connection
            for connection in readable:
                if connection in job_of_connection and not connection.recv(1):
                    # the job's process went away (killed): its child goes too, and is
                    # reaped below
                    _kill(job_of_connection.pop(connection))
            _report_finished(job_of_connection, connection_of_job)
    finally:
        for pid in list(connection_of_job):
            _kill(pid)
        listener.close()
        Path(socket_path).unlink(missing_ok=True)
        if Path(socket_path).parent.name.startswith(_FOLDER_PREFIX):  # made for it by start()
            with contextlib.suppress(OSError):
                Path(socket_path).parent.rmdir()
        print(f"{_now()} stopped", flush=True)


def _raise_system_exit(signal_number: int, _frame) -> None:
    raise SystemExit(128 + signal_number)


def _snakemake_gone(timeout: float) -> bool:
    """Whether the server's standard input (a pipe from Snakemake) has closed."""
    ready, _, _ = select.select([sys.stdin.fileno()], [], [], timeout)
    return bool(ready) and not os.read(sys.stdin.fileno(), 4096)


def _start_job(connection: socket.socket, listener: socket.socket) -> int | None:
    try:
        message, streams, _, _ = socket.recv_fds(connection, 1 << 16, len(_STREAMS))
    except OSError:
        connection.close()
        return None
    (length,) = _HEADER.unpack(message[: _HEADER.size])
    payload = message[_HEADER.size :]
    while len(payload) < length:
        chunk = connection.recv(length - len(payload))
        if not chunk:
            break
        payload += chunk
    if len(payload) != length or len(streams) != len(_STREAMS):
        connection.close()
        for stream in streams:
            os.close(stream)
        return None
    request = json.loads(payload)
    print(f"{_now()} job {Path(request['argv'][0]).name} in {request['cwd']}", flush=True)
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        listener.close()
        connection.close()
        os._exit(_run_job(request, streams))
    for stream in streams:
        os.close(stream)
    try:
        connection.sendall(_STARTED)
    except OSError:  # the job's process is gone already
        _kill(pid)
    return pid


def _run_job(request: dict, streams: list[int]) -> int:
    """In the forked child: become the job's process and run its script."""
    import atexit
    import runpy
    import traceback

    for stopping in (signal.SIGTERM, signal.SIGHUP):  # a job dies of them, as a cold one
        signal.signal(stopping, signal.SIG_DFL)
    for target, stream in zip(_STREAMS, streams, strict=True):
        os.dup2(stream, target)
        os.close(stream)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["environ"])
    os.environ[CHILD_VARIABLE] = "1"
    # the package itself is imported fresh from disk by each job, as in a cold start
    for name in [name for name in sys.modules if name.split(".")[0] == "chinatrade"]:
        del sys.modules[name]
    sys.argv = request["argv"]
    sys.path[:] = request["path"]
    status = 0
    try:
        runpy.run_path(sys.argv[0], run_name="__main__")
    except SystemExit as leaving:
        status = _exit_status(leaving.code)
    except BaseException:
        traceback.print_exc()
        status = 1
    # what an interpreter does when it ends: exit handlers (e.g. logging's flush), streams
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    return status


def _now() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S")


def _exit_status(code) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _report_finished(job_of_connection: dict, connection_of_job: dict) -> None:
    while connection_of_job:
        try:
            pid, wait_status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        connection = connection_of_job.pop(pid, None)
        if connection is None:
            continue
        job_of_connection.pop(connection, None)
        try:
            connection.sendall(_STATUS.pack(os.waitstatus_to_exitcode(wait_status)))
        except OSError:
            pass  # the job's process is gone already
        connection.close()


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


if __name__ == "__main__":
    serve(sys.argv[1])
