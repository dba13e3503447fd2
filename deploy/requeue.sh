#!/usr/bin/env bash
# Re-publishes quarantined webhooks that the current build now maps (see deploy/RUNBOOK.md).
# Dry run unless --execute. Uses the ingress jar with the local profile's sources.
#   deploy/requeue.sh --from 2026-11-20T00:00:00Z [--until 2026-11-21T00:00:00Z] [--execute] [--bootstrap-servers host:9092]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
args=(--spring.main.web-application-type=none --spring.main.banner-mode=off --spring.profiles.active=local --payhook.topics.create=false)
while [[ $# -gt 0 ]]; do
  case "$1" in
    --from) args+=("--payhook.requeue.from=$2"); shift 2 ;;
    --until) args+=("--payhook.requeue.until=$2"); shift 2 ;;
    --execute) args+=("--payhook.requeue.execute=true"); shift ;;
    --bootstrap-servers) args+=("--spring.kafka.bootstrap-servers=$2"); shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
JAR=("$ROOT"/ingress/target/ingress-*-exec.jar)
[[ -e "${JAR[0]}" ]] || (cd "$ROOT" && mvn -B -q -DskipTests package -pl ingress -am)
JAR=("$ROOT"/ingress/target/ingress-*-exec.jar)
exec java -Xmx256m -Dlogging.level.root=WARN -jar "${JAR[0]}" "${args[@]}"
