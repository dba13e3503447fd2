#!/usr/bin/env bash
# Fault drills on the running local stack (deploy/local/run.sh): an open-model load with the
# zero-loss audit while a fault is injected through deploy/local/service.sh. Prints the answers
# second by second around the fault and a summary row per drill (RELIABILITY.md keeps them).
#   deploy/local/chaos.sh broker-kill|processor-kill|reconciler-kill|ingress-restart|ingress-kill|duplicate-storm|processor-join-leave|all
#                         [--rate 300] [--seconds 60] [--fault-at 20] [--down 10]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SIM="$ROOT/tools/simulator/target"
[[ -d "$SIM/lib" ]] || (cd "$ROOT" && mvn -B -q -DskipTests package -pl tools/simulator -am)
exec java -Xmx1g -Dpayhook.root="$ROOT" -cp "$SIM/classes:$SIM/lib/*" dev.payhook.simulator.FaultDrill "$@"
