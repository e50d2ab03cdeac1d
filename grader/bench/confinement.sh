#!/usr/bin/env bash
# What the OS-level confinement costs: grading latency of solutions/ with it and without it
# (PARAKIT_OS_CONFINEMENT=off), interleaved in one script run so that both see the same machine.
#
# Usage: grader/bench/confinement.sh [--runs N]     (default 5; medians are printed)
# Prints the median wall time and run-stage time of each, and the ratio confined / unconfined
# (target: at most 1.10). The JVM-level options (--limit-modules, no attach, no native access) and the
# in-memory class delivery are on in both: they are not optional.
# Needs: root (otherwise there is nothing to compare: the script says so), the build done once.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
runs=5
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "confinement.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "confinement.sh: needs root (the OS-level confinement is off for other users)" >&2; exit 1; }
cd "$root"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
./parakit --version >/dev/null   # builds the jar if stale, outside the measurement
now_ms() { date +%s%3N; }
for i in $(seq "$runs"); do
  for mode in on off; do
    t0=$(now_ms)
    if [ $mode = off ]; then
      PARAKIT_OS_CONFINEMENT=off ./parakit grade solutions --quiet --json "$out/$mode-$i.json"
    else
      ./parakit grade solutions --quiet --json "$out/$mode-$i.json"
    fi
    echo $(( $(now_ms) - t0 )) > "$out/$mode-wall-$i"
  done
done
python3 - "$out" "$runs" <<'PY'
import json, os, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])
def figures(mode):
    walls, runs_ms, notes = [], [], set()
    for i in range(1, runs + 1):
        r = json.load(open(os.path.join(out, f"{mode}-{i}.json")))
        walls.append(int(open(os.path.join(out, f"{mode}-wall-{i}")).read()))
        runs_ms.append(r["timings"]["runMillis"])
        notes.update(n for n in r["notes"] if "confined" in n)
        if r["score"] != r["maxScore"]:
            print(f"  note: {mode} run {i} scored {r['score']}/{r['maxScore']} (a speedup check without a verdict?)")
    return statistics.median(walls), statistics.median(runs_ms), notes
on_wall, on_run, on_notes = figures("on")
off_wall, off_run, off_notes = figures("off")
assert not on_notes, f"the confined runs were not confined: {on_notes}"
assert off_notes, "the unconfined runs did not say so in their notes"
print(f"cost of the OS-level confinement, grading solutions/ (median of {runs} interleaved runs each)")
print(f"  confined      wall {on_wall/1000:6.1f} s   run stage {on_run/1000:6.1f} s")
print(f"  unconfined    wall {off_wall/1000:6.1f} s   run stage {off_run/1000:6.1f} s")
print(f"  ratio confined / unconfined   wall {on_wall/off_wall:.2f}   run stage {on_run/off_run:.2f}   (target <= 1.10)")
PY
