#!/usr/bin/env bash
# Runs the handbook CI template's jobs for real with gitlab-ci-local (shell executor, ladder on
# PATH) on a two-commit sample handbook repository, and checks the reports they leave: the merge
# request job's Code Quality report holds exactly the finding the second commit adds, its JUnit
# report and diff artifact are there, and the default-branch job reports every finding.
#
# Usage: tests/ci-template/run.sh [LADDER_BINARY]   (default: target/release/ladder)
# Needs: git, gitlab-ci-local 4.60.0 (npm i -g gitlab-ci-local@4.60.0), rsync.
set -euo pipefail
project="$(cd "$(dirname "$0")/../.." && pwd)"
binary="$(realpath "${1:-$project/target/release/ladder}")"
fail() { echo "ci-template: $*" >&2; exit 1; }
command -v gitlab-ci-local >/dev/null || fail "gitlab-ci-local is not installed (npm i -g gitlab-ci-local@4.60.0)"
[ -x "$binary" ] || fail "no ladder binary at $binary (cargo build --release)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
ln -s "$binary" "$work/bin/ladder"
export PATH="$work/bin:$PATH"
repo="$work/handbook"
mkdir -p "$repo"
cd "$repo"
export GIT_AUTHOR_NAME=Test GIT_AUTHOR_EMAIL=test@example.com GIT_COMMITTER_NAME=Test \
  GIT_COMMITTER_EMAIL=test@example.com GIT_AUTHOR_DATE=2024-05-10T12:00:00Z \
  GIT_COMMITTER_DATE=2024-05-10T12:00:00Z GIT_CONFIG_NOSYSTEM=1 HOME="$work"
git init -q -b main
git remote add origin https://gitlab.example.com/handbook/handbook.git

# Commit 1: the sample handbook with one finding already there (a Senior item copied to Staff),
# and a pipeline that includes the template as a handbook repository would.
cp -R "$project/fixtures/handbook/." .
mkdir -p ci
cp "$project/templates/ladder.gitlab-ci.yml" ci/ladder.gitlab-ci.yml
cat > .gitlab-ci.yml <<'YAML'
include:
  - local: ci/ladder.gitlab-ci.yml
YAML
echo "* Investigates complex incidents across services and fixes their root cause." \
  >> assets/includes/platform/staff-technical.md
git add -A
git commit -qm "Handbook with one accepted finding"
base="$(git rev-parse HEAD)"

# Commit 2: the merge request copies one more Senior item to Staff.
echo "* Leads team retrospectives and follows improvement ideas through." \
  >> assets/includes/platform/staff-leadership.md
git commit -qam "Copy a Senior leadership item to Staff"

echo "== merge request job"
status=0
gitlab-ci-local --force-shell-executor --no-color \
  --variable "CI_PIPELINE_SOURCE=merge_request_event" \
  --variable "CI_MERGE_REQUEST_DIFF_BASE_SHA=$base" \
  --job ladder-merge-request > "$work/mr.log" 2>&1 || status=$?
cat "$work/mr.log"
[ "$status" -ne 0 ] || fail "the merge request job passed, but the change adds a finding"
grep -q "ladder lint --new-since auto" "$work/mr.log" || fail "the job did not run ladder lint"

report() {  # the file the job left, in the working tree or among gitlab-ci-local's artifacts
  local found
  found="$(find "$repo" -name "$1" -not -path '*/node_modules/*' | head -n 1)"
  [ -n "$found" ] || fail "no $1 left by the job"
  echo "$found"
}
quality="$(report gl-code-quality-report.json)"
python3 - "$quality" <<'PY'
import json, sys
issues = json.load(open(sys.argv[1]))
print("Code Quality report:", json.dumps(issues, indent=2))
assert len(issues) == 1, f"expected exactly the added finding, got {len(issues)}"
issue = issues[0]
assert issue["check_name"] == "verbatim-copy", issue
assert issue["location"]["path"] == "assets/includes/platform/staff-leadership.md", issue
assert issue["categories"] == ["Duplication"], issue
PY
junit="$(report ladder-junit.xml)"
[ "$(grep -c '<failure ' "$junit")" -eq 1 ] || fail "the JUnit report should hold one failure"
diff_md="$(report ladder-diff.md)"
grep -q "Leads team retrospectives" "$diff_md" || fail "the diff artifact does not show the added item"
rm -f "$quality" "$junit" "$diff_md"

echo "== default-branch job"
gitlab-ci-local --force-shell-executor --no-color \
  --variable "CI_PIPELINE_SOURCE=push" --variable "CI_COMMIT_BRANCH=main" \
  --variable "CI_DEFAULT_BRANCH=main" \
  --job ladder-default-branch > "$work/main.log" 2>&1 || fail "default-branch job failed: $(cat "$work/main.log")"
cat "$work/main.log"
quality="$(report gl-code-quality-report.json)"
python3 - "$quality" <<'PY'
import json, sys
issues = json.load(open(sys.argv[1]))
copies = [issue for issue in issues if issue["check_name"] == "verbatim-copy"]
assert len(copies) == 2, f"the default branch reports both copies, got {len(copies)}"
PY
echo "ci-template: the template's jobs left the reports GitLab would read"
