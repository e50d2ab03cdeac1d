#!/usr/bin/env bash
# Mutation score of the graded tests: mutates the reference solutions inside their solution regions (the
# kit's own mutator, grader/src/test/java/parakit/grader/mutation), grades the mutants in rounds, and prints
# per question: mutants made, stillborn (do not compile), equivalent (mutation/equivalent.properties), graded,
# killed, survived, not sampled, and the score killed / graded; then every survivor with its line before and
# after (known = listed in mutation/known-survivors.txt). Never fails on survivors: it runs MutationTest
# with -Dmutation.report=true.
#
# Usage: grader/bench/mutation.sh [--question SUBSTRING] [--rounds N] [--lanes N] [--list]
#   --question  only the questions whose id contains SUBSTRING (e.g. threading.Event)
#   --rounds    grade at most N rounds (default: MutationTest.DEFAULT_ROUNDS; more = fewer sampled out)
#   --lanes     grade N rounds at once (default: MutationTest.DEFAULT_LANES)
#   --list      only list the mutants (no compiling, no grading)
# Needs: Maven offline cache filled (it builds what it needs with -o).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
props=(-Dmutation.report=true)
while [ $# -gt 0 ]; do
  case $1 in
    --question) props+=("-Dmutation=$2"); shift 2 ;;
    --rounds) props+=("-Dmutation.rounds=$2"); shift 2 ;;
    --lanes) props+=("-Dmutation.lanes=$2"); shift 2 ;;
    --list) props+=(-Dmutation.list=true); shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "mutation.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
cd "$root"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! mvn -B -o -q -pl grader -am test -Dtest=MutationTest -Dsurefire.failIfNoSpecifiedTests=false \
    "${props[@]}" > "$log" 2>&1; then
  cat "$log"
  exit 1
fi
# Surefire prints the test's stdout; keep the table and lists, drop Maven's colour resets and round lines.
sed -e 's/\x1b\[[0-9;]*m//g' "$log" | grep -v -e '^round [0-9]*: ' -e '^$'
