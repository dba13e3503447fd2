#!/usr/bin/env bash
# Open-model load against the running local stack, then an audit of the pipeline (see SurgeLoad).
#   deploy/local/load.sh [--rate 1000] [--seconds 60] [--surge-rate 10000] [--surge-at 15] [--surge-seconds 30] [--source standard] [--windows 10]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SIM="$ROOT/tools/simulator/target"
[[ -d "$SIM/lib" ]] || (cd "$ROOT" && mvn -B -q -DskipTests package -pl tools/simulator -am)
exec java -Xmx2g -Dpayhook.root="$ROOT" -cp "$SIM/classes:$SIM/lib/*" dev.payhook.simulator.SurgeLoad "$@"
