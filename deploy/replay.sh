#!/usr/bin/env bash
# The operators' replay command (see deploy/RUNBOOK.md). Dry run unless --execute:
#   deploy/replay.sh processor  --from earliest
#   deploy/replay.sh reconciler --from 2026-11-20T09:30:00Z --execute [--bootstrap-servers host:9092]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR=("$ROOT"/tools/replay/target/replay-*-exec.jar)
[[ -e "${JAR[0]}" ]] || (cd "$ROOT" && mvn -B -q -DskipTests package -pl tools/replay -am)
JAR=("$ROOT"/tools/replay/target/replay-*-exec.jar)
exec java -jar "${JAR[0]}" "$@"
