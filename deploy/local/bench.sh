#!/usr/bin/env bash
# The processor and reconciler benchmarks on the running local stack (see PipelineBench):
# processor events/s with exactly-once, then 1,000,000 settlement lines uploaded and matched.
# It stops and restarts the processor and reconciler (deploy/local/service.sh) on its way.
#   deploy/local/bench.sh [--payments 1000000]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SIM="$ROOT/tools/simulator/target"
[[ -d "$SIM/lib" ]] || (cd "$ROOT" && mvn -B -q -DskipTests package -pl tools/simulator -am)
exec java -Xmx4g -cp "$SIM/classes:$SIM/lib/*" dev.payhook.simulator.PipelineBench --root "$ROOT" "$@"
