#!/usr/bin/env bash
# A one-node SLURM cluster on this machine, to try the workflow's SLURM profile
# (workflow/profiles/slurm) without a real cluster. Debian/Ubuntu, as root.
#
#   workflow/cluster/slurm_single_node.sh          install (once), configure, start, smoke test
#   workflow/cluster/slurm_single_node.sh --stop   stop slurmd, slurmctld and munged
#
# Idempotent: packages already installed are not reinstalled, an unchanged slurm.conf is
# left as it is (a changed one restarts the SLURM daemons), running daemons are kept.
# No systemd is needed: the daemons are started directly (containers, CI machines).
# There is no accounting database (slurmdbd), so `sacct` knows no jobs: the profile makes
# the executor plugin ask `squeue`, and MinJobAge keeps finished jobs visible to it.
set -euo pipefail

SLURM_CONF=/etc/slurm/slurm.conf
STATE_DIR=/var/spool/slurm
LOG_DIR=/var/log/slurm
RUN_DIR=/run/slurm
MUNGE_KEY=/etc/munge/munge.key
MUNGE_RUN=/run/munge
PARTITION=main

say() { printf '[slurm-single-node] %s\n' "$*"; }
die() {
    say "ERROR: $*" >&2
    exit 1
}

pid_alive() { # pid file -> true when the process it names is running
    [[ -s "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null
}

stop_pid() { # name, pid file
    local name=$1 pidfile=$2 pid
    if pid_alive "$pidfile"; then
        pid=$(cat "$pidfile")
        say "stopping $name (pid $pid)"
        kill "$pid"
        for _ in $(seq 1 30); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        kill -0 "$pid" 2>/dev/null && die "$name (pid $pid) did not stop"
    else
        say "$name is not running"
    fi
    rm -f "$pidfile"
}

stop_all() {
    stop_pid slurmd "$RUN_DIR/slurmd.pid"
    stop_pid slurmctld "$RUN_DIR/slurmctld.pid"
    stop_pid munged "$MUNGE_RUN/munged.pid"
}

[[ $(id -u) -eq 0 ]] || die "run as root"

case "${1:-}" in
    --stop)
        stop_all
        exit 0
        ;;
    "") ;;
    -h | --help)
        sed -n '2,12p' "$0"
        exit 0
        ;;
    *) die "unknown option: $1 (use --stop or nothing)" ;;
esac

# --- packages --------------------------------------------------------------------------
if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null; then
    say "slurm-wlm and munge are installed: $(slurmctld -V)"
else
    say "installing slurm-wlm and munge (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends slurm-wlm munge
fi

# --- munge: the key and the daemon -----------------------------------------------------
id munge >/dev/null 2>&1 || die "the munge package did not create the user 'munge'"
if [[ ! -s $MUNGE_KEY ]]; then
    say "creating the munge key $MUNGE_KEY"
    install -d -o munge -g munge -m 0700 "$(dirname "$MUNGE_KEY")"
    mungekey --create --keyfile="$MUNGE_KEY"
fi
chown munge:munge "$MUNGE_KEY"
chmod 0400 "$MUNGE_KEY"
install -d -o munge -g munge -m 0755 "$MUNGE_RUN" /var/log/munge /var/lib/munge
if pid_alive "$MUNGE_RUN/munged.pid"; then
    say "munged is running (pid $(cat "$MUNGE_RUN/munged.pid"))"
else
    say "starting munged"
    runuser -u munge -- /usr/sbin/munged
fi
for _ in $(seq 1 20); do
    munge -n </dev/null | unmunge >/dev/null 2>&1 && break
    sleep 0.5
done
munge -n </dev/null | unmunge >/dev/null || die "munge does not work (see /var/log/munge/munged.log)"
say "munge works"

