#!/usr/bin/env bash
# A freshly started ingress under load from the moment it reports ready (BENCHMARKS.md, "Cold start"):
# the load generator first warms itself against a sink of its own (so its JIT is not charged to the
# ingress), then waits for the readiness probe; meanwhile the ingress is restarted. Prints the
# ingress's warm-up line and SurgeLoad's figures per 10 s window. Needs the local stack (run.sh).
#   deploy/local/cold-start.sh [--runs 3] [--rate 1000] [--seconds 60] [--warmup-requests N]
# --warmup-requests sets payhook.warmup.requests for the restarted ingress (0: no warm-up).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs=3 rate=1000 seconds=60 requests=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift ;;
    --rate) rate="$2"; shift ;;
    --seconds) seconds="$2"; shift ;;
    --warmup-requests) requests="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
for run in $(seq 1 "$runs"); do
  echo "== cold start $run of $runs${requests:+ (payhook.warmup.requests=$requests)}"
  "$ROOT/deploy/local/service.sh" stop ingress > /dev/null
  "$ROOT/deploy/local/load.sh" --rate "$rate" --seconds "$seconds" --warmup 0 --windows 10 \
    --generator-warmup 10 --await-ready true > "$out" 2>&1 &
  load=$!
  # The generator's own warm-up (10 s) is over before the ingress can be ready.
  until grep -q "waiting for" "$out"; do sleep 0.2; done
  log_lines=$(wc -l < "$ROOT/.payhook-local/logs/ingress.log")
  ${requests:+env PAYHOOK_WARMUP_REQUESTS="$requests"} "$ROOT/deploy/local/service.sh" start ingress > /dev/null
  status=0
  wait "$load" || status=$?
  tail -n +"$((log_lines + 1))" "$ROOT/.payhook-local/logs/ingress.log" | grep -E "IngressWarmup" \
    | sed 's/.*IngressWarmup *: /ingress /' || echo "ingress: no warm-up"
  # What the load measured from the moment the ingress was ready (not the generator's own warm-up).
  sed -n '/the ingress is ready/,$p' "$out" | grep -vE "^$|latency during the warm-up"
  [[ $status -eq 0 ]] || { echo "cold-start: the load's audit failed (exit $status)" >&2; exit "$status"; }
done
