#!/usr/bin/env bash
# Load benchmark: trail's full load (walk, read, parse, resolve, backlinks) against ripgrep's
# scan of the same folder for `[[`, in the same run, plus trail's peak memory.
#
#   benches/load.sh            # 10k and 100k-note vaults
#   benches/load.sh 2000       # any sizes
#
# Vaults are generated once into bench-vaults/ (git-ignored) by ../shared/tools/genvault.py.
# Needs: python3, ripgrep, GNU time (/usr/bin/time); hyperfine if present.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
cargo build --release --quiet
trail=target/release/trail

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

printf '%-8s %10s %10s %10s %7s %9s %9s %9s\n' notes "MB" "trail ms" "rg ms" ratio "peak MB" "x bytes" "x du"
for n in "${sizes[@]}"; do
  dir=bench-vaults/v$n
  [ -d "$dir" ] || python3 ../shared/tools/genvault.py "$dir" --notes "$n" --seed 1 >/dev/null
  t_trail=$(median_ms "$trail" stats --vault "$dir")
  t_rg=$(median_ms rg -c '\[\[' "$dir")
  peak_kb=$(/usr/bin/time -f %M "$trail" stats --vault "$dir" 2>&1 >/dev/null | tail -1)
  bytes=$(du -sb "$dir" | cut -f1)
  du_kb=$(du -sk "$dir" | cut -f1)
  python3 - "$n" "$bytes" "$t_trail" "$t_rg" "$peak_kb" "$du_kb" <<'PY'
import sys
n, b, tt, tr, pk, du = map(int, sys.argv[1:])
print(f"{n:<8} {b/1e6:10.1f} {tt:10} {tr:10} {tt/max(tr,1):7.1f} {pk/1024:9.0f} {pk*1024/b:9.2f} {pk/du:9.2f}")
PY
done
