#!/usr/bin/env bash
# Flakiness under load: grades solutions/ N times (default 20) while a CPU hog keeps every core busy,
# and counts false failures (tests that do not pass on the reference solutions). Target: 0. Speedup checks
# (dedicatedCores questions) cannot measure beside the hogs: they end INCONCLUSIVE (no verdict, regraded),
# which is counted apart; a FAILED one would be a false failure.
#
# Usage: grader/bench/flakiness.sh [--runs N] [--hogs K]   (K busy processes; default: one per core)
# Prints one line per run and a summary: runs, tests graded, false failures (in all and per section), and
# which tests failed.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
runs=20
hogs=$(nproc)
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --hogs) hogs=$2; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "flakiness.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
cd "$root"
out=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$out"; }
trap cleanup EXIT

./parakit --version >/dev/null   # build outside the measurement
for _ in $(seq "$hogs"); do
  # A pure busy loop at normal priority: competes with the test JVMs for every core.
  ( while :; do :; done ) &
  pids+=($!)
done
echo "flakiness: $runs gradings of solutions/ under $hogs CPU hogs on $(nproc) cores"
start=$(date +%s)
for i in $(seq "$runs"); do
  ./parakit grade solutions --quiet --json "$out/run-$i.json"
  python3 -c "
import json,sys; r=json.load(open(sys.argv[1]))
bad=[t['id']+' '+t['status']+' ('+t['message'][:160].replace(chr(10),' ')+')' for t in r['tests'] if t['status']!='PASSED']
print(f'  run {sys.argv[2]:>2}: {r[\"score\"]}/{r[\"maxScore\"]}  {len(r[\"tests\"])} tests  {r[\"timings\"][\"totalMillis\"]/1000:.1f} s', ('  not passed: '+', '.join(bad)) if bad else '')
" "$out/run-$i.json" "$i"
done
python3 - "$out" "$runs" "$(( $(date +%s) - start ))" <<'PY'
import json, sys, os, collections
out, runs, secs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
tests = 0; failures = collections.Counter(); undecided = collections.Counter()
per_section = collections.defaultdict(lambda: [0, 0, 0])   # tests graded, false failures, without a verdict
for i in range(1, runs + 1):
    r = json.load(open(os.path.join(out, f"run-{i}.json")))
    tests += len(r["tests"])
    for t in r["tests"]:
        section = per_section[t["question"].split(".")[0]]
        section[0] += 1
        if t["status"] == "INCONCLUSIVE":
            undecided[t["id"]] += 1
            section[2] += 1
        elif t["status"] != "PASSED":
            failures[t["id"]] += 1
            section[1] += 1
print(f"summary: {runs} runs, {tests} tests graded, {sum(failures.values())} false failures, "
      f"{sum(undecided.values())} without a verdict (speedup checks under load), {secs} s")
print("  per section:  tests graded  false failures  without a verdict")
for name in sorted(per_section):
    g, f, u = per_section[name]
    print(f"  {name:<16} {g:>10} {f:>15} {u:>18}")
for k, v in failures.most_common():
    print(f"  {v:3d} x {k}")
for k, v in undecided.most_common():
    print(f"  {v:3d} x {k} (inconclusive)")
PY
