#!/usr/bin/env bash
# Stable verdicts: grades solutions/ and one wrong solution per question once on a quiet machine, then N times
# beside two CPU hogs, and prints per question how often the score differed from the quiet run (target 0).
#
# Usage: grader/bench/stability.sh [--runs N] [--question SUBSTRING]   (default 10 runs, every question)
# Runs grader/src/test/java/parakit/grader/StabilityBench.java through Maven (offline).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
runs=10
only=""
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --question) only=$2; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "stability.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
cd "$root"
mvn -o -q -B -pl grader -am test -Dtest=StabilityBench -Dsurefire.failIfNoSpecifiedTests=false \
    -Dstability.runs="$runs" -Dstability.question="$only" -Djacoco.skip=true 2>&1 | sed -n '/^stability:/,/total:/p'
