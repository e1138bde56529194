#!/usr/bin/env bash
# Times `ladder diff A..B` beside `git diff --word-diff A B` over the real history of the GitLab
# handbook corpus (../shared/corpus/gitlab-handbook-history.bundle: three commits, lint and path
# fixes then reworded values) copied N times: a repository whose three commits hold each
# revision N times over (folders copy-1 ... copy-N, each with its content/ and assets/), packed.
# The range is the whole history (HEAD~2..HEAD). Best of three each, with the peak memory.
# LADDER=/path/to/ladder times that binary instead of building this tree's.
# Usage: bench/range.sh [COPIES...]   (default: 1 10 150)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=common.sh
source "$here/bench/common.sh"
bundle=${BUNDLE:-$here/../shared/corpus/gitlab-handbook-history.bundle}
copies=("$@")
(( ${#copies[@]} )) || copies=(1 10 150)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ladder=$(ladder_binary)

git clone -q "$bundle" "$work/history" 2>/dev/null
revisions=($(git -C "$work/history" rev-list --reverse HEAD))
printf 'machine: %s cores, %s; %s\n' "$(nproc)" \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" "$(date -u +%Y-%m-%dT%H:%MZ)"
for n in "${copies[@]}"; do
  repo="$work/r$n"
  git init -q -b main "$repo"
  for revision in "${revisions[@]}"; do
    find "$repo" -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +
    for i in $(seq 1 "$n"); do
      mkdir -p "$repo/copy-$i"
      git -C "$work/history" archive "$revision" | tar -x -C "$repo/copy-$i"
    done
    git -C "$repo" add -A
    GIT_AUTHOR_DATE=2024-05-10T12:00:00Z GIT_COMMITTER_DATE=2024-05-10T12:00:00Z \
      git -C "$repo" -c user.name=bench -c user.email=bench@example.com commit -q \
      -m "$(git -C "$work/history" log -1 --format=%s "$revision")"
  done
  git -C "$repo" gc -q
  cd "$repo"
  read -r git_s git_kb _ < <(best git diff --word-diff HEAD~2 HEAD)
  read -r ladder_s ladder_kb _ < <(best "$ladder" diff HEAD~2..HEAD)
  summary=$("$ladder" diff HEAD~2..HEAD 2>/dev/null | tail -1)
  cd "$work"
  echo "${n}x: git diff --word-diff $(ms "$git_s") ms (peak $(( git_kb / 1024 )) MB); ladder diff $(ms "$ladder_s") ms (peak $(( ladder_kb / 1024 )) MB); ratio $(ratio "$ladder_s" "$git_s")"
  echo "    $summary"
  rm -rf "$repo"
done
echo "(best of 3 each)"
