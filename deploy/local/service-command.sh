# Sourced by run.sh and service.sh: the one command line that runs each local process.
# service_command <name> <port> prints a payhook service's (word-split by the caller; no argument has spaces).
# A third argument runs another instance of the service, with its own state directory.
# PAYHOOK_BUILD_ROOT: run the services' jars of another checkout (compare.sh: a previous build).
# PAYHOOK_JAVA_OPTIONS: more JVM options for every payhook service (compare.sh --head-java-options: a
# setting side by side, e.g. another collector), space-separated, none with a space inside.
# PAYHOOK_JAVA: the java binary for the payhook services (compare.sh --head-java: another runtime side by
# side); the one on the PATH by default. The broker keeps the default.
# PAYHOOK_PROFILE=processor,reconciler: record those services with Java Flight Recorder (CPU samples,
# allocations) into .payhook-local/profiles/<name>-<time>.jfr, written when the service stops
# (`jfr print --events jdk.ExecutionSample <file>` or JDK Mission Control read it).
service_command() {
  local name="$1" port="$2" instance="${3:-}"
  local jar
  jar="$(ls "${PAYHOOK_BUILD_ROOT:-$ROOT}/$name"/target/"$name"-*-exec.jar 2>/dev/null | head -1 || true)"
  [[ -n "$jar" ]] || return 1
  # The whole heap from the start: with a 128 MB start the ingress ran a young GC every half
  # second at 2,000 webhooks/s (3–13 ms pauses); with 512 MB, every second (2–4 ms). BENCHMARKS.md
  # The collector polls a few pages a minute (collector-local.yml: the provider API simulator).
  local heap=512m
  [[ "$name" == collector ]] && heap=256m
  # The Streams services on the throughput collector: 8% less CPU per event and per line than on G1
  # (its write barriers and concurrent threads), their old generation steady at 50–70 MB. The ingress
  # stays on G1: its old generation fills with in-flight requests' garbage, which G1 collects
  # concurrently and the throughput collector only in a full pause. BENCHMARKS.md, "Issue 34, session 20".
  # PAYHOOK_JAVA_OPTIONS naming a collector replaces this choice (the JVM refuses two).
  local gc=""
  [[ "$name" == processor || "$name" == reconciler ]] && [[ "${PAYHOOK_JAVA_OPTIONS:-}" != *-XX:+Use*GC* ]] \
    && gc="-XX:+UseParallelGC"
  local profile=""
  if [[ ",${PAYHOOK_PROFILE:-}," == *",$name${instance:+-$instance},"* ]]; then
    mkdir -p "$ROOT/.payhook-local/profiles"
    profile="-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=$ROOT/.payhook-local/profiles/$name${instance:+-$instance}-$(date -u +%H%M%S).jfr"
  fi
  echo "${PAYHOOK_JAVA:-java}" -Xms$heap -Xmx$heap $gc ${PAYHOOK_JAVA_OPTIONS:-} $profile -jar "$jar" --spring.profiles.active=local \
    --server.port="$port" --spring.kafka.bootstrap-servers=localhost:9092 \
    --spring.kafka.streams.state-dir="$ROOT/.payhook-local/streams/$name${instance:+-$instance}"
}

# provider_api_command prints the provider API simulator's (Stripe's and Razorpay's APIs, for the collector).
provider_api_command() {
  local sim="$ROOT/tools/simulator/target"
  [[ -d "$sim/lib" ]] || return 1
  echo java -Xms32m -Xmx128m -cp "$sim/classes:$sim/lib/*" dev.payhook.simulator.ProviderApiSimulator 8099
}

# kafka_command prints the broker's: Kafka's own kafka.Kafka with the stack's server.properties.
kafka_command() {
  local libs="$ROOT/deploy/local/broker/target/kafka/libs"
  [[ -d "$libs" ]] || return 1
  local classpath
  classpath="$(printf '%s:' "$libs"/*.jar)"
  echo java -Xms256m -Xmx768m -Dlog4j2.configurationFile="$ROOT/deploy/local/kafka/log4j2.yaml" -cp "${classpath%:}" \
    kafka.Kafka "$ROOT/.payhook-local/kafka/server.properties"
}
