#!/usr/bin/env bash
# Stops or starts one payhook service of the running local stack (deploy/local/run.sh), e.g. to
# replay it (deploy/RUNBOOK.md). run.sh keeps running and stops a restarted service on Ctrl-C.
#   deploy/local/service.sh stop processor|reconciler|ingress
#   deploy/local/service.sh start processor|reconciler|ingress
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE="$ROOT/.payhook-local"
source "$ROOT/deploy/local/service-command.sh"
action="${1:-}" name="${2:-}"
case "$name" in
  ingress) port=8080 ;; processor) port=8081 ;; reconciler) port=8082 ;;
  *) echo "usage: $0 stop|start ingress|processor|reconciler" >&2; exit 2 ;;
esac
pidfile="$STATE/pids/$name.pid"
case "$action" in
  stop)
    [[ -e "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null || { echo "$name is not running"; exit 0; }
    # From now on run.sh no longer watches this service (its exit would take the stack down).
    touch "$STATE/stopped/$name"
    pid="$(cat "$pidfile")"
    kill "$pid"
    # Graceful: the service finishes its work, commits and leaves its consumer group.
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    rm -f "$pidfile"
    echo "$name stopped"
    ;;
  start)
    [[ -d "$STATE/stopped" ]] || { echo "the local stack is not running: deploy/local/run.sh" >&2; exit 1; }
    [[ -e "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null && { echo "$name is already running"; exit 0; }
    command="$(service_command "$name" "$port")" || { echo "$name is not built" >&2; exit 1; }
    # shellcheck disable=SC2086 # the command is split into words on purpose
    nohup $command >> "$STATE/logs/$name.log" 2>&1 &
    echo $! > "$pidfile"
    for _ in $(seq 1 240); do
      curl -fs -o /dev/null "http://localhost:$port/actuator/health/readiness" && { echo "$name started (log: $STATE/logs/$name.log)"; exit 0; }
      kill -0 "$(cat "$pidfile")" 2>/dev/null || { echo "$name exited while starting; see $STATE/logs/$name.log" >&2; exit 1; }
      sleep 0.5
    done
    echo "$name not ready after 120s; see $STATE/logs/$name.log" >&2; exit 1
    ;;
  *) echo "usage: $0 stop|start ingress|processor|reconciler" >&2; exit 2 ;;
esac
