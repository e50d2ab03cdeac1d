#!/usr/bin/env bash
# Grading latency of solutions/: where the grader's wall time goes, beside the same public and hidden
# tests run by Maven (`mvn -o test`), in one script run.
#
# Usage: grader/bench/latency.sh [--runs N]     (default 3; the median of each figure is printed)
# Prints one table: compile, policy, run (test JVMs), startup+catalog+report (the rest of the grader's
# wall time), the sum of the tests' own durations, the grader's wall time, Maven's wall time, and the
# ratio grader/Maven (target: at most 0.7).
# Needs: the build done once (`mvn -B verify` or `./parakit --version`), Maven offline cache filled.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
runs=3
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "latency.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
cd "$root"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

./parakit --version >/dev/null   # builds the jar if stale, outside the measurement
now_ms() { date +%s%3N; }

for i in $(seq "$runs"); do
  t0=$(now_ms)
  ./parakit grade solutions --quiet --json "$out/grade-$i.json"
  t1=$(now_ms)
  echo $((t1 - t0)) > "$out/grade-wall-$i"

  # The same tests under Maven: public tests in the solutions module, hidden tests (profile `hidden`)
  # in the grader module, both against the reference solutions. Already compiled: Maven only checks.
  # JoinAllHiddenTest is left out here: Surefire keeps a non-daemon thread of its own alive, which
  # joinAllOthers rightly waits for until its deadline, so those tests fail under Maven (the grader's
  # harness has no such thread). That favours Maven by the JoinAll tests' ~1 s.
  t0=$(now_ms)
  mvn -o -q -B -Phidden -pl solutions,grader test -Dtest='parakit.threading.*Test,!JoinAllHiddenTest' \
      -Dsurefire.failIfNoSpecifiedTests=false > "$out/mvn-$i.log" 2>&1 || { cat "$out/mvn-$i.log"; exit 1; }
  t1=$(now_ms)
  echo $((t1 - t0)) > "$out/mvn-wall-$i"
done

python3 - "$out" "$runs" <<'PY'
import json, statistics, sys, os
out, runs = sys.argv[1], int(sys.argv[2])
rows = []
for i in range(1, runs + 1):
    r = json.load(open(os.path.join(out, f"grade-{i}.json")))
    t = r["timings"]
    wall = int(open(os.path.join(out, f"grade-wall-{i}")).read())
    mvn = int(open(os.path.join(out, f"mvn-wall-{i}")).read())
    assert r["score"] == r["maxScore"], f"solutions scored {r['score']}/{r['maxScore']}"
    rows.append(dict(compile=t["compileMillis"], policy=t["policyMillis"], run=t["runMillis"],
                     rest=wall - t["totalMillis"], tests=t["testsMillis"], jvms=t["testJvms"],
                     grader=wall, maven=mvn, n=len(r["tests"])))
med = {k: statistics.median(row[k] for row in rows) for k in rows[0]}
s = lambda ms: f"{ms / 1000:6.1f} s"
print(f"grading latency of solutions/ ({med['n']:.0f} tests, median of {runs} runs)")
print(f"  compile                     {s(med['compile'])}")
print(f"  policy                      {s(med['policy'])}")
print(f"  run ({med['jvms']:.0f} test JVMs)            {s(med['run'])}")
print(f"  startup + catalog + report  {s(med['rest'])}")
print(f"  = grader wall time          {s(med['grader'])}")
print(f"  tests' own durations (sum)  {s(med['tests'])}")
print(f"  mvn -o test, same tests     {s(med['maven'])}")
print(f"  ratio grader / maven        {med['grader'] / med['maven']:6.2f}   (target <= 0.70)")
PY
