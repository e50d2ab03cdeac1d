# Shared settings of the local single-node Slurm scripts (sourced, not run).
# PARAKIT_SLURM_STATE: where state, spool, logs and pid files live (default /var/tmp/parakit-slurm).
STATE=${PARAKIT_SLURM_STATE:-/var/tmp/parakit-slurm}
CONF_DIR=/etc/slurm                 # fixed: the Slurm client commands read /etc/slurm/slurm.conf
MUNGE_PID=/run/munge/munged.pid     # munged's default pid file

# pid_alive PIDFILE NAME: true when the pid file names a live (not zombie) process called NAME.
# kill -0 alone is not enough: it succeeds on zombies, and PIDs wrap quickly here (pid_max 32768).
pid_alive() {
  local pid state comm
  [ -r "$1" ] || return 1
  pid=$( { tr -dc '0-9' < "$1"; } 2>/dev/null)
  [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 1
  comm=$(cat "/proc/$pid/comm" 2>/dev/null || true)
  state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)
  [ "$comm" = "$2" ] && [ "$state" != "Z" ]
}
