#!/usr/bin/env bash
# payhook's local stack: a real single-node Kafka broker (KRaft) and every payhook service, on the
# ports of docs/DESIGN.md, with the local dev secrets. Ctrl-C stops everything and leaves nothing behind.
#
#   deploy/local/run.sh            build, then run (broker data is kept between runs)
#   deploy/local/run.sh --fresh    wipe the broker's data first: an empty Kafka
#   deploy/local/run.sh --no-build run the jars already built
#   deploy/local/run.sh --demo     once ready, play the demo: providers' webhooks (duplicates, retries,
#                                  out of order), a settlement report with planted discrepancies, and
#                                  what payhook made of them (deploy/local/scenario.sh)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE="$ROOT/.payhook-local"
KAFKA_LIBS="$ROOT/deploy/local/broker/target/kafka/libs"
BOOTSTRAP="localhost:9092"
# name:port — a service is started when its module has been built.
SERVICES=(ingress:8080 processor:8081 reconciler:8082 collector:8084)

build=1 fresh=0 demo=0
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    --fresh) fresh=1 ;;
    --demo) demo=1 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg (try --help)" >&2; exit 2 ;;
  esac
done

source "$ROOT/deploy/local/service-command.sh"
say() { printf '\033[1m[payhook]\033[0m %s\n' "$*"; }

