#!/usr/bin/env bash
# Runs a command and prints how much CPU each process of the local stack used while it ran, and the
# command itself: on one machine, where the cores went is the first question of any benchmark.
#   deploy/local/cpu.sh deploy/local/load.sh --rate 1000 --seconds 20
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PIDS="$ROOT/.payhook-local/pids"
TICKS="$(getconf CLK_TCK)"

# utime + stime of a process and its waited-for children, in clock ticks.
ticks() { awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat" 2>/dev/null || echo 0; }

declare -A before
for pidfile in "$PIDS"/*.pid; do
  [[ -e "$pidfile" ]] && before[$(basename "$pidfile" .pid)]="$(ticks "$(cat "$pidfile")")"
done
self_before="$(awk '{print $16 + $17}' /proc/$$/stat)"
start="$(date +%s.%N)"
status=0
"$@" || status=$?
wall="$(echo "$(date +%s.%N) - $start" | bc)"
self_after="$(awk '{print $16 + $17}' /proc/$$/stat)"

printf '\nCPU used during the command (%.1f s wall, %d cores = %.1f core-seconds available):\n' "$wall" "$(nproc)" "$(echo "$wall * $(nproc)" | bc)"
for name in "${!before[@]}"; do
  after="$(ticks "$(cat "$PIDS/$name.pid")")"
  printf '  %-12s %7.1f core-s\n' "$name" "$(echo "($after - ${before[$name]}) / $TICKS" | bc -l)"
done | sort
printf '  %-12s %7.1f core-s\n' "the command" "$(echo "($self_after - $self_before) / $TICKS" | bc -l)"
exit "$status"
