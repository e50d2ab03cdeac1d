#!/usr/bin/env bash
# Turns the points the public tests wrote (target/parakit/, by parakit.PointsSummary) into what GitHub shows:
# the run's summary page, GitHub Classroom's two notices ("Points X/Y" and its JSON report), the step output
# "result" (the runner-result JSON, base64, for Classroom's own grading reporter), and the check's verdict.
# Usage: parakit-points.sh DIR    (env REQUIRED: "all" (default), a number of points, or "0")
# Also runs outside GitHub Actions (prints what it would send), so that the workflow can be tried locally.
set -uo pipefail
dir=${1:-target/parakit}
required=${REQUIRED:-all}
summary=${GITHUB_STEP_SUMMARY:-/dev/stdout}
output=${GITHUB_OUTPUT:-/dev/null}

if [ ! -f "$dir/points.properties" ]; then
  echo "::error title=parakit::no points were reported: the build stopped before the tests ran (a compile error? read the 'Public tests' step)"
  exit 1
fi
value() { grep -E "^$1=[0-9]+$" "$dir/points.properties" | head -1 | cut -d= -f2; }
earned=$(value earned)
max=$(value max)
if [ -z "$earned" ] || [ -z "$max" ]; then
  echo "::error title=parakit::$dir/points.properties is not what the tests write (earned=N, max=N); run mvn test again"
  exit 1
fi

cat "$dir/summary.md" >> "$summary" 2>/dev/null || true
echo "::notice title=Autograding complete::Points $earned/$max"
echo "::notice title=Autograding report::{\"totalPoints\":$earned,\"maxPoints\":$max}"
if [ -f "$dir/classroom.json" ]; then
  echo "result=$(base64 < "$dir/classroom.json" | tr -d '\n')" >> "$output"
fi

case "$required" in
  all) need=$max ;;
  ''|*[!0-9]*) echo "::error title=parakit::PARAKIT_REQUIRED_POINTS is '$required'; fix: set it to all, 0 or a number of points"; exit 1 ;;
  *) need=$required ;;
esac
if [ "$earned" -lt "$need" ]; then
  echo "::error title=parakit::$earned of $max public points; this check needs $need. The summary lists what failed, with hints."
  exit 1
fi
echo "parakit: $earned of $max public points (needed: $need)"
