#!/usr/bin/env bash
# Times `ladder lint` over the real GitLab handbook corpus: the median of N runs of a release build.
# Usage: bench/lint.sh [RUNS] [PATH]   (defaults: 15 runs, ../shared/corpus/gitlab-handbook)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
corpus=${2:-../shared/corpus/gitlab-handbook}
cargo build --release --quiet
times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  ./target/release/ladder lint --color never "$corpus" > /dev/null 2>&1 || true
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000 )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
median=${sorted[$(( runs / 2 ))]}
echo "ladder lint $corpus: median of $runs runs: $(( median / 1000 )).$(( median % 1000 / 100 )) ms (min $(( sorted[0] / 1000 )) ms, max $(( sorted[runs - 1] / 1000 )) ms)"
