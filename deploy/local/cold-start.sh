#!/usr/bin/env bash
# A freshly started ingress (or processor) under load from the moment it reports ready (BENCHMARKS.md,
# "Cold start"): the load generator first warms itself against a sink of its own (so its JIT is not
# charged to the service), then waits for the service's readiness probe; meanwhile the service is
# restarted. Prints the service's warm-up line and SurgeLoad's figures per --window seconds: the
# ingress's latency and 2xx → state on payhook.payments. Needs the local stack (run.sh).
#   deploy/local/cold-start.sh [--service ingress|processor] [--runs 3] [--rate 1000] [--seconds 60]
#                              [--window 10] [--warmup-requests N]
# --warmup-requests sets the restarted service's warm-up size (payhook.warmup.requests of the ingress,
# payhook.processor.warmup.events of the processor; 0: no warm-up).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
service=ingress runs=3 rate=1000 seconds=60 window=10 requests=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --service) service="$2"; shift ;;
    --runs) runs="$2"; shift ;;
    --window) window="$2"; shift ;;
    --rate) rate="$2"; shift ;;
    --seconds) seconds="$2"; shift ;;
    --warmup-requests) requests="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
case "$service" in
  ingress) port=8080 warmup_variable=PAYHOOK_WARMUP_REQUESTS warmup_class=IngressWarmup ;;
  processor) port=8081 warmup_variable=PAYHOOK_PROCESSOR_WARMUP_EVENTS warmup_class=ProcessorWarmup ;;
  *) echo "--service is ingress or processor" >&2; exit 2 ;;
esac
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
for run in $(seq 1 "$runs"); do
  echo "== cold start of the $service, $run of $runs${requests:+ ($warmup_variable=$requests)}"
  "$ROOT/deploy/local/service.sh" stop "$service" > /dev/null
  "$ROOT/deploy/local/load.sh" --rate "$rate" --seconds "$seconds" --warmup 0 --windows "$window" \
    --generator-warmup 10 --await-ready true --ready-url "http://localhost:$port/actuator/health/readiness" \
    > "$out" 2>&1 &
  load=$!
  # The generator's own warm-up (10 s) is over before the service can be ready.
  until grep -q "waiting for" "$out"; do sleep 0.2; done
  log_lines=$(wc -l < "$ROOT/.payhook-local/logs/$service.log")
  ${requests:+env "$warmup_variable=$requests"} "$ROOT/deploy/local/service.sh" start "$service" > /dev/null
  status=0
  wait "$load" || status=$?
  tail -n +"$((log_lines + 1))" "$ROOT/.payhook-local/logs/$service.log" | grep -E "$warmup_class" \
    | sed "s/.*$warmup_class *: /$service /" || echo "$service: no warm-up"
  # What the load measured from the moment the service was ready (not the generator's own warm-up).
  sed -n '/the service is ready/,$p' "$out" | grep -vE "^$|latency during the warm-up"
  [[ $status -eq 0 ]] || { echo "cold-start: the load's audit failed (exit $status)" >&2; exit "$status"; }
done
