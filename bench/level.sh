#!/usr/bin/env bash
# Times `ladder align` and `ladder lint` on one generated framework of two levels of N items each
# (ladder's YAML format): the higher level rewords every item of the lower one (words swapped,
# dropped and added, items shuffled), over a vocabulary of 5,000 made-up words drawn with
# Zipf's law as real text is, so that common words are shared by many items. Best of three, with
# the peak memory (`/usr/bin/time -v`), and how many higher items were linked to the item they
# reword. LADDER=/path/to/ladder times that binary instead of building this tree's.
# Usage: bench/level.sh [N...]   (default: 1000 3000 10000)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=common.sh
source "$here/bench/common.sh"
sizes=("$@")
(( ${#sizes[@]} )) || sizes=(1000 3000 10000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ladder=$(ladder_binary)

printf 'machine: %s cores, %s; %s\n' "$(nproc)" \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" "$(date -u +%Y-%m-%dT%H:%MZ)"
for n in "${sizes[@]}"; do
  dir="$work/n$n"
  mkdir -p "$dir"
  printf 'limits:\n  items-per-level: %d\n' $(( n + 1 )) > "$dir/ladder.yml"
  python3 - "$dir/level.ladder.yml" "$n" "$work/tags" <<'PY'
import random, sys
path, n, tags = sys.argv[1], int(sys.argv[2]), sys.argv[3]
random.seed(11)
syllables = ["ba", "ko", "ri", "len", "tor", "mi", "sa", "vel", "dun", "pe", "gra", "sho", "an", "ti", "ru"]
vocabulary = sorted({"".join(random.choice(syllables) for _ in range(random.randint(2, 4))) for _ in range(7000)})[:5000]
random.shuffle(vocabulary)
weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
verbs = ["Designs", "Reviews", "Plans", "Mentors", "Owns", "Improves", "Documents", "Leads", "Tests", "Ships"]
def words(k): return random.choices(vocabulary, weights, k=k)
lower = [[random.choice(verbs)] + words(random.randint(6, 12)) for _ in range(n)]
def reword(item):
    item = list(item)
    for _ in range(random.randint(1, 3)):
        kind = random.random()
        at = random.randrange(1, len(item))
        if kind < 0.4: item[at] = words(1)[0]
        elif kind < 0.7 and len(item) > 4: del item[at]
        else: item.insert(at, words(1)[0])
    return item
higher = [(index, reword(item)) for index, item in enumerate(lower)]
random.shuffle(higher)
lines = ["name: Generated", "id: generated", "levels:"]
tag = {}
for key, items in (("senior", list(enumerate(lower))), ("staff", higher)):
    lines += [f"  - key: {key}", "    sections:", "      - name: Technical", "        items:"]
    for index, item in items:
        lines.append(f"          - \"{' '.join(item)}.\"")
        tag[len(lines)] = index  # the line it is written on, and the lower item it comes from
with open(path, "w") as out: out.write("\n".join(lines) + "\n")
with open(tags, "w") as out: out.write(repr(tag))
PY
  read -r align_s align_kb _ < <(best "$ladder" align --color never "$dir/level.ladder.yml")
  read -r lint_s lint_kb _ < <(best "$ladder" lint --color never "$dir/level.ladder.yml")
  # A confident link is right when both items come from the same generated item (by line).
  right=$("$ladder" align --format json "$dir/level.ladder.yml" 2>/dev/null | python3 -c '
import ast, json, sys
tag = ast.literal_eval(open(sys.argv[1]).read())
right = total = 0
for framework in json.load(sys.stdin)["frameworks"]:
    for chain in framework["chains"]:
        for below, step in zip(chain, chain[1:]):
            if step["outcome"] == "confident":
                total += 1
                right += tag[step["line"]] == tag[below["line"]]
print(f"{total} confident links, {right} right")' "$work/tags" 2>/dev/null || echo "links not counted")
  echo "${n} items a level: align $(ms "$align_s") ms, peak $(( align_kb / 1024 )) MB; lint $(ms "$lint_s") ms, peak $(( lint_kb / 1024 )) MB; $right"
  rm -rf "$dir"
done
echo "(best of 3 each)"
