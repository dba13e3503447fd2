#!/usr/bin/env bash
# Stops, starts or kills one process of the running local stack (deploy/local/run.sh): a payhook
# service, e.g. to replay it (deploy/RUNBOOK.md), or the Kafka broker, e.g. for a fault drill
# (RELIABILITY.md). run.sh keeps running and stops a restarted process on Ctrl-C.
#   deploy/local/service.sh stop  ingress|processor|reconciler|collector|kafka   graceful (SIGTERM, then wait)
#   deploy/local/service.sh kill  ingress|processor|reconciler|collector|kafka   SIGKILL: a crash, nothing flushed
#   deploy/local/service.sh start ingress|processor|reconciler|collector|kafka   and wait until it is ready
# processor-2 is a second processor instance (port 8083, its own state): it joins the first one's
# consumer group, takes half the partitions, and queries are forwarded between the two.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE="$ROOT/.payhook-local"
source "$ROOT/deploy/local/service-command.sh"
usage() { echo "usage: $0 stop|kill|start ingress|processor|processor-2|reconciler|collector|kafka" >&2; exit 2; }
action="${1:-}" name="${2:-}" instance=""
case "$name" in
  ingress) port=8080 ;; processor) port=8081 ;; reconciler) port=8082 ;; collector) port=8084 ;; kafka) port=9092 ;;
  processor-2) port=8083 instance=2 ;;
  *) usage ;;
esac
pidfile="$STATE/pids/$name.pid"
running() { [[ -e "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }
ready() {
  if [[ "$name" == kafka ]]; then
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
  else
    curl -fs -o /dev/null "http://localhost:$port/actuator/health/readiness"
  fi
}
case "$action" in
  stop|kill)
    running || { echo "$name is not running"; exit 0; }
    # From now on run.sh no longer watches this process (its exit would take the stack down).
    touch "$STATE/stopped/$name"
    pid="$(cat "$pidfile")"
    if [[ "$action" == kill ]]; then
      kill -9 "$pid"
    else
      kill "$pid" # graceful: the process finishes its work, commits and leaves its consumer group
    fi
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    rm -f "$pidfile"
    echo "$name $([[ "$action" == kill ]] && echo killed || echo stopped)"
    ;;
  start)
    [[ -d "$STATE/stopped" ]] || { echo "the local stack is not running: deploy/local/run.sh" >&2; exit 1; }
    running && { echo "$name is already running"; exit 0; }
    if [[ "$name" == kafka ]]; then
      command="$(kafka_command)" || { echo "Kafka's jars are not built" >&2; exit 1; }
    else
      command="$(service_command "${name%-2}" "$port" $instance)" || { echo "$name is not built" >&2; exit 1; }
    fi
    # shellcheck disable=SC2086 # the command is split into words on purpose
    nohup $command >> "$STATE/logs/$name.log" 2>&1 &
    echo $! > "$pidfile"
    for _ in $(seq 1 240); do
      ready && { echo "$name started (log: $STATE/logs/$name.log)"; exit 0; }
      kill -0 "$(cat "$pidfile")" 2>/dev/null || { echo "$name exited while starting; see $STATE/logs/$name.log" >&2; exit 1; }
      sleep 0.5
    done
    echo "$name not ready after 120s; see $STATE/logs/$name.log" >&2; exit 1
    ;;
  *) usage ;;
esac