mkdir -p "$STATE/pids" "$STATE/logs" "$STATE/stopped"
rm -f "$STATE"/stopped/*

# Leftovers of a run that was killed without its cleanup (kill -9, a closed terminal): stop them.
for pidfile in "$STATE"/pids/*.pid; do
  [[ -e "$pidfile" ]] || continue
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null && grep -qa "payhook\|kafka.Kafka" "/proc/$pid/cmdline" 2>/dev/null; then
    say "stopping leftover $(basename "$pidfile" .pid) (pid $pid) from an earlier run"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
done

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in 9092 9093 8080 8081 8082 8083 8084 8099; do
  if port_busy "$port"; then
    echo "port $port is already in use by another program; stop it and run again" >&2
    exit 1
  fi
done

if [[ $build -eq 1 ]]; then
  say "building (mvn package, tests skipped; the first build downloads dependencies)"
  (cd "$ROOT" && mvn -B -q -DskipTests package)
fi
[[ -d "$KAFKA_LIBS" ]] || { echo "no Kafka jars in $KAFKA_LIBS: run without --no-build" >&2; exit 1; }

pids=() names=()
cleanup() {
  trap - INT TERM EXIT
  say "stopping…"
  # Services first, so they can finish in-flight requests and commit while the broker is still up.
  for ((i=${#pids[@]}-1; i>=0; i--)); do kill "${pids[i]}" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  # Services restarted by deploy/local/service.sh are not our children: stop them too, and wait for
  # them, so the ports are free when this script has ended.
  local others=()
  for pidfile in "$STATE"/pids/*.pid; do
    [[ -e "$pidfile" ]] && others+=("$(cat "$pidfile")")
  done
  for pid in "${others[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${others[@]}"; do
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -f "$STATE"/pids/*.pid "$STATE"/stopped/*
  say "stopped"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts a process whose output goes to the terminal with a [name] prefix and to logs/name.log.
start() {
  local name="$1"; shift
  "$@" > >(sed -u "s/^/[$name] /" | tee -a "$STATE/logs/$name.log") 2>&1 &
  local pid=$!
  pids+=("$pid") names+=("$name")
  echo "$pid" > "$STATE/pids/$name.pid"
}

wait_for() {
  local what="$1" check="$2" seconds="$3"
  for _ in $(seq 1 $((seconds * 2))); do
    if eval "$check"; then return 0; fi
    for pid in "${pids[@]}"; do
      kill -0 "$pid" 2>/dev/null || { echo "$what exited while starting; see $STATE/logs" >&2; exit 1; }
    done
    sleep 0.5
  done
  echo "$what not ready after ${seconds}s; see $STATE/logs" >&2
  exit 1
}

# --- Kafka, started as Kafka's own scripts start it: kafka.Kafka with a server.properties ---
DATA="$STATE/kafka/data"
# Kafka Streams' local state belongs with the broker's data: a fresh broker means fresh state.
[[ $fresh -eq 1 ]] && rm -rf "$STATE/kafka" "$STATE/streams"
mkdir -p "$DATA"
sed "s#@DATA_DIR@#$DATA#" "$ROOT/deploy/local/kafka/server.properties" > "$STATE/kafka/server.properties"
KAFKA_JAVA=(java -Xms256m -Xmx768m -Dlog4j2.configurationFile="$ROOT/deploy/local/kafka/log4j2.yaml" -cp "$KAFKA_LIBS/*")
if [[ ! -f "$DATA/meta.properties" ]]; then
  cluster_id="$("${KAFKA_JAVA[@]}" kafka.tools.StorageTool random-uuid)"
  say "formatting a new KRaft log in $DATA (cluster $cluster_id)"
  "${KAFKA_JAVA[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$STATE/kafka/server.properties" >/dev/null
fi
say "starting Kafka on $BOOTSTRAP"
# shellcheck disable=SC2046 # the command is split into words on purpose
start kafka $(kafka_command)
wait_for "Kafka" "port_busy 9092" 90

# --- the providers' APIs, as the collector's recovery job polls them ---
# shellcheck disable=SC2046 # the command is split into words on purpose
start provider-api $(provider_api_command)

# --- payhook services ---
started=()
for entry in "${SERVICES[@]}"; do
  name="${entry%%:*}" port="${entry##*:}"
  command="$(service_command "$name" "$port")" || continue
  say "starting $name on :$port"
  # shellcheck disable=SC2086 # the command is split into words on purpose
  start "$name" $command
  started+=("$name:$port")
done
for entry in "${started[@]}"; do
  name="${entry%%:*}" port="${entry##*:}"
  [[ "$name" == ingress ]] && say "the ingress warms up before it reports ready: under a minute (docs/DESIGN.md, Warm-up)"
  wait_for "$name" "curl -fs -o /dev/null http://localhost:$port/actuator/health/readiness" 120
done

say "ready ───────────────────────────────────────────────"
say "  console           http://localhost:8082/console   (overview, discrepancies, payments; operator token below)"
say "  Kafka bootstrap   $BOOTSTRAP   (data: $DATA)"
for entry in "${started[@]}"; do
  name="${entry%%:*}" port="${entry##*:}"
  say "  $(printf '%-17s' "$name") http://localhost:$port   (health: /actuator/health, metrics: /actuator/prometheus)"
done
say "  webhooks          POST http://localhost:8080/webhooks/{stripe|standard|adyen|razorpay|generic}"
say "  settlements       POST http://localhost:8080/settlements/{adyen|stripe|razorpay|generic}   (CSV body, operator token; ?timezone= for local-time Stripe reports)"
say "  operator token    Authorization: Bearer payhook_local_operator_token   (operator 'local', dev only)"
say "  send one          deploy/local/send-webhook.sh stripe   ·   read a topic: deploy/local/topic.sh payhook.webhooks"
say "  reconcile         deploy/local/scenario.sh adyen   (planted discrepancies, then what payhook found)"
say "  provider APIs     http://127.0.0.1:8099   (Stripe /v1/events, Razorpay /v1/payments: the collector polls them every 15 s)"
say "  logs              $STATE/logs   ·   Ctrl-C stops everything"

if [[ $demo -eq 1 ]]; then
  say "demo: playing a scenario in 5 s (its output is prefixed [demo]; it is kept in $STATE/logs/demo.log)"
  # An Adyen settlement details report, then a Razorpay settlement recon report of a second scenario.
  ( sleep 5
    { "$ROOT/deploy/local/scenario.sh" adyen || true
      echo "--- a second scenario, settled in a Razorpay settlement recon report ---"
      SCENARIO_JAVA_OPTS="-Dpayhook.provider-api=" "$ROOT/deploy/local/scenario.sh" razorpay
    } 2>&1 | tee "$STATE/logs/demo.log" | sed -u 's/^/[demo] /' ) &
fi

# Run until Ctrl-C or until any process dies, which takes the whole stack down with a message
# (except a process an operator stopped or killed on purpose with deploy/local/service.sh: see
# RUNBOOK.md, RELIABILITY.md).
while true; do
  for i in "${!pids[@]}"; do
    if ! kill -0 "${pids[i]}" 2>/dev/null && [[ ! -e "$STATE/stopped/${names[i]}" ]]; then
      echo "a payhook process (pid ${pids[i]}) exited; see $STATE/logs — stopping the stack" >&2
      exit 1
    fi
  done
  sleep 1
done
