#!/usr/bin/env bash
# Times `ladder notes` over a generated history beside `git log -p` over the same paths and
# commits (first parents), in one run: each command once per round, in turn (ROUNDS, 15 by
# default); prints the median and the best of each, and their ratios.
# Usage: bench/notes.sh [COMMITS] [FRAMEWORKS]  (default 1000 commits over 20 frameworks x 6
# levels; each commit rewords, adds, removes or re-marks one to three items, some in a shared
# include, some only cosmetic). `LADDER=/path/to/ladder` times that binary (no build);
# `LADDER_BEFORE=/path/to/ladder` also times an older binary in the same run, and checks that both
# write the same notes.
set -euo pipefail
commits=${1:-1000}
frameworks=${2:-20}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[[ -n ${LADDER:-} ]] || cargo build --release --quiet --manifest-path "$here/Cargo.toml"
ladder=${LADDER:-$here/target/release/ladder}
repo="$work/repo"
git init -q -b main "$repo"

# One fast-import stream: the first commit holds every file, each later commit 1-3 edited files.
python3 - "$commits" "$frameworks" <<'PY' | git -C "$repo" fast-import --quiet
import random, sys
commits, frameworks = int(sys.argv[1]), int(sys.argv[2])
random.seed(11)
levels = ["intern", "associate", "intermediate", "senior", "staff", "principal"]
verbs = ["Designs", "Reviews", "Plans", "Mentors", "Owns", "Improves", "Documents", "Leads", "Tests", "Ships"]
things = ["services", "pipelines", "on-call rotations", "release notes", "design documents",
          "incident reviews", "team rituals", "roadmaps", "APIs", "dashboards"]
scopes = ["for the team", "across the group", "with stakeholders", "for the department", "early and often"]
def item(): return f"- {random.choice(verbs)} {random.choice(things)} {random.choice(scopes)} ({random.randint(1, 999)})"
files = {"assets/includes/shared/values.md": "##### Values\n\n" + "\n".join(item() for _ in range(6)) + "\n"}
for f in range(frameworks):
    name = f"framework-{f:03d}"
    files[f"content/careers/{name}/_index.md"] = f"---\ntitle: \"Framework {f}\"\n---\n"
    for level in levels:
        files[f"assets/includes/{name}/{level}-technical.md"] = "##### Engineering\n\n" + "\n".join(item() for _ in range(8)) + "\n"
        files[f"content/careers/{name}/{level}.md"] = (
            f"---\ntitle: \"{level.title()}\"\n---\n\n## {level.title()} Engineer\n\n### Leadership\n\n"
            + "\n".join(item() for _ in range(6))
            + f"\n\n### Technical\n\n{{{{% include \"includes/{name}/{level}-technical.md\" %}}}}\n\n"
            + "### Values Alignment\n\n{{% include \"includes/shared/values.md\" %}}\n")
out = sys.stdout.buffer
def emit(number, message, paths):
    out.write(b"commit refs/heads/main\n")
    stamp = 1715342400 + number * 3600
    out.write(f"author Bench <bench@example.com> {stamp} +0000\ncommitter Bench <bench@example.com> {stamp} +0000\n".encode())
    data = message.encode()
    out.write(f"data {len(data)}\n".encode() + data + b"\n")
    for path in paths:
        data = files[path].encode()
        out.write(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
emit(0, "Career frameworks", sorted(files))
editable = sorted(path for path in files if not path.endswith("_index.md"))
for number in range(1, commits):
    touched = set()
    for _ in range(random.randint(1, 3)):
        path = random.choice(editable)
        lines = files[path].split("\n")
        bullets = [i for i, line in enumerate(lines) if line.startswith(("- ", "* "))]
        if not bullets: continue
        at = random.choice(bullets)
        kind = random.choice(["reword", "add", "remove", "cosmetic"])
        if kind == "reword": lines[at] = lines[at] + " well"
        elif kind == "add": lines.insert(at, item())
        elif kind == "remove" and len(bullets) > 2: del lines[at]
        else: lines[at] = ("* " if lines[at].startswith("- ") else "- ") + lines[at][2:]
        files[path] = "\n".join(lines)
        touched.add(path)
    emit(number, f"Edit {number} (!{number})", sorted(touched))
PY
git -C "$repo" reset -q --hard main
git -C "$repo" gc -q  # packed, as a clone is

time_of() { local start end; start=$(date +%s%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s%N); echo $(( (end - start) / 1000000 )); }
# Each command once per round, in turn, so that a busy moment of the machine falls on all of them.
declare -A times
record() { local name=$1; shift; times[$name]+="$(time_of "$@") "; }
median() { tr ' ' '\n' <<<"${times[$1]}" | grep . | sort -n | awk '{ t[NR] = $1 } END { print (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'; }
best() { tr ' ' '\n' <<<"${times[$1]}" | grep . | sort -n | head -1; }
rounds=${ROUNDS:-15}
cd "$repo"
for _ in $(seq "$rounds"); do
  record ladder "$ladder" notes content
  [[ -z ${LADDER_BEFORE:-} ]] || record before "$LADDER_BEFORE" notes content
  record git git log -p --first-parent -- content ':(glob)**/assets/**' ':(glob)**/ladder.yml'
done
"$ladder" notes content | grep -E '^(Up to|- Cosmetic only)' | cut -c1-120
echo "commits: $(git rev-list --count HEAD)"
ratio() { awk -v l="$1" -v g="$2" 'BEGIN { printf "%.2f", l / g }'; }
summary() {
  local m b
  m=$(median "$1"); b=$(best "$1")
  echo "median $m ms, best $b ms; ratio to git log -p $(ratio "$m" "$(median git)") at the median, $(ratio "$b" "$(best git)") at the best"
}
echo "in turn, $rounds rounds: git log -p median $(median git) ms, best $(best git) ms"
echo "ladder notes: $(summary ladder)"
if [[ -n ${LADDER_BEFORE:-} ]]; then
  echo "before: $(summary before)"
  for format in markdown json; do
    cmp -s <("$ladder" notes --format "$format" content) <("$LADDER_BEFORE" notes --format "$format" content) \
      && echo "$format notes: the same from both binaries" || echo "$format notes: DIFFER"
  done
fi
echo "CPU (user+sys, ladder and the git processes it waits for; its cat-file ends with it, uncounted): $( { /usr/bin/time -f '%U+%S s' "$ladder" notes content >/dev/null; } 2>&1 )"
