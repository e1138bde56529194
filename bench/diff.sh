#!/usr/bin/env bash
# Times `ladder diff` beside `git diff --word-diff` over the same two generated trees, in one run,
# and prints the ratios: two folders (against `git diff --no-index --word-diff`), and the same
# trees as two commits of a repository (`ladder diff HEAD~1..HEAD` against
# `git diff --word-diff HEAD~1 HEAD`).
# Usage: bench/diff.sh [FRAMEWORKS] [EDITS]  (default 500 frameworks x 6 levels = 3000 pages,
# 300 edits). With LADDER_BEFORE=/path/to/an/older/ladder, that binary is timed in the same run.
set -euo pipefail
frameworks=${1:-500}
edits=${2:-300}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --manifest-path "$here/Cargo.toml"
ladder="$here/target/release/ladder"
before=${LADDER_BEFORE:-}

python3 - "$work" "$frameworks" "$edits" <<'PY'
import os, random, sys
work, frameworks, edits = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(7)
levels = ["intern", "associate", "intermediate", "senior", "staff", "principal"]
verbs = ["Designs", "Reviews", "Plans", "Mentors", "Owns", "Improves", "Documents", "Leads", "Tests", "Ships"]
things = ["services", "pipelines", "on-call rotations", "release notes", "design documents",
          "incident reviews", "team rituals", "roadmaps", "APIs", "dashboards"]
scopes = ["for the team", "across the group", "with stakeholders", "for the department", "early and often"]
def item(): return f"- {random.choice(verbs)} {random.choice(things)} {random.choice(scopes)} ({random.randint(1, 999)})"
files = {}
for f in range(frameworks):
    name = f"framework-{f:04d}"
    files[f"assets/includes/{name}/values.md"] = "##### Values\n\n" + "\n".join(item() for _ in range(6)) + "\n"
    for level in levels:
        files[f"assets/includes/{name}/{level}-technical.md"] = "##### Engineering\n\n" + "\n".join(item() for _ in range(8)) + "\n"
        files[f"content/careers/{name}/{level}.md"] = (
            f"---\ntitle: \"{level.title()}\"\n---\n\n## {level.title()} Engineer\n\n### Leadership\n\n"
            + "\n".join(item() for _ in range(6))
            + f"\n\n### Technical\n\n{{{{% include \"includes/{name}/{level}-technical.md\" %}}}}\n\n"
            + f"### Values Alignment\n\n{{{{% include \"includes/{name}/values.md\" %}}}}\n")
def write(root, table):
    for path, text in table.items():
        full = os.path.join(work, root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as out: out.write(text)
write("old", files)
paths = sorted(files)
for _ in range(edits):
    path = random.choice(paths)
    lines = files[path].split("\n")
    bullets = [i for i, line in enumerate(lines) if line.startswith("- ")]
    if not bullets: continue
    at = random.choice(bullets)
    kind = random.choice(["reword", "add", "remove", "cosmetic"])
    if kind == "reword": lines[at] = lines[at].replace(" for ", " together with ", 1) + " well"
    elif kind == "add": lines.insert(at, item())
    elif kind == "remove": del lines[at]
    else: lines[at] = "* " + lines[at][2:] + "  "
    files[path] = "\n".join(lines)
write("new", files)
print(f"{len([p for p in files if p.startswith('content/')])} pages, {len(files)} files, {edits} edits", file=sys.stderr)
PY

# The same two trees as two commits.
repo="$work/repo"
git init -q -b main "$repo"
commit() {
  git -C "$repo" add -A
  GIT_AUTHOR_DATE=2024-05-10T12:00:00Z GIT_COMMITTER_DATE=2024-05-10T12:00:00Z \
    git -C "$repo" -c user.name=bench -c user.email=bench@example.com commit -q -m "$1"
}
cp -r "$work/old/." "$repo/" && commit old
find "$repo" -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +
cp -r "$work/new/." "$repo/" && commit new
git -C "$repo" gc -q  # packed, as a clone is

time_of() { local start end; start=$(date +%s%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s%N); echo $(( (end - start) / 1000000 )); }
best() { local name=$1; shift; local t; t=$(time_of "$@"); (( t < ${times[$name]:-999999} )) && times[$name]=$t; return 0; }
declare -A times
cd "$work"
# Warm the file cache once for all.
cat old/*/*/*/*.md new/*/*/*/*.md >/dev/null
for _ in 1 2 3; do
  best ladder "$ladder" diff old new
  best git git diff --no-index --word-diff old new
  [[ -n $before ]] && best before "$before" diff old new
  cd "$repo"
  best ladder_range "$ladder" diff HEAD~1..HEAD
  best git_range git diff --word-diff HEAD~1 HEAD
  [[ -n $before ]] && best before_range "$before" diff HEAD~1..HEAD
  cd "$work"
done
"$ladder" diff old new | tail -1
ratio() { awk -v l="$1" -v g="$2" 'BEGIN { printf "%.2f", l / g }'; }
echo "folders: ladder diff ${times[ladder]} ms; git diff --no-index --word-diff ${times[git]} ms; ratio $(ratio "${times[ladder]}" "${times[git]}")"
echo "range:   ladder diff ${times[ladder_range]} ms; git diff --word-diff ${times[git_range]} ms; ratio $(ratio "${times[ladder_range]}" "${times[git_range]}")"
if [[ -n $before ]]; then
  echo "before:  folders ${times[before]} ms (ratio $(ratio "${times[before]}" "${times[git]}")); range ${times[before_range]} ms (ratio $(ratio "${times[before_range]}" "${times[git_range]}"))"
fi
echo "(best of 3 each)"
