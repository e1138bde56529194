# What the bench scripts share: timing one run, best of three, and figures in milliseconds.
# Sourced once the script sets `here` (the repository); `measure` writes into `$work`.

# Seconds (to the millisecond), peak kilobytes and CPU seconds (user + system, GNU time) of one
# run: on a shared machine the CPU time is the steadier figure.
measure() {
  local start end
  start=$(date +%s%N)
  /usr/bin/time -f '%M %U %S' -o "$work/time" "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  echo "$(awk -v d=$(( end - start )) 'BEGIN { printf "%.3f", d / 1e9 }') $(tail -1 "$work/time" | awk '{ printf "%d %.2f", $1, $2 + $3 }')"
}
# Best of three: "seconds peak_kB cpu_seconds" with the least seconds.
best() { for _ in 1 2 3; do measure "$@"; done | sort -n | head -1; }
ms() { awk -v s="$1" 'BEGIN { printf "%d", s * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }'; }
# The ladder binary to time: $LADDER, or this tree's release build, built first.
ladder_binary() {
  [[ -n ${LADDER:-} ]] || cargo build --release --quiet --manifest-path "$here/Cargo.toml"
  realpath "${LADDER:-$here/target/release/ladder}"
}
