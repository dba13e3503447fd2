#!/usr/bin/env bash
# The ingress against its own HTTP stack, measured by a generator that can saturate both: Debian's
# wrk posts one webhook signed with the local secret (WrkScript) over keep-alive connections, to
# the no-op endpoint (same Tomcat, MVC, filters; verifies, maps and publishes nothing) and to the
# real one, alternating, --runs times each, after a warm-up of each. Prints wrk's figures per run,
# the CPU each process used during it (from /proc), and the webhooks' share of the no-op's rate; last,
# one `result key=value …` line of medians (what compare.sh --bench http puts side by side).
# Needs the local stack (deploy/local/run.sh).
#   deploy/local/bench-http.sh [--runs 3] [--seconds 12] [--connections 32] [--threads 1] [--warmup 10] [--source standard]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE="$ROOT/.payhook-local"
SIM="$ROOT/tools/simulator/target"
runs=3 seconds=12 connections=32 threads=1 warmup=10 source=standard
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift ;;
    --seconds) seconds="$2"; shift ;;
    --connections) connections="$2"; shift ;;
    --threads) threads="$2"; shift ;;
    --warmup) warmup="$2"; shift ;;
    --source) source="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
command -v wrk >/dev/null || { echo "bench-http: needs wrk (apt-get install wrk)" >&2; exit 1; }
[[ -d "$SIM/lib" ]] || (cd "$ROOT" && mvn -B -q -DskipTests package -pl tools/simulator -am)
curl -fs -o /dev/null http://localhost:8080/actuator/health/readiness \
  || { echo "bench-http: no ingress on :8080; start deploy/local/run.sh first" >&2; exit 1; }
script="$(mktemp --suffix=.lua)"
trap 'rm -f "$script"' EXIT

# CPU seconds (user+system) of each of the stack's processes, from /proc: "name seconds" lines.
ticks=$(getconf CLK_TCK)
cpu() {
  for pidfile in "$STATE"/pids/*.pid; do
    local pid; pid=$(cat "$pidfile")
    [[ -r /proc/$pid/stat ]] || continue
    awk -v n="$(basename "$pidfile" .pid)" -v t="$ticks" '{ printf "%s %.2f\n", n, ($14 + $15) / t }' "/proc/$pid/stat"
  done
}

# One wrk run; prints "rate p50 p99" (ms) on the last line, everything else before.
run() {
  local url="$1" length="$2"
  # Signed afresh for each run: a Standard Webhooks signature is accepted for five minutes.
  java -cp "$SIM/classes:$SIM/lib/*" dev.payhook.simulator.WrkScript "$script" "$source"
  local before after out
  before="$(cpu)"
  out="$( { /usr/bin/time -f "wrk %U %S" wrk -t"$threads" -c"$connections" -d"${length}s" --latency -s "$script" "$url"; } 2>&1 )"
  after="$(cpu)"
  echo "$out" | grep -E "Requests/sec|Non-2xx|Socket errors|  50%|  99%" | sed 's/^/    /'
  echo -n "    CPU s:"
  join <(echo "$before" | sort) <(echo "$after" | sort) | awk '{ printf " %s %.1f", $1, $3 - $2 }'
  echo "$out" | awk '/^wrk [0-9.]+ [0-9.]+$/ { printf " wrk %.1f", $2 + $3 }'
  echo
  local rate p99 requests ingress_cpu
  rate=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  p99=$(echo "$out" | awk '$1 == "99%" { v = $2; if (v ~ /us$/) v = v / 1000; else if (v ~ /ms$/) v = v + 0; else if (v ~ /s$/) v = v * 1000; print v }')
  requests=$(echo "$out" | awk '/requests in/ { print $1 }')
  ingress_cpu=$(join <(echo "$before" | sort) <(echo "$after" | sort) | awk '$1 == "ingress" { print $3 - $2 }')
  if echo "$out" | grep -q "Non-2xx"; then
    echo "RESULT non-2xx"
  else
    # requests/s, p99 in ms, and the ingress's CPU per request in µs
    echo "RESULT $rate $p99 $(awk -v c="$ingress_cpu" -v n="$requests" 'BEGIN { printf "%.1f", c * 1e6 / n }')"
  fi
}

# The figure of one measured run; stops the benchmark when a run had answers other than 2xx.
measured() {
  local out line
  # Shown as it is, through the same descriptor (tee /dev/stderr would reopen a log file and overwrite it).
  out="$(run "$1" "$seconds")"
  echo "$out" >&2
  line="$(echo "$out" | tail -1)"
  if [[ "$line" == "RESULT non-2xx" ]]; then
    echo "bench-http: $1 answered non-2xx; the figures would not be of accepted webhooks" >&2
    exit 1
  fi
  echo "${line#RESULT }"
}

noop="http://localhost:8080/benchmark/noop/$source"
real="http://localhost:8080/webhooks/$source"
echo "method: wrk -t$threads -c$connections -d${seconds}s, one pre-signed $source webhook; warm-up ${warmup}s each (not counted)"
echo "warm-up"
run "$noop" "$warmup" > /dev/null
run "$real" "$warmup" > /dev/null
figures="$(mktemp)"
trap 'rm -f "$script" "$figures"' EXIT
for i in $(seq 1 "$runs"); do
  echo "run $i: no-op $noop"
  noop_figures="$(measured "$noop")" || exit 1
  echo "run $i: webhooks $real"
  real_figures="$(measured "$real")" || exit 1
  echo "$noop_figures $real_figures" >>"$figures"
done 2>&1
echo "summary: requests/s, the webhooks' share of the no-op's rate, ingress CPU µs per request and its ratio"
awk '{ printf "  run %d: no-op %.0f/s %.1f µs  webhooks %.0f/s %.1f µs  share %.0f%%  CPU %.2f×\n", NR, $1, $3, $4, $6, 100 * $4 / $1, $6 / $3 }' "$figures"
awk '
  function median(col,   a, i, j, t) {
    for (i = 1; i <= NR; i++) a[i] = v[i, col]
    for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
  }
  { for (c = 1; c <= 6; c++) v[NR, c] = $c + 0; share[NR] = 100 * $4 / $1; ratio[NR] = $6 / $3 }
  END {
    for (i = 1; i <= NR; i++) { v[i, 7] = share[i]; v[i, 8] = ratio[i] }
    printf "result noop_rps=%.0f webhooks_rps=%.0f webhooks_share_pct=%.1f noop_ingress_cpu_us=%.1f webhooks_ingress_cpu_us=%.1f cpu_ratio=%.2f webhooks_p99_ms=%.2f\n",
      median(1), median(4), median(7), median(3), median(6), median(8), median(5)
  }' "$figures"
