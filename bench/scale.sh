#!/usr/bin/env bash
# How `ladder lint` grows with the size of a handbook, beside the time to merely read its pages:
# the GitLab handbook corpus copied 1, 10 and 150 times (each copy a folder with its own
# `content/` and `assets/`), each timed in one run, best of three, with the peak memory
# (`/usr/bin/time -v`). At 1x, markdownlint-cli2 (the linter the GitLab handbook runs) is timed on
# the corpus in the same run, from target/mdl (installed there with npm when missing).
# With DISTINCT=1 each copy's bullets get a word of their own, so that no two copies are the same
# text (ladder aligns identical level pairs once).
# LADDER=/path/to/ladder times that binary instead of building this tree's.
# Usage: bench/scale.sh [COPIES...]   (default: 1 10 150)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=common.sh
source "$here/bench/common.sh"
corpus=${CORPUS:-$here/../shared/corpus/gitlab-handbook}
copies=("$@")
(( ${#copies[@]} )) || copies=(1 10 150)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ladder=$(ladder_binary)
mdl="$here/target/mdl/node_modules/.bin/markdownlint-cli2"
if [[ ! -x $mdl ]] && command -v npm >/dev/null; then
  (mkdir -p "$here/target/mdl" && cd "$here/target/mdl" && npm install --silent --no-audit --no-fund markdownlint-cli2 >/dev/null 2>&1) || true
fi


printf 'machine: %s cores, %s; %s\n' "$(nproc)" \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" "$(date -u +%Y-%m-%dT%H:%MZ)"
for n in "${copies[@]}"; do
  dir="$work/x$n"
  for i in $(seq -w 1 "$n"); do
    mkdir -p "$dir/copy-$i"
    cp -r "$corpus/content" "$corpus/assets" "$dir/copy-$i/"
    if [[ ${DISTINCT:-0} == 1 ]]; then
      find "$dir/copy-$i" -name '*.md' -exec sed -i -E "s/^([[:space:]]*[-*] .*)$/\1 copy$i/" {} +
    fi
  done
  files=$(find "$dir" -type f | wc -l)
  cat_cmd=(sh -c "find '$dir' -type f -name '*.md' -exec cat {} + >/dev/null")
  read -r cat_s _ cat_cpu < <(best "${cat_cmd[@]}")
  read -r lint_s lint_kb lint_cpu < <(best "$ladder" lint --color never "$dir")
  findings=$("$ladder" lint --color never "$dir" 2>/dev/null | tail -1 || true)
  echo "${n}x: $files files; cat $(ms "$cat_s") ms (cpu $(ms "$cat_cpu") ms); ladder lint $(ms "$lint_s") ms (cpu $(ms "$lint_cpu") ms), peak $(( lint_kb / 1024 )) MB; lint/cat $(ratio "$lint_s" "$cat_s") (cpu $(ratio "$lint_cpu" "$cat_cpu"))"
  echo "    $findings"
  if [[ $n == 1 && -x $mdl ]]; then
    read -r mdl_s _ mdl_cpu < <(cd "$corpus" && best "$mdl" '**/*.md')
    read -r one_s _ one_cpu < <(cd "$corpus" && best "$ladder" lint --color never .)
    echo "    corpus: ladder lint $(ms "$one_s") ms (cpu $(ms "$one_cpu") ms); markdownlint-cli2 $(ms "$mdl_s") ms (cpu $(ms "$mdl_cpu") ms); ratio $(ratio "$one_s" "$mdl_s") (cpu $(ratio "$one_cpu" "$mdl_cpu"))"
  fi
  rm -rf "$dir"
done
echo "(best of 3 each)"
