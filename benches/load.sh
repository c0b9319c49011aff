#!/usr/bin/env bash
# Load benchmark: trail's full load (walk, read, parse, resolve, backlinks) beside ripgrep's
# scan of the same folder for `[[`, and trail's peak memory.
#
#   benches/load.sh                  # generated 10k and 100k vaults, then every corpus
#   benches/load.sh 2000 DIR ...     # a number is a generated vault of that size; else a folder
#   TRAIL=/path/to/trail benches/load.sh   # time another build (say, an older commit's)
#
# Generated vaults go to bench-vaults/ (git-ignored), made once by
# ../shared/tools/genvault.py. Needs: python3, ripgrep, GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
args=("$@")
if [ ${#args[@]} -eq 0 ]; then
  args=(10000 100000)
  for c in ../shared/corpora/*/; do args+=("${c%/}"); done
fi
if [ -z "${TRAIL:-}" ]; then
  cargo build --release --quiet --bin trail
  TRAIL=target/release/trail
fi

# Median wall time in ms of a command run 5 times after one warm-up.
median_ms() {
  local times=()
  "$@" >/dev/null 2>&1 || true
  for _ in 1 2 3 4 5; do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    times+=($(((t1 - t0) / 1000000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 3p
}

# The process's wall time and the load alone as trail reports it (`load_ms`), median of 5
# after one warm-up. The difference is start-up, the stats and the exit.
trail_ms() {
  "$TRAIL" stats --vault "$1" >/dev/null
  for _ in 1 2 3 4 5; do
    local t0 t1 load
    t0=$(date +%s%N)
    load=$("$TRAIL" stats --vault "$1" --json | sed -n 's/.*"load_ms": \([0-9]*\).*/\1/p')
    t1=$(date +%s%N)
    echo "$(((t1 - t0) / 1000000)) $load"
  done | sort -n | sed -n 3p
}

printf '%-16s %7s %7s %9s %8s %7s %7s %8s %8s\n' vault notes MB "trail ms" "load ms" "rg ms" "ratio" "peak MB" "x bytes"
for a in "${args[@]}"; do
  if [[ "$a" =~ ^[0-9]+$ ]]; then
    dir=bench-vaults/v$a
    [ -d "$dir" ] || python3 ../shared/tools/genvault.py "$dir" --notes "$a" --seed 1 >/dev/null
  else
    dir=$a
  fi
  notes=$(find "$dir" -name '*.md' | wc -l)
  read -r t_trail t_load < <(trail_ms "$dir")
  t_rg=$(median_ms rg -c '\[\[' "$dir")
  peak_kb=$(/usr/bin/time -f %M "$TRAIL" stats --vault "$dir" 2>&1 >/dev/null | tail -1)
  bytes=$(find "$dir" -name '*.md' -printf '%s\n' | awk '{s+=$1} END {print s+0}')
  python3 - "$(basename "$dir")" "$notes" "$bytes" "$t_trail" "$t_load" "$t_rg" "$peak_kb" <<'PY'
import sys
name = sys.argv[1]
n, b, tt, tl, tr, pk = map(int, sys.argv[2:])
r = max(tr, 1)
print(f"{name:<16} {n:7} {b/1e6:7.1f} {tt:9} {tl:8} {tr:7} {tt/r:7.1f} {pk/1024:8.0f} {pk*1024/max(b,1):8.2f}")
PY
done
