#!/usr/bin/env bash
# Prints a topic of the local stack from the beginning, with keys: deploy/local/topic.sh payhook.webhooks
# Stops after --timeout-ms of silence (default 5000; pass 0 to follow forever).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
topic="${1:?usage: topic.sh TOPIC [TIMEOUT_MS]}"
timeout="${2:-5000}"
args=(--bootstrap-server localhost:9092 --topic "$topic" --from-beginning
      --formatter-property print.key=true --formatter-property key.separator=' => ')
[[ "$timeout" != 0 ]] && args+=(--timeout-ms "$timeout")
exec java -Dlog4j2.configurationFile="$ROOT/deploy/local/kafka/log4j2.yaml" \
  -cp "$ROOT/deploy/local/broker/target/kafka/libs/*" \
  org.apache.kafka.tools.consumer.ConsoleConsumer "${args[@]}" 2>&1 | grep -v 'TimeoutException\|Processed a total\|Error processing message'
