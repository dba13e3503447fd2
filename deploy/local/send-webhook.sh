#!/usr/bin/env bash
# Sends one webhook, signed with the provider's own SDK and the local dev secret, to the local ingress.
#   deploy/local/send-webhook.sh SOURCE [TYPE] [PAYMENT_ID] [AMOUNT_MINOR] [CURRENCY]
#   deploy/local/send-webhook.sh stripe payment.captured pi_demo_1 2000 EUR
#   CAPTURE_ID=cap_1 deploy/local/send-webhook.sh adyen payment.captured pay_7 3000 EUR   # one of several captures
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SIM="$ROOT/tools/simulator/target"
[[ -d "$SIM/lib" ]] || (cd "$ROOT" && mvn -B -q -DskipTests package -pl tools/simulator -am)
exec java -cp "$SIM/classes:$SIM/lib/*" dev.payhook.simulator.SendWebhook "$@"
