#!/usr/bin/env bash
# Load benchmark: trail's full load (walk, read, parse, resolve, backlinks) against ripgrep's
# scan of the same folder for `[[`, in the same run, plus trail's peak memory.
#
#   benches/load.sh            # 10k and 100k-note vaults
#   benches/load.sh 2000       # any sizes
#
# Vaults are generated once into bench-vaults/ (git-ignored) by ../shared/tools/genvault.py.
# Needs: python3, ripgrep, GNU time (/usr/bin/time).
#
# "floor" is benches/floor.rs: walk, read and keep every note, find `[[` by byte search,
# resolve by file name, count backlinks, and nothing else. No loader that keeps the text can
# be faster; its ratio to ripgrep is how much of the 2x budget is gone before any markdown
# is understood.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
cargo build --release --quiet --bin trail --example floor
trail=target/release/trail
floor=target/release/examples/floor

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

# trail's own figures, median of 5 after one warm-up: the process's wall time and the load
# alone as it reports it (`load_ms`: walk, read, parse, resolve, backlinks). The difference
# is start-up, counting the stats, and the exit, where the kernel takes back the memory.
trail_ms() {
  "$trail" stats --vault "$1" >/dev/null
  for _ in 1 2 3 4 5; do
    local t0 t1 load
    t0=$(date +%s%N)
    load=$("$trail" stats --vault "$1" --json | sed -n 's/.*"load_ms": \([0-9]*\).*/\1/p')
    t1=$(date +%s%N)
    echo "$(((t1 - t0) / 1000000)) $load"
  done | sort -n | sed -n 3p
}

printf '%-8s %8s %9s %8s %7s %7s %8s %9s %8s %8s %8s %6s\n' notes "MB" "trail ms" "load ms" "rg ms" "ratio" "load/rg" "floor ms" "floor/rg" "peak MB" "x bytes" "x du"
for n in "${sizes[@]}"; do
  dir=bench-vaults/v$n
  [ -d "$dir" ] || python3 ../shared/tools/genvault.py "$dir" --notes "$n" --seed 1 >/dev/null
  read -r t_trail t_load < <(trail_ms "$dir")
  t_rg=$(median_ms rg -c '\[\[' "$dir")
  t_floor=$(median_ms "$floor" "$dir")
  peak_kb=$(/usr/bin/time -f %M "$trail" stats --vault "$dir" 2>&1 >/dev/null | tail -1)
  bytes=$(du -sb "$dir" | cut -f1)
  du_kb=$(du -sk "$dir" | cut -f1)
  python3 - "$n" "$bytes" "$t_trail" "$t_load" "$t_rg" "$t_floor" "$peak_kb" "$du_kb" <<'PY'
import sys
n, b, tt, tl, tr, tf, pk, du = map(int, sys.argv[1:])
r = max(tr, 1)
print(f"{n:<8} {b/1e6:8.1f} {tt:9} {tl:8} {tr:7} {tt/r:7.1f} {tl/r:7.1f} {tf:9} {tf/r:8.2f} {pk/1024:8.0f} {pk*1024/b:8.2f} {pk/du:6.2f}")
PY
done
