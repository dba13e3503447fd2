# Sourced by run.sh and service.sh: the one command line that runs a payhook service locally.
# service_command <name> <port> prints it (word-split by the caller; no argument has spaces).
service_command() {
  local name="$1" port="$2"
  local jar
  jar="$(ls "$ROOT/$name"/target/"$name"-*-exec.jar 2>/dev/null | head -1 || true)"
  [[ -n "$jar" ]] || return 1
  # The whole heap from the start: with a 128 MB start the ingress ran a young GC every half
  # second at 2,000 webhooks/s (3–13 ms pauses); with 512 MB, every second (2–4 ms). BENCHMARKS.md
  echo java -Xms512m -Xmx512m -jar "$jar" --spring.profiles.active=local \
    --server.port="$port" --spring.kafka.bootstrap-servers=localhost:9092 \
    --spring.kafka.streams.state-dir="$ROOT/.payhook-local/streams/$name"
}
