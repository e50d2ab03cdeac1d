#!/usr/bin/env bash
# Batch throughput: N submissions graded (a) one after another with `./parakit grade`, (b) with
# `./parakit batch` on the local backend, in the same script run; prints submissions per minute and the
# ratio (target: batch >= 1.7x sequential on 2 cores).
#
# Usage: grader/bench/throughput.sh [--n N] [--jobs J] [--slurm] [-q QUESTION ...]
#   --slurm   also (c) batch --backend slurm on the local single-node Slurm (started with slurm/local/up.sh);
#             env SLURM_BENCH_OPTIONS replaces its default --oversubscribe (e.g. SLURM_BENCH_OPTIONS=" " for none)
#   --n N     submissions (default 12): copies of solutions/ and exercises/, alternating
#   --jobs J  batch concurrency (default: the batch's own default)
#   -q ID     grade only these questions (default: all)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
n=12
jobs=()
qs=()
slurm=0
while [ $# -gt 0 ]; do
  case $1 in
    --n) n=$2; shift 2 ;;
    --jobs) jobs=(--jobs "$2"); shift 2 ;;
    -q) qs+=(-q "$2"); shift 2 ;;
    --slurm) slurm=1; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "throughput.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
cd "$root"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
./parakit --version >/dev/null
mkdir -p "$work/class"
for i in $(seq -w 1 "$n"); do
  if [ $((10#$i % 2)) -eq 1 ]; then src=solutions; else src=exercises; fi
  mkdir -p "$work/class/student-$i"
  cp -r "$src/src" "$work/class/student-$i/"
done
now_ms() { date +%s%3N; }

t0=$(now_ms)
for d in "$work"/class/*/; do
  ./parakit grade "$d" --quiet --json "$work/seq-$(basename "$d").json" "${qs[@]}"
done
t1=$(now_ms)
seq_ms=$((t1 - t0))

t0=$(now_ms)
./parakit batch "$work/class" --out "$work/graded" --quiet "${jobs[@]}" "${qs[@]}"
t1=$(now_ms)
batch_ms=$((t1 - t0))

slurm_ms=0
if [ "$slurm" = 1 ]; then
  slurm/local/up.sh >/dev/null
  t0=$(now_ms)
  # Both CPUs per task, the node shared by three tasks (--oversubscribe; the local partition allows three per
  # core): the local backend's three gradings at once, as Slurm jobs. Speedup checks still get the node to
  # themselves (--exclusive), ten submissions a task.
  ./parakit batch "$work/class" --out "$work/graded-slurm" --quiet --backend slurm --cpus-per-task 2 --mem 2048 \
      ${SLURM_BENCH_OPTIONS:---oversubscribe} "${qs[@]}"
  t1=$(now_ms)
  slurm_ms=$((t1 - t0))
fi

python3 - "$n" "$seq_ms" "$batch_ms" "$(nproc)" "$work" "$slurm_ms" <<'PY'
import sys, json, glob, os
n, seq, batch, cores, work, slurm = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5], int(sys.argv[6])
# Same scores both ways: a batch that is faster by grading wrongly would not count.
differ = []
for f in sorted(glob.glob(os.path.join(work, "seq-*.json"))):
    student = os.path.basename(f)[4:-5]
    ra = json.load(open(f))
    rb = json.load(open(os.path.join(work, "graded", "results", student + ".json")))
    a, b = ra["score"], rb["score"]
    if a != b:
        # Name the tests behind the difference, with what the losing side said: a flaky test shows up here.
        tb = {t["id"]: t for t in rb["tests"]}
        why = [f'{t["id"]}: sequential {t["status"]}, batch {tb.get(t["id"], {}).get("status")} -- '
               f'{(t["message"] if t["status"] != "PASSED" else tb.get(t["id"], {}).get("message", ""))[:300]}'
               for t in ra["tests"] if t["status"] != tb.get(t["id"], {}).get("status")]
        differ.append(f"{student}: sequential {a}, batch {b}" + "".join("\n      " + w for w in why))
per_min = lambda ms: n / (ms / 60000)
print(f"throughput: {n} submissions on {cores} cores")
print(f"  sequential ./parakit grade   {seq/1000:7.1f} s   {per_min(seq):6.1f} submissions/min")
print(f"  ./parakit batch (local)      {batch/1000:7.1f} s   {per_min(batch):6.1f} submissions/min")
# Where the batch's time went: the parts that share the cores, then the speedup checks one at a time.
from datetime import datetime
def ends(folder, part):
    return [datetime.fromisoformat(json.load(open(f))["finishedAt"].replace("Z", "+00:00")).timestamp()
            for f in glob.glob(os.path.join(work, folder, "results", "parts", f"*.{part}.meta.json"))]
main_end, dedicated_end = ends("graded", "main"), ends("graded", "dedicated")
if main_end and dedicated_end:
    print(f"    of which speedup checks, one at a time after the rest: {max(dedicated_end) - max(main_end):5.1f} s"
          f" ({len(dedicated_end)} dedicated parts)")
print(f"  ratio batch / sequential     {seq/batch:7.2f}x  (target >= 1.7x)")
print(f"  submissions scored differently by batch and sequential grading: {len(differ)}")
for d in differ:
    print("    " + d)
if slurm:
    print(f"  ./parakit batch (slurm)      {slurm/1000:7.1f} s   {per_min(slurm):6.1f} submissions/min   ratio {seq/slurm:.2f}x")
    sd = [os.path.basename(f) for f in glob.glob(os.path.join(work, "graded", "results", "*.json")) if not f.endswith(".meta.json")
          and json.load(open(f))["score"] != json.load(open(os.path.join(work, "graded-slurm", "results", os.path.basename(f))))["score"]]
    print(f"  submissions scored differently by slurm and local batch: {len(sd)}")
PY