# --- slurm.conf for this one node ------------------------------------------------------
NODE=$(hostname -s)
CPUS=$(nproc)
MEM_TOTAL_MB=$(($(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024))
# leave 10% (at least 1 GB) to the operating system and the daemons
MARGIN_MB=$((MEM_TOTAL_MB / 10 > 1024 ? MEM_TOTAL_MB / 10 : 1024))
REAL_MEMORY_MB=$((MEM_TOTAL_MB - MARGIN_MB))
say "node $NODE: $CPUS CPUs, ${MEM_TOTAL_MB} MB memory, ${REAL_MEMORY_MB} MB for jobs"

install -d -m 0755 /etc/slurm "$STATE_DIR/ctld" "$STATE_DIR/d" "$LOG_DIR" "$RUN_DIR"
NEW_CONF=$(mktemp)
trap 'rm -f "$NEW_CONF"' EXIT
cat >"$NEW_CONF" <<EOF
# Written by workflow/cluster/slurm_single_node.sh: a one-node SLURM cluster.
ClusterName=single
SlurmctldHost=${NODE}(127.0.0.1)
AuthType=auth/munge
# no systemd, no slurm user: the daemons run as root
SlurmUser=root
SlurmdUser=root
StateSaveLocation=${STATE_DIR}/ctld
SlurmdSpoolDir=${STATE_DIR}/d
SlurmctldPidFile=${RUN_DIR}/slurmctld.pid
SlurmdPidFile=${RUN_DIR}/slurmd.pid
SlurmctldLogFile=${LOG_DIR}/slurmctld.log
SlurmdLogFile=${LOG_DIR}/slurmd.log
MailProg=/bin/true
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
ReturnToService=2
SchedulerType=sched/backfill
# CPUs and memory are the consumable resources (sbatch --cpus-per-task, --mem)
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
# no accounting database: sacct is empty, squeue reports the jobs ...
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
# ... and keeps a finished job for MinJobAge seconds (the executor's status checks)
MinJobAge=600
# one line per finished job: a record of every job this cluster ran
JobCompType=jobcomp/filetxt
JobCompLoc=${LOG_DIR}/jobcomp.log
NodeName=${NODE} NodeAddr=127.0.0.1 CPUs=${CPUS} RealMemory=${REAL_MEMORY_MB} State=UNKNOWN
PartitionName=${PARTITION} Nodes=${NODE} Default=YES MaxTime=INFINITE State=UP
EOF

CONF_CHANGED=no
if [[ -f $SLURM_CONF ]] && cmp -s "$NEW_CONF" "$SLURM_CONF"; then
    say "$SLURM_CONF is up to date"
else
    say "writing $SLURM_CONF"
    install -m 0644 "$NEW_CONF" "$SLURM_CONF"
    CONF_CHANGED=yes
fi
if [[ $CONF_CHANGED == yes ]]; then
    stop_pid slurmd "$RUN_DIR/slurmd.pid"
    stop_pid slurmctld "$RUN_DIR/slurmctld.pid"
fi

# --- the SLURM daemons -----------------------------------------------------------------
if pid_alive "$RUN_DIR/slurmctld.pid"; then
    say "slurmctld is running (pid $(cat "$RUN_DIR/slurmctld.pid"))"
else
    say "starting slurmctld (log: $LOG_DIR/slurmctld.log)"
    slurmctld
fi
for _ in $(seq 1 30); do
    scontrol ping >/dev/null 2>&1 && break
    sleep 1
done
scontrol ping | grep -q UP || die "slurmctld does not answer (see $LOG_DIR/slurmctld.log)"
if pid_alive "$RUN_DIR/slurmd.pid"; then
    say "slurmd is running (pid $(cat "$RUN_DIR/slurmd.pid"))"
else
    say "starting slurmd (log: $LOG_DIR/slurmd.log)"
    slurmd
fi

say "waiting for node $NODE to be idle"
state=""
for _ in $(seq 1 60); do
    state=$(sinfo --noheader --nodes="$NODE" --format=%T 2>/dev/null | head -n 1)
    case "$state" in
        idle | mixed | allocated | completing) break ;;
        drained | draining | down* | drain*)
            say "node is $state: resuming it"
            scontrol update NodeName="$NODE" State=RESUME || true
            ;;
    esac
    sleep 1
done
case "$state" in
    idle | mixed | allocated | completing) ;;
    *) die "node $NODE is '$state', not idle (see $LOG_DIR/slurmd.log, scontrol show node)" ;;
esac
sinfo

# --- smoke test ------------------------------------------------------------------------
SMOKE_OUT=$(mktemp /tmp/slurm-smoke.XXXXXX)
say "smoke test: sbatch --wait --wrap hostname"
sbatch --wait --quiet --job-name=smoke-test --output="$SMOKE_OUT" --time=1 --mem=100 \
    --wrap hostname
[[ $(cat "$SMOKE_OUT") == "$(hostname)" ]] || die "smoke test printed '$(cat "$SMOKE_OUT")'"
rm -f "$SMOKE_OUT"
say "smoke test passed: the job ran on $(hostname)"
say "SLURM is up: partition '$PARTITION', $CPUS CPUs, ${REAL_MEMORY_MB} MB;" \
    "stop it with $0 --stop"
