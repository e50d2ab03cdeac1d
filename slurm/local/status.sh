#!/usr/bin/env bash
# status.sh: one line per daemon of the local Slurm (running/stopped, PID), the node's state and the job
# completion log. Exit codes: 0 all up; 3 not (or not all) running.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=common.sh
. "$here/common.sh"
rc=0
for d in munged:"$MUNGE_PID" slurmctld:"$STATE/run/slurmctld.pid" slurmd:"$STATE/run/slurmd.pid"; do
  name=${d%%:*}; file=${d#*:}
  if pid_alive "$file" "$name"; then echo "$name running, pid $(tr -dc '0-9' < "$file")"; else echo "$name stopped"; rc=3; fi
done
echo "node: $(sinfo -h -o '%N %T' 2>/dev/null || echo unknown)"
echo "job completion log: $STATE/log/jobcomp.txt"
exit $rc
