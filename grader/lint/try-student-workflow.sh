#!/usr/bin/env bash
# Runs the students' workflow's steps (exercises/.github/workflows/parakit.yml) locally, on a fresh export, so that a
# broken step shows here and not on the first student's push: export, git init, the "Public tests" step, then the
# "Points" step. Usage: grader/lint/try-student-workflow.sh [--sections a,b] [--solved]
#   --solved  copy the reference solutions in first (the check must then pass)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
sections=() solved=0
while [ $# -gt 0 ]; do
  case "$1" in
    --sections) sections=(--sections "$2"); shift 2 ;;
    --solved) solved=1; shift ;;
    *) echo "usage: $0 [--sections a,b] [--solved]" >&2; exit 2 ;;
  esac
done
work=$(mktemp -d /tmp/parakit-student.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$here/parakit" export "$work/repo" --root "$here" "${sections[@]}"
cd "$work/repo"
git init -q && git add -A && git -c user.name=student -c user.email=s@example.org commit -qm "practical"
if [ "$solved" = 1 ]; then
  for d in src/main/java/parakit/*/; do cp -r "$here/solutions/$d." "$d"; done
fi
echo "== step: Public tests"
mvn -B -q test -Dmaven.test.failure.ignore=true
echo "== step: Points"
summary="$work/summary.md" output="$work/output"
set +e
GITHUB_STEP_SUMMARY="$summary" GITHUB_OUTPUT="$output" REQUIRED="${PARAKIT_REQUIRED_POINTS:-}" .github/parakit-points.sh target/parakit
code=$?
set -e
echo "== the run's summary page would show:"; cat "$summary"
echo "== step outputs:"; cut -c1-80 "$output"
echo "== the check would be: $([ $code = 0 ] && echo green || echo red)"
