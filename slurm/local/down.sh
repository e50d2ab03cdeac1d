#!/usr/bin/env bash
# down.sh: stops the local Slurm started by up.sh, by the PIDs it recorded, in the order that does not hang
# (slurmd first while slurmctld is up, then slurmctld, then munged), and kills processes of jobs that
# survive (slurmstepd and job processes left in the job cgroups). Idempotent.
#
# Usage: slurm/local/down.sh        Exit codes: 0 stopped (or was not running); 1 a daemon would not stop.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"

# stop PIDFILE NAME: TERM, wait up to 15 s, then KILL.
stop() {
  local pid
  pid_alive "$1" "$2" || return 0
  pid=$(tr -dc '0-9' < "$1")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 75); do
    pid_alive "$1" "$2" || return 0
    sleep 0.2
  done
  kill -KILL "$pid" 2>/dev/null || true
  sleep 0.5
  ! pid_alive "$1" "$2"
}

ok=0
stop "$STATE/run/slurmd.pid" slurmd || ok=1
if pid_alive "$STATE/run/slurmctld.pid" slurmctld; then
  scontrol shutdown slurmctld >/dev/null 2>&1 || true
fi
stop "$STATE/run/slurmctld.pid" slurmctld || ok=1
# Orphans: a slurmstepd and its job outlive a killed slurmd; their cgroups still list them.
for procs in /sys/fs/cgroup/*/slurm/uid_*/job_*/cgroup.procs /sys/fs/cgroup/*/slurm/uid_*/job_*/step_*/cgroup.procs; do
  [ -r "$procs" ] || continue
  while read -r pid; do kill -KILL "$pid" 2>/dev/null || true; done < "$procs"
done
pkill -KILL -x slurmstepd 2>/dev/null || true
stop "$MUNGE_PID" munged || ok=1
[ $ok -eq 0 ] && echo "down.sh: local Slurm stopped" || echo "down.sh: a daemon did not stop; see ps" >&2
exit $ok
