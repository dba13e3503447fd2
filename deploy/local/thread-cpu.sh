#!/usr/bin/env bash
# Where one process of the running local stack has spent its CPU since it started, by thread: each
# thread's user + system time from /proc/<pid>/task/*/stat, threads of one kind added up (the numbers
# in their names dropped, so "C2 CompilerThread0" and "…1" are one line; Linux keeps a thread name's
# first 15 characters). It shows what a profiler sampling Java threads cannot: the JIT's compiler
# threads, GC, RocksDB's own threads.
#   deploy/local/thread-cpu.sh ingress|processor|reconciler|collector|kafka
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
name="${1:-}"
case "$name" in ingress|processor|reconciler|collector|kafka) ;; *) echo "usage: $0 ingress|processor|reconciler|collector|kafka" >&2; exit 2 ;; esac
pidfile="$ROOT/.payhook-local/pids/$name.pid"
pid="$(cat "$pidfile" 2>/dev/null || true)"
[[ -n "$pid" && -d "/proc/$pid" ]] || { echo "$name is not running (no live pid in $pidfile)" >&2; exit 1; }
ticks="$(getconf CLK_TCK)"
for task in /proc/"$pid"/task/*; do
  # The name (comm) may hold spaces; the fields after its closing parenthesis are fixed: utime is the
  # 12th, stime the 13th of them.
  comm="$(cat "$task/comm" 2>/dev/null)" || continue
  stat="$(cat "$task/stat" 2>/dev/null)" || continue
  read -r -a fields <<<"${stat##*) }"
  printf '%s\t%s\n' "$(sed -E 's/[-_ #]*[0-9]+$//; s/-[0-9]+(-|$)/-N\1/g' <<<"$comm")" "$(( fields[11] + fields[12] ))"
done | awk -F'\t' -v ticks="$ticks" -v name="$name" '
  { cpu[$1] += $2; total += $2 }
  END {
    printf "%s (pid '"$pid"'): %.1f core-s since it started\n", name, total / ticks
    for (t in cpu) printf "%8.1f  %5.1f%%  %s\n", cpu[t] / ticks, total ? 100 * cpu[t] / total : 0, t
  }' | { IFS= read -r header; echo "$header"; sort -k1,1nr | head -15; }
