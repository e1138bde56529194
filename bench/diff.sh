#!/usr/bin/env bash
# Times `ladder diff` beside `git diff --no-index --word-diff` over the same two generated trees,
# in one run, and prints the ratio. Usage: bench/diff.sh [FRAMEWORKS] [EDITS]
# (default 500 frameworks x 6 levels = 3000 pages, 300 edits).
set -euo pipefail
frameworks=${1:-500}
edits=${2:-300}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --manifest-path "$here/Cargo.toml"
ladder="$here/target/release/ladder"

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

time_of() { local start end; start=$(date +%s%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s%N); echo $(( (end - start) / 1000000 )); }
cd "$work"
# Warm the file cache once for both.
cat old/content/careers/*/*.md new/content/careers/*/*.md >/dev/null
best_ladder=999999; best_git=999999
for _ in 1 2 3; do
  l=$(time_of "$ladder" diff old new); (( l < best_ladder )) && best_ladder=$l
  g=$(time_of git diff --no-index --word-diff old new); (( g < best_git )) && best_git=$g
done
"$ladder" diff old new | tail -1
echo "ladder diff: ${best_ladder} ms; git diff --no-index --word-diff: ${best_git} ms (best of 3)"
awk -v l="$best_ladder" -v g="$best_git" 'BEGIN { printf "ratio ladder/git: %.2f\n", l / g }'
