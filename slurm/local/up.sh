#!/usr/bin/env bash
# up.sh: starts a real single-node Slurm cluster on this machine (Debian/Ubuntu, root, no systemd needed):
# installs munge, slurmctld, slurmd and slurm-client from the distribution when missing, writes
# /etc/slurm/slurm.conf and cgroup.conf, starts munged, slurmctld and slurmd in the background (pid files
# under the state folder) and waits until the node is idle. Idempotent: a healthy cluster is left as is.
#
# Usage: slurm/local/up.sh            (env PARAKIT_SLURM_STATE: state folder, default /var/tmp/parakit-slurm)
# Exit codes: 0 up; 1 could not install or start (the message names the log to read); 2 usage.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"
[ $# -eq 0 ] || { echo "usage: $0 (no arguments; see the header)" >&2; exit 2; }
start_ns=$(date +%s%N)

if [ "$(id -u)" -ne 0 ]; then
  echo "up.sh: must run as root (it installs packages and starts daemons); fix: sudo $0" >&2
  exit 1
fi

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null \
    || ! command -v munged >/dev/null; then
  if ! command -v apt-get >/dev/null; then
    echo "up.sh: Slurm is not installed and there is no apt-get; fix: install munge, slurmctld, slurmd and the Slurm client" >&2
    exit 1
  fi
  echo "up.sh: installing munge and Slurm (Debian packages)..."
  # Package scripts do not start services here (no systemd, policy-rc.d denies it); we start them below.
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      munge slurmctld slurmd slurm-client > "/tmp/parakit-slurm-apt.log" 2>&1; then
    echo "up.sh: apt-get failed; read /tmp/parakit-slurm-apt.log" >&2
    exit 1
  fi
fi

if pid_alive "$STATE/run/slurmctld.pid" slurmctld && pid_alive "$STATE/run/slurmd.pid" slurmd \
    && pid_alive "$MUNGE_PID" munged && sinfo -h -o %T 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'; then
  echo "up.sh: the local Slurm is already up (state in $STATE)"
  exit 0
fi

mkdir -p "$STATE"/{run,log,spool/ctld,spool/d} "$CONF_DIR"
# slurmd wants its spool folder to exist before it starts (else an hwloc error in the log).
chmod 0755 "$STATE" "$STATE/spool" "$STATE/spool/d"

# munge: refuses to run as root ("Logfile is insecure"), so it runs as the munge user.
if ! pid_alive "$MUNGE_PID" munged; then
  install -d -o munge -g munge -m 0755 /run/munge
  [ -s /etc/munge/munge.key ] || runuser -u munge -- mungekey --create
  runuser -u munge -- munged
fi

node=$(hostname -s)
hw=$(slurmd -C | head -n 1 | sed "s/^NodeName=[^ ]*/NodeName=$node/")
# cgroup v1 hybrid hosts (controllers under /sys/fs/cgroup/<name>) get real CPU pinning, memory limits and
# reaping of escaped processes; elsewhere fall back to linuxproc (no confinement: documented in slurm/README.md).
if [ -d /sys/fs/cgroup/cpuset ] && [ -d /sys/fs/cgroup/memory ]; then
  proctrack=proctrack/cgroup; taskplugin=task/cgroup,task/affinity
  cat > "$CONF_DIR/cgroup.conf" <<CG
CgroupPlugin=cgroup/v1
ConstrainCores=yes
ConstrainRAMSpace=yes
CG
else
  proctrack=proctrack/linuxproc; taskplugin=task/affinity
  rm -f "$CONF_DIR/cgroup.conf"
fi
mem=$(sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' <<< "$hw")
cpus=$(sed -n 's/.*CPUs=\([0-9]*\).*/\1/p' <<< "$hw")
cat > "$CONF_DIR/slurm.conf" <<CONF
# Written by parakit slurm/local/up.sh: a single-node test cluster.
ClusterName=parakit
SlurmctldHost=$node(127.0.0.1)
AuthType=auth/munge
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$STATE/spool/ctld
SlurmdSpoolDir=$STATE/spool/d
SlurmctldPidFile=$STATE/run/slurmctld.pid
SlurmdPidFile=$STATE/run/slurmd.pid
SlurmctldLogFile=$STATE/log/slurmctld.log
SlurmdLogFile=$STATE/log/slurmd.log
ProctrackType=$proctrack
TaskPlugin=$taskplugin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
# Without a default, a job without --mem takes the whole node's memory and jobs run one at a time.
DefMemPerCPU=$(( mem / cpus / 2 ))
# The default delays batch starts by up to 3 s.
SchedulerParameters=batch_sched_delay=0
# TERM -> KILL after 5 s (default 30) when a job is cancelled or past its time.
KillWait=5
# Keep finished jobs visible to scontrol for 10 minutes (final states without slurmdbd).
MinJobAge=600
# A low array limit, as on sites that keep it small: a class larger than this is packed, several submissions per
# array task (the batch reads it with scontrol show config); the grader's Slurm tests run into it on purpose.
MaxArraySize=3
JobCompType=jobcomp/filetxt
JobCompLoc=$STATE/log/jobcomp.txt
ReturnToService=2
$hw NodeAddr=127.0.0.1 State=UNKNOWN
# Jobs that ask for it (--oversubscribe) may share a core, three per core: grading tasks mostly wait, and three
# gradings on 2 cores is what the local backend measured best (grader/bench/throughput.sh). Jobs that do not
# ask, and --exclusive ones, get cores of their own.
PartitionName=local Nodes=$node Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES:3
CONF

# Daemons already running read the configuration written above again.
if pid_alive "$STATE/run/slurmctld.pid" slurmctld; then scontrol reconfigure >/dev/null 2>&1 || true; else slurmctld; fi
pid_alive "$STATE/run/slurmd.pid" slurmd || slurmd

for _ in $(seq 150); do
  if sinfo -h -o %T 2>/dev/null | grep -Eq '^(idle|mixed|allocated)$'; then
    ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
    echo "up.sh: local Slurm up in ${ms} ms: node $node, $cpus CPUs, $proctrack; state and logs in $STATE"
    exit 0
  fi
  sleep 0.2
done
echo "up.sh: the node did not become idle within 30 s; read $STATE/log/slurmctld.log and slurmd.log" >&2
exit 1
