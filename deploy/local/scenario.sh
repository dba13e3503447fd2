#!/usr/bin/env bash
# Plays a labelled reconciliation scenario against the running local stack: webhooks for payments
# planted with every discrepancy type (and clean matches), then the provider's settlement report,
# then what the reconciler found next to what was planted.
#   deploy/local/scenario.sh [adyen|stripe|generic|razorpay] [PAYMENTS_PER_PLANT]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SIM="$ROOT/tools/simulator/target"
[[ -d "$SIM/lib" ]] || (cd "$ROOT" && mvn -B -q -DskipTests package -pl tools/simulator -am)
# SCENARIO_JAVA_OPTS: more -D settings (the demo's second report skips the recovery step with
# -Dpayhook.provider-api=).
# shellcheck disable=SC2086
exec java ${SCENARIO_JAVA_OPTS:-} -Dpayhook.reports="$ROOT/.payhook-local/reports" -cp "$SIM/classes:$SIM/lib/*" dev.payhook.simulator.ScenarioRun "$@"
